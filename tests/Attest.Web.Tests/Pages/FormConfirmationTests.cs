using System.Net;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using static Attest.Web.Tests.Support.PageForms;

namespace Attest.Web.Tests.Pages;

/// <summary>Forms say what they saved, and the register form makes a slug from the name when none is typed.</summary>
public sealed class FormConfirmationTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_without_a_slug_makes_one_from_the_name_and_the_system_page_confirms_it()
    {
        var lead = await _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "lead", Roles = ["governance_lead"] }, CallerIdentity.Attest, Ct)).Value!);
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "Claims Triage (Übersee)",
            ["Form.Slug"] = "",
            ["Form.Purpose"] = "Routes claims to handler teams.",
            ["Form.BusinessOwner"] = "Ana Souza",
            ["Form.TechnicalOwner"] = "Tom Weber",
            ["Form.BusinessUnit"] = "Claims",
            ["Form.Stage"] = "proposed",
        };

        var (response, html) = await PostAsync(_client, "/systems/new", "system", fields, lead.Secret, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html = WebUtility.HtmlDecode(html);
        html.ShouldContain("<h1>Claims Triage (Übersee)</h1>");
        html.ShouldContain("Registered. The system is in the inventory; next, answer its intake so Attest can classify it.");
        (await GetAsync(_client, "/api/v1/systems/claims-triage-ubersee", lead.Secret, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
