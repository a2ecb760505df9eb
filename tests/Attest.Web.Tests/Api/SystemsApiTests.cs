using System.Net;
using System.Net.Http.Headers;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

public sealed class SystemsApiTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new();
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_is_ok_when_the_database_answers()
    {
        var response = await _client.GetAsync("/health", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Directory.Exists(_factory.DataDirectory).ShouldBeTrue("the app uses the configured data directory");
    }

    [Fact]
    public async Task I_can_register_read_update_and_delete_a_system()
    {
        var created = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson());
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe("/api/v1/systems/resume-screening");
        created.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var body = await created.ReadAsync();
        body["stage"]!.GetValue<string>().ShouldBe("proposed");
        body["jurisdictions"]!.AsArray().Select(j => j!.GetValue<string>()).ShouldBe(["EU", "US-NY"]);
        var id = body["id"]!.GetValue<string>();

        var byId = await _client.GetAsync($"/api/v1/systems/{id}", Ct);
        byId.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await byId.ReadAsync())["slug"]!.GetValue<string>().ShouldBe("resume-screening");

        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/systems/resume-screening") { Content = Json.Body(Json.SystemJson(extra: ", \"stage\": \"in_development\"")) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var updated = await _client.SendAsync(put, Ct);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updated.Headers.ETag!.Tag.ShouldBe("\"2\"");
        (await updated.ReadAsync())["stage"]!.GetValue<string>().ShouldBe("in_development");

        var list = await (await _client.GetAsync("/api/v1/systems?stage=in_development", Ct)).ReadAsync();
        list["total"]!.GetValue<int>().ShouldBe(1);
        list["items"]![0]!["slug"]!.GetValue<string>().ShouldBe("resume-screening");

        (await _client.DeleteAsync("/api/v1/systems/resume-screening", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.GetAsync("/api/v1/systems/resume-screening", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_If_Match_gets_412_and_a_malformed_one_400()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).EnsureSuccessStatusCode();
        var first = new HttpRequestMessage(HttpMethod.Put, "/api/v1/systems/resume-screening") { Content = Json.Body(Json.SystemJson()) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        (await _client.SendAsync(first, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/systems/resume-screening") { Content = Json.Body(Json.SystemJson()) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var staleResponse = await _client.SendAsync(stale, Ct);
        staleResponse.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        staleResponse.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var malformed = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/systems/resume-screening");
        malformed.Headers.TryAddWithoutValidation("If-Match", "yesterday");
        (await _client.SendAsync(malformed, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("unknown field", ", \"colour\": \"blue\"", "colour")]
    [InlineData("wrong type", ", \"jurisdictions\": \"EU\"", "jurisdictions")]
    [InlineData("unknown enum value", ", \"stage\": \"launched\"", "stage")]
    [InlineData("bad URL", ", \"links\": [{\"title\": \"x\", \"url\": \"not a url\"}]", "links[0].url")]
    public async Task Bad_fields_get_a_problem_naming_the_field(string _, string extra, string field)
    {
        var response = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson(extra: extra));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadAsync();
        problem["status"]!.GetValue<int>().ShouldBe(400);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(field);
        (await (await _client.GetAsync("/api/v1/systems", Ct)).ReadAsync())["total"]!.GetValue<int>().ShouldBe(0, "nothing was written");
    }

    [Fact]
    public async Task An_unknown_enum_value_is_answered_with_the_allowed_values()
    {
        var response = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson(extra: ", \"stage\": \"launched\""));

        (await response.ReadAsync())["detail"]!.GetValue<string>().ShouldBe(
            "Field 'stage' must be one of: proposed | in_development | in_review | approved | deployed | monitoring | retired.");
    }

    [Fact]
    public async Task Missing_required_fields_are_each_named()
    {
        var response = await _client.PostJsonAsync("/api/v1/systems", """{"slug": "x"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        errors.ShouldBe(["name", "purpose", "business_owner", "technical_owner", "business_unit"], ignoreOrder: true);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem_not_a_500()
    {
        var response = await _client.PostJsonAsync("/api/v1/systems", """{"slug": "x", """);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadAsync();
        problem["title"]!.GetValue<string>().ShouldBe("Malformed request body");
        problem.ToJsonString().ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_duplicate_slug_is_a_409_problem()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).EnsureSuccessStatusCode();

        var response = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson());

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadAsync())["errors"]!["slug"].ShouldNotBeNull();
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        var huge = Json.SystemJson(extra: $", \"intended_use\": \"{new string('x', 2 * 1024 * 1024)}\"");

        var response = await _client.PostJsonAsync("/api/v1/systems", huge);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Unknown_systems_and_bad_filters_are_problems()
    {
        var missing = await _client.GetAsync("/api/v1/systems/nope", Ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.ReadAsync())["detail"]!.GetValue<string>().ShouldContain("nope");

        var badStage = await _client.GetAsync("/api/v1/systems?stage=launched", Ct);
        badStage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badStage.ReadAsync())["errors"]!["stage"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Models_datasets_and_deployments_link_by_id_and_dangling_references_are_refused()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).EnsureSuccessStatusCode();
        (await _client.PostJsonAsync("/api/v1/datasets", """{"slug":"cvs","name":"CVs","source":"ATS","owner":"Dana","personal_data_classes":["employment_history"],"legal_basis":"legitimate_interests"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var model = await _client.PostJsonAsync("/api/v1/systems/resume-screening/models", """{"name":"ranker","version":"1.0.0","kind":"predictive","provider":"in_house","training_datasets":["cvs"],"config":{"max_depth":6,"objective":"rank"}}""");
        model.StatusCode.ShouldBe(HttpStatusCode.Created);
        var modelId = (await model.ReadAsync())["id"]!.GetValue<string>();

        var dangling = await _client.PostJsonAsync("/api/v1/systems/resume-screening/deployments", """{"model_version":"ghost@1","environment":"production","region":"eu-west-1"}""");
        dangling.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dangling.ReadAsync())["errors"]!["model_version"].ShouldNotBeNull();

        var deployment = await _client.PostJsonAsync("/api/v1/systems/resume-screening/deployments", $$"""{"model_version":"{{modelId}}","environment":"production","region":"eu-west-1","deployed_on":"2026-02-01","status":"active"}""");
        deployment.StatusCode.ShouldBe(HttpStatusCode.Created);

        var usage = await (await _client.GetAsync("/api/v1/datasets/cvs/usage", Ct)).ReadAsync();
        usage["used_by"]![0]!["system_slug"]!.GetValue<string>().ShouldBe("resume-screening");
        var system = await (await _client.GetAsync("/api/v1/systems/resume-screening", Ct)).ReadAsync();
        system["models"]![0]!["config"]!["max_depth"]!.GetValue<int>().ShouldBe(6);
        system["deployments"]![0]!["model"]!.GetValue<string>().ShouldBe("ranker@1.0.0");
        system["datasets"]![0]!["slug"]!.GetValue<string>().ShouldBe("cvs");
    }

    [Fact]
    public async Task Every_change_is_on_the_ledger_in_order()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).EnsureSuccessStatusCode();
        var id = (await (await _client.GetAsync("/api/v1/systems/resume-screening", Ct)).ReadAsync())["id"]!.GetValue<string>();
        (await _client.PostJsonAsync("/api/v1/systems/resume-screening/models", """{"name":"ranker","version":"1","kind":"predictive","provider":"in_house"}""")).EnsureSuccessStatusCode();

        var ledger = await (await _client.GetAsync($"/api/v1/ledger?subject=system:{id}", Ct)).ReadAsync();

        var items = ledger["items"]!.AsArray();
        items.Select(i => i!["action"]!.GetValue<string>()).ShouldBe(["system.registered", "model_version.registered"]);
        items[1]!["prev_hash"]!.GetValue<string>().ShouldBe(items[0]!["hash"]!.GetValue<string>());
        items[0]!["actor"]!.GetValue<string>().ShouldBe("setup:local-admin", "a fresh install serves loopback callers as the setup administrator");
    }
}
