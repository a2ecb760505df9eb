using System.Net;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

public sealed class RiskPagesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/systems/credit-scoring/risks", "Risk register (3, 2 open)")]
    [InlineData("/systems/credit-scoring/risks", "Record a risk")]
    [InlineData("/systems/credit-scoring/risks", "Report an incident")]
    [InlineData("/systems/credit-scoring", "Risks &amp; incidents")]
    [InlineData("/systems/no-such-system/risks", "<h1>Not found</h1>")]
    public async Task The_risks_and_incidents_page_renders_and_is_linked_from_the_system(string path, string expected)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(expected);
    }
}
