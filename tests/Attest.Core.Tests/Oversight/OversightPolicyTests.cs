using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>Oversight policies as data: proposed, put in force by a second person, versioned, and checked line by line.</summary>
public sealed class OversightPolicyTests : IAsyncLifetime
{
    private OversightScenario _s = null!;

    public async ValueTask InitializeAsync() => _s = await OversightScenario.CreateAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Result<ProposedPolicyDto>> ProposeAsync(string text, CallerIdentity? by = null, bool yaml = true) =>
        _s.Db.Get<ProposeOversightPolicy>().ExecuteAsync(OversightScenario.Slug, text, yaml, "request body", by ?? Actors.Dana, Ct);

    private Task<Result<ApprovedPolicyDto>> ApproveAsync(int version, CallerIdentity by) =>
        _s.Db.Get<ApproveOversightPolicy>().ExecuteAsync(OversightScenario.Slug, version, by, Ct);

    [Fact]
    public async Task A_proposed_policy_is_in_force_only_after_a_second_person_approves_it()
    {
        var proposed = await ProposeAsync(OversightScenario.Policy);
        proposed.IsOk.ShouldBeTrue(proposed.Message);
        (proposed.Value!.Version, proposed.Value.Status, proposed.Value.Sha256.Length).ShouldBe((1, PolicyStatus.Proposed, 64));
        (await _s.Db.Get<GetOversightPolicy>().ExecuteAsync(OversightScenario.Slug, Ct)).Value!.InForce.ShouldBeNull();

        var own = await ApproveAsync(1, Actors.Dana);
        own.Kind.ShouldBe(ResultKind.Forbidden);
        own.Message!.ShouldContain("never by its author");

        var approved = await ApproveAsync(1, OversightScenario.Rita);
        approved.IsOk.ShouldBeTrue(approved.Message);
        approved.Value!.Status.ShouldBe(PolicyStatus.InForce);
        (await ApproveAsync(1, OversightScenario.Gus)).Kind.ShouldBe(ResultKind.Conflict);

        var view = (await _s.Db.Get<GetOversightPolicy>().ExecuteAsync(OversightScenario.Slug, Ct)).Value!;
        view.InForce!.Version.ShouldBe(1);
        view.InForce.ApprovedBy.ShouldBe("user:rita");
        view.InForce.Document.GetProperty("rules").GetArrayLength().ShouldBe(3);
        await using var db = _s.Db.NewContext();
        (await db.Ledger.Where(e => e.Action.StartsWith("oversight_policy.")).OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct))
            .ShouldBe(["oversight_policy.proposed", "oversight_policy.approved"]);
    }

    [Fact]
    public async Task A_threshold_change_of_a_high_risk_systems_policy_is_material_and_takes_a_governance_lead()
    {
        await _s.PolicyInForceAsync();
        var looser = OversightScenario.Policy.Replace("confidence_below: 0.8", "confidence_below: 0.6", StringComparison.Ordinal);
        var proposed = (await ProposeAsync(looser)).Value!;
        proposed.Version.ShouldBe(2);
        proposed.Material.ShouldBeTrue("résumé screening is high tier");
        proposed.Changes.ShouldBe(["rule low-confidence: confidence_below 0.8 → 0.6"]);

        var byReviewer = await ApproveAsync(2, OversightScenario.Rita);
        byReviewer.Kind.ShouldBe(ResultKind.Forbidden);
        byReviewer.Message!.ShouldContain("governance lead");
        var byLead = await ApproveAsync(2, OversightScenario.Gus);
        byLead.IsOk.ShouldBeTrue(byLead.Message);
        byLead.Value!.SupersededVersion.ShouldBe(1);
        var versions = (await _s.Db.Get<GetOversightPolicy>().ExecuteAsync(OversightScenario.Slug, Ct)).Value!.Versions;
        versions.Select(v => (v.Version, v.Status)).ShouldBe([(2, PolicyStatus.InForce), (1, PolicyStatus.Superseded)]);
    }

    [Fact]
    public async Task The_same_policy_again_or_a_newer_proposal_are_handled_as_people_expect()
    {
        await _s.PolicyInForceAsync();
        (await ProposeAsync(OversightScenario.Policy)).Kind.ShouldBe(ResultKind.Conflict);
        var reformatted = """
            {"format": "attest.oversight-policy/v1", "controls": ["ATT-OVS-01"],
             "rules": [{"id": "low-confidence", "when": {"confidence_below": 0.8}, "sla": "240m", "priority": "high"},
                       {"id": "rejections", "when": {"output_in": ["reject"]}, "sla": "1d"},
                       {"id": "ungoverned", "when": {"ungoverned": true}, "sla": "2d"}]}
            """;
        (await ProposeAsync(reformatted, yaml: false)).Kind.ShouldBe(ResultKind.Conflict, "the same policy in JSON, with 240m for 4h, is the same document");
        (await ProposeAsync(OversightScenario.Policy.Replace("sla: 1d", "sla: 2d", StringComparison.Ordinal))).Value!.Version.ShouldBe(2);
        (await ProposeAsync(OversightScenario.Policy.Replace("sla: 1d", "sla: 3d", StringComparison.Ordinal))).Value!.Version.ShouldBe(3);
        var superseded = await ApproveAsync(2, OversightScenario.Gus);
        superseded.Kind.ShouldBe(ResultKind.Conflict);
        superseded.Message!.ShouldContain("superseded");
    }

    [Theory]
    [InlineData("when: { confidence_over: 0.8 }", "rules[0].when.confidence_over", "request body:5: unknown condition")]
    [InlineData("when: { sample_rate: -0.1 }", "rules[0].when.sample_rate", "request body:5: a sample rate is a number from 0 to 1, got -0.1")]
    [InlineData("when: { sample_rate: 1.5 }", "rules[0].when.sample_rate", "a sample rate is a number from 0 to 1")]
    [InlineData("when: { confidence_below: high }", "rules[0].when.confidence_below", "expected a confidence threshold")]
    [InlineData("when: { feature_outside: { income: [10, 0] } }", "rules[0].when.feature_outside.income", "minimum 10 is above its maximum 0")]
    [InlineData("when: {}", "rules[0].when", "names no condition")]
    public async Task A_bad_rule_is_named_by_line_and_field(string when, string field, string problem)
    {
        var text = $"""
            format: attest.oversight-policy/v1
            controls: [ATT-OVS-01]
            rules:
              - id: first
                {when}
                sla: 4h
            """;
        var result = await ProposeAsync(text);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors.Keys.ShouldContain(field);
        result.Errors[field][0].ShouldContain(problem);
        (await _s.CountAsync(db => db.OversightPolicies)).ShouldBe(0, "nothing is written");
    }

    [Fact]
    public async Task An_SLA_that_is_not_a_duration_a_duplicate_rule_id_and_an_unknown_control_are_all_reported()
    {
        var text = """
            format: attest.oversight-policy/v1
            controls: [ATT-OVS-01, ATT-NOPE-99]
            rules:
              - id: low-confidence
                when: { confidence_below: 0.8 }
                sla: soon
              - id: low-confidence
                when: { output_in: [reject] }
                sla: 1d
                route: auto
            """;
        var result = await ProposeAsync(text);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors["rules[0].sla"][0].ShouldBe("request body:6: expected a duration such as 30m, 4h, 2d or 1d12h (at most a year), got \"soon\"");
        result.Errors["rules[1].id"][0].ShouldBe("request body:7: duplicate rule id 'low-confidence' (first at line 4)");
        result.Errors["rules[1].route"][0].ShouldContain("expected human_review");
        result.Errors["controls[1]"][0].ShouldContain("unknown control 'ATT-NOPE-99'");
    }

    [Fact]
    public async Task A_JSON_policy_with_an_unknown_key_is_refused_with_its_line()
    {
        var result = await ProposeAsync("""
            {
              "format": "attest.oversight-policy/v1",
              "rules": [],
              "stores_inputs": true
            }
            """, yaml: false);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors["stores_inputs"][0].ShouldStartWith("request body:4: unknown key");
    }
}

/// <summary>The policy templates in docs/examples read without problems and put an ungoverned model version before a person.</summary>
public sealed class DocumentedPolicyTests
{
    [Theory]
    [InlineData("docs/examples/credit-scoring.oversight-policy.yaml", true, 6)]
    [InlineData("docs/examples/resume-screening.oversight-policy.json", false, 4)]
    public void The_documented_policy_templates_are_valid(string file, bool yaml, int rules)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Attest.slnx"))) root = Path.GetDirectoryName(root)!;
        var errors = new List<Attest.Core.DataFiles.DataError>();
        var policy = OversightPolicyReader.Read(File.ReadAllText(Path.Combine(root, file)), file, yaml, null, errors);
        errors.ShouldBeEmpty();
        policy.ShouldNotBeNull().Rules.Count.ShouldBe(rules);
        policy.Rules.ShouldContain(r => r.When.Ungoverned == true, "the templates send decisions of an ungoverned model version to people");
    }
}
