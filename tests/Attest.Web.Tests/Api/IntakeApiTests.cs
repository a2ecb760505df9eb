using System.Net;
using System.Net.Http.Headers;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>The intake, classification, controls and compliance-matrix endpoints over real HTTP.</summary>
public sealed class IntakeApiTests : IAsyncLifetime
{
    private const string ResumeScreener = Json.ResumeScreenerIntake;

    private readonly AttestWebFactory _factory = new();
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PutAsync(string url, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json.Body(json) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return _client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task I_can_put_intake_answers_and_get_the_classification_with_cited_reasons()
    {
        var response = await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.ReadAsync();
        body["effective_class"]!.GetValue<string>().ShouldBe("high_risk");
        body["tier"]!.GetValue<string>().ShouldBe("high");
        body["intake_version"]!.GetValue<int>().ShouldBe(1);
        body["computed"]!["eu_ai_act"]!["basis"]!.AsArray().Select(b => b!.GetValue<string>()).ShouldBe(["Art 6(2)", "Annex III.4(a)"]);
        body["computed"]!["required_controls"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldContain("ATT-RISK-01");
        body["calendar"]!["name"]!.GetValue<string>().ShouldBe("eu-ai-act");
        body["calendar"]!["verified"]!.GetValue<bool>().ShouldBeTrue();

        var classification = await (await _client.GetAsync("/api/v1/systems/resume-screening/classification", Ct)).ReadAsync();
        classification["computed"]!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldContain(r => r.Contains("(Art 6(2))"));
        var intake = await (await _client.GetAsync("/api/v1/systems/resume-screening/intake", Ct)).ReadAsync();
        intake["versions"]!.AsArray().Count.ShouldBe(1);
        intake["answers"]!["operator_role"]!.GetValue<string>().ShouldBe("provider");
        var system = await (await _client.GetAsync("/api/v1/systems/resume-screening", Ct)).ReadAsync();
        system["eu_ai_act_class"]!.GetValue<string>().ShouldBe("high_risk");
    }

    [Fact]
    public async Task Re_answering_adds_a_version_listed_by_the_API_and_on_the_system_page()
    {
        await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener);
        var second = await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener.Replace("\"external\"", "\"internal\""));

        (await second.ReadAsync())["intake_version"]!.GetValue<int>().ShouldBe(2);
        var intake = await (await _client.GetAsync("/api/v1/systems/resume-screening/intake", Ct)).ReadAsync();
        intake["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()).ShouldBe([2, 1]);
        intake["answers"]!["deployment"]!.GetValue<string>().ShouldBe("internal");
        (await _client.GetStringAsync("/systems/resume-screening", Ct)).ShouldContain("Intake history (2 versions)");
    }

    [Fact]
    public async Task Answers_left_out_or_unknown_give_an_incomplete_classification_listed_with_its_questions()
    {
        var response = await PutAsync("/api/v1/systems/resume-screening/intake",
            ResumeScreener.Replace("\"profiling\": \"yes\"", "\"profiling\": \"unknown\"", StringComparison.Ordinal)
                .Replace("\"deployment\": \"external\",", "", StringComparison.Ordinal));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.ReadAsync();
        body["status"]!.GetValue<string>().ShouldBe("incomplete");
        body["effective_class"]!.GetValue<string>().ShouldBe("incomplete");
        body["tier"].ShouldBeNull();
        body["required_controls"]!.AsArray().ShouldBeEmpty();
        body["missing"]!.AsArray().Select(m => (m!["key"]!.GetValue<string>(), m["state"]!.GetValue<string>()))
            .ShouldBe([("art_6_3_exemption", "unanswered"), ("profiling", "unknown"), ("deployment", "unanswered")]);
        var system = await (await _client.GetAsync("/api/v1/systems/resume-screening", Ct)).ReadAsync();
        system["eu_ai_act_class"]!.GetValue<string>().ShouldBe("incomplete");

        var incomplete = (await (await _client.GetAsync("/api/v1/classifications/incomplete", Ct)).ReadAsync()).AsArray();
        var listed = incomplete.ShouldHaveSingleItem()!;
        listed["system_slug"]!.GetValue<string>().ShouldBe("resume-screening");
        listed["missing"]!.AsArray().Select(m => m!["question"]!.GetValue<string>()).ShouldAllBe(q => q.Length > 0 && !q.Contains('_'));
        var filtered = await (await _client.GetAsync("/api/v1/systems?eu_ai_act_class=incomplete", Ct)).ReadAsync();
        filtered["items"]!.AsArray().Select(s => s!["slug"]!.GetValue<string>()).ShouldBe(["resume-screening"]);
        var page = await _client.GetStringAsync("/systems", Ct);
        page.ShouldContain("3 questions to answer");

        // Answering them takes the system off the list and gives it a class.
        (await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await _client.GetAsync("/api/v1/classifications/incomplete", Ct)).ReadAsync()).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_incomplete_classification_cannot_be_overridden()
    {
        await PutAsync("/api/v1/systems/resume-screening/intake", """{ "name": "Resume screening assistant" }""");

        var refused = await _client.PostJsonAsync("/api/v1/systems/resume-screening/classification/override",
            """{ "class": "minimal_risk", "justification": "Legal opinion LO-2026-14: used only in a sandbox exercise." }""");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadAsync())["detail"]!.GetValue<string>().ShouldContain("has an incomplete classification");
    }

