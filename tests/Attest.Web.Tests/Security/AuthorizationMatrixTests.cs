using Attest.Web.Api;
using Attest.Web.Security;
using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Security;

public sealed class AuthorizationMatrixTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public void Every_endpoint_is_covered_by_the_authorization_matrix()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true).ToList();

        var uncovered = endpoints
            .Where(e => e.Metadata.GetMetadata<RequiredPermission>() is not { } p || !AuthorizationMatrix.IsKnown(p.Name))
            .Select(e => e.DisplayName).ToList();

        uncovered.ShouldBeEmpty();
    }

    [Fact]
    public void The_matrix_names_only_real_roles() => AuthorizationMatrix.UnknownRoles().ShouldBeEmpty();

    [Theory]
    [InlineData(Permissions.InventoryRead, "auditor", true)]
    [InlineData(Permissions.InventoryWrite, "auditor", false)]
    [InlineData(Permissions.LedgerRead, "auditor", true)]
    [InlineData(Permissions.InventoryRead, "service", false)]
    [InlineData(Permissions.InventoryDelete, "product_owner", false)]
    [InlineData(Permissions.KeysManage, "governance_lead", false)]
    [InlineData(Permissions.KeysManage, "admin", true)]
    [InlineData(Permissions.IntakeWrite, "product_owner", true)]
    [InlineData(Permissions.ClassificationOverride, "product_owner", false)]
    [InlineData(Permissions.ClassificationOverride, "governance_lead", true)]
    [InlineData(Permissions.ControlsRead, "auditor", true)]
    [InlineData(Permissions.ControlsWrite, "auditor", false)]
    public void Roles_hold_the_permissions_the_matrix_gives_them(string permission, string role, bool allowed) =>
        AuthorizationMatrix.Allows(permission, [role]).ShouldBe(allowed);
}
