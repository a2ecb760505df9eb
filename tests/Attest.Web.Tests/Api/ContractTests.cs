using System.Net;
using System.Text.Json.Nodes;
using Attest.Web.Api;
using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Api;

public sealed class ContractTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The committed OpenAPI document is the API's contract: a change to it shows up in review.</summary>
    [Fact]
    public async Task The_OpenAPI_document_matches_the_committed_contract()
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var actual = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.ToJsonString(new() { WriteIndented = true }) + "\n";

        var approved = Path.Combine(RepositoryRoot(), "docs", "api", "openapi-v1.json");
        var received = Path.ChangeExtension(approved, ".received.json");
        if (!File.Exists(approved) || await File.ReadAllTextAsync(approved, Ct) != actual)
        {
            await File.WriteAllTextAsync(received, actual, Ct);
            Assert.Fail($"The OpenAPI document changed. Review {received} and, if intended, copy it over {approved}.");
        }
        File.Delete(received);
    }

    [Fact]
    public void Every_API_endpoint_declares_the_permission_it_requires()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true).ToList();

        endpoints.Count.ShouldBeGreaterThan(10);
        endpoints.Where(e => e.Metadata.GetMetadata<RequiredPermission>() is null).Select(e => e.DisplayName).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_demo_portfolio_is_served_with_counts_by_stage_and_tier()
    {
        using var client = app.Factory.CreateClient();

        var portfolio = await (await client.GetAsync("/api/v1/portfolio", Ct)).ReadAsync();
        var systems = await (await client.GetAsync("/api/v1/systems?page_size=100", Ct)).ReadAsync();

        portfolio["systems"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(12);
        portfolio["by_stage"]!.AsObject().Sum(kv => kv.Value!.GetValue<int>()).ShouldBe(portfolio["systems"]!.GetValue<int>());
        portfolio["by_tier"]!["critical"].ShouldNotBeNull();
        systems["total"]!.GetValue<int>().ShouldBe(portfolio["systems"]!.GetValue<int>());
        systems["items"]!.AsArray().Select(s => s!["slug"]!.GetValue<string>()).ShouldContain("credit-scoring");
        var first = systems["items"]![0]!.AsObject();
        first.Select(kv => kv.Key).ShouldContain("id");
        first.Select(kv => kv.Key).ShouldContain("stage");
    }

    [Fact]
    public async Task A_freshly_seeded_demo_starts_with_a_signed_checkpoint()
    {
        using var client = app.Factory.CreateClient();

        var latest = await client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct);

        latest.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await latest.ReadAsync())["tree_size"]!.GetValue<long>().ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData("/", "AI portfolio")]
    [InlineData("/systems", "AI systems")]
    [InlineData("/systems?stage=deployed", "Consumer credit scoring")]
    [InlineData("/systems/credit-scoring", "Model versions")]
    [InlineData("/systems/credit-scoring/edit", "Save changes")]
    [InlineData("/systems/new", "Register an AI system")]
    [InlineData("/systems/credit-scoring/models/new", "Add a model version")]
    [InlineData("/systems/credit-scoring/deployments/new", "Record a deployment")]
    [InlineData("/datasets", "Datasets")]
    [InlineData("/datasets/new", "Register a dataset")]
    [InlineData("/systems/credit-scoring/intake", "Does the EU AI Act apply?")]
    [InlineData("/systems/credit-scoring", "Annex III.5(b)")]
    [InlineData("/systems/credit-scoring/controls", "EU AI Act Art 9 Risk management system: 1 of 1 control satisfied")]
    [InlineData("/compliance", "Compliance matrix")]
    public async Task Every_page_renders(string path, string expected)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(expected);
    }

    [Fact]
    public async Task A_form_post_without_an_antiforgery_token_is_refused()
    {
        using var client = app.Factory.CreateClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "system", ["Form.Name"] = "x" });

        var response = await client.PostAsync("/systems/new", form, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Attest.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