    [Fact]
    public async Task Invalid_answers_are_a_400_problem_naming_the_key()
    {
        var response = await PutAsync("/api/v1/systems/resume-screening/intake", """{ "name": "x", "annex_iii": ["III.9(a)"] }""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadAsync();
        problem["errors"]!["annex_iii[0]"]![0]!.GetValue<string>().ShouldStartWith("\"III.9(a)\" is not an Annex III point; expected one of III.1(a)");
    }

    [Fact]
    public async Task Unknown_systems_are_a_404_problem()
    {
        var put = await PutAsync("/api/v1/systems/no-such-system/intake", ResumeScreener);
        var get = await _client.GetAsync("/api/v1/systems/no-such-system/controls", Ct);

        put.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await put.ReadAsync())["detail"]!.GetValue<string>().ShouldBe("No AI system 'no-such-system'.");
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_override_needs_a_justification_and_is_shown_beside_the_computed_class()
    {
        await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener);

        var refused = await _client.PostJsonAsync("/api/v1/systems/resume-screening/classification/override", """{ "class": "minimal_risk" }""");
        var accepted = await _client.PostJsonAsync("/api/v1/systems/resume-screening/classification/override",
            """{ "class": "limited_risk", "justification": "Legal opinion LO-2026-14: used only in a sandbox exercise." }""");

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadAsync())["errors"]!["justification"]![0]!.GetValue<string>().ShouldBe("an override needs a justification of at least 20 characters");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await accepted.ReadAsync();
        body["effective_class"]!.GetValue<string>().ShouldBe("limited_risk");
        body["computed"]!["eu_ai_act"]!["class"]!.GetValue<string>().ShouldBe("high_risk");
        body["override"]!["justification"]!.GetValue<string>().ShouldBe("Legal opinion LO-2026-14: used only in a sandbox exercise.");
    }

    [Fact]
    public async Task I_can_set_a_control_status_and_unknown_or_not_required_controls_are_problems()
    {
        await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener);

        var set = await PutAsync("/api/v1/systems/resume-screening/controls/ATT-RISK-01", """{ "status": "satisfied", "note": "RR-12" }""");
        var stale = await PutAsync("/api/v1/systems/resume-screening/controls/ATT-RISK-01", """{ "status": "waived" }""", ifMatch: "\"0\"");
        var unknown = await PutAsync("/api/v1/systems/resume-screening/controls/ATT-NOPE-99", """{ "status": "satisfied" }""");
        var notRequired = await PutAsync("/api/v1/systems/resume-screening/controls/ATT-GPAI-01", """{ "status": "satisfied" }""");
        var badStatus = await PutAsync("/api/v1/systems/resume-screening/controls/ATT-RISK-01", """{ "status": "done" }""");

        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        set.Headers.ETag!.Tag.ShouldBe("\"1\"");
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.ReadAsync())["detail"]!.GetValue<string>().ShouldBe("No control 'ATT-NOPE-99' in the control library.");
        notRequired.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badStatus.ReadAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["status"]);

        var controls = await (await _client.GetAsync("/api/v1/systems/resume-screening/controls", Ct)).ReadAsync();
        var risk = controls["controls"]!.AsArray().Single(c => c!["control_id"]!.GetValue<string>() == "ATT-RISK-01")!;
        risk["status"]!.GetValue<string>().ShouldBe("satisfied");
        risk["note"]!.GetValue<string>().ShouldBe("RR-12");
        var euAiAct = controls["frameworks"]!.AsArray().Single(f => f!["framework"]!.GetValue<string>() == "eu-ai-act")!;
        euAiAct["coverage"]!.AsArray().Select(c => c!["summary"]!.GetValue<string>())
            .ShouldContain("EU AI Act Art 9 Risk management system: 1 of 1 control satisfied");
    }

    [Fact]
    public async Task The_compliance_matrix_exports_as_CSV_by_query_or_by_Accept_header()
    {
        await PutAsync("/api/v1/systems/resume-screening/intake", ResumeScreener);
        await PutAsync("/api/v1/systems/resume-screening/controls/ATT-RISK-01", """{ "status": "in_progress" }""");

        var json = await (await _client.GetAsync("/api/v1/compliance-matrix", Ct)).ReadAsync();
        var byQuery = await _client.GetAsync("/api/v1/compliance-matrix?format=csv", Ct);
        var byAccept = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/compliance-matrix") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/csv") } } }, Ct);

        json["systems"]![0]!["statuses"]!["ATT-RISK-01"]!.GetValue<string>().ShouldBe("in_progress");
        byQuery.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var csv = await byQuery.Content.ReadAsStringAsync(Ct);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("system,system_name,eu_ai_act_class,tier,control,control_title,status,requirements");
        lines.Length.ShouldBe(1 + json["controls"]!.AsArray().Count);
        // Json.SystemJson names the system "Résumé screening assistant" (a comma-free name is written unquoted).
        lines.ShouldContain(l => l.StartsWith("resume-screening,", StringComparison.Ordinal) && l.Contains(",ATT-RISK-01,Risk management system,in_progress,eu-ai-act:art-9 ", StringComparison.Ordinal));
        (await byAccept.Content.ReadAsStringAsync(Ct)).ShouldBe(csv);
    }

    [Fact]
    public async Task The_control_library_is_served_with_its_version()
    {
        var library = await (await _client.GetAsync("/api/v1/controls", Ct)).ReadAsync();

        library["version"]!.GetValue<string>().ShouldStartWith("attest-controls ");
        library["content_hash"]!.GetValue<string>().ShouldStartWith("sha256:");
        // docs/controls.md: 60 shipped controls; four framework packs.
        library["controls"]!.AsArray().Count.ShouldBe(60);
        library["frameworks"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).Order().ShouldBe(["eu-ai-act", "iso42001", "nist-ai-rmf", "owasp-llm-2025"]);
    }
}
