using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Compliance;

/// <summary>Required controls, their statuses, framework coverage and the compliance matrix on a real SQLite database.</summary>
public sealed class ControlStatusTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Result<SystemControlDto>> SetAsync(string controlId, ControlStatus status, int? expectedVersion = null, string? note = null) =>
        _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", controlId, new ControlStatusInput { Status = status, Note = note }, expectedVersion, Actors.Dana, Ct);

    [Fact]
    public async Task A_classified_system_lists_its_required_controls_not_started_with_the_requirements_each_covers()
    {
        var view = (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!;

        view.Classified.ShouldBeTrue();
        view.EffectiveClass.ShouldBe(EuAiActClass.HighRisk);
        var stored = (await _db.Get<GetClassification>().ExecuteAsync("resume-screening", Ct)).Value!.Computed.RequiredControls;
        view.Controls.Select(c => c.ControlId).ShouldBe(stored);
        view.Controls.ShouldAllBe(c => c.Status == ControlStatus.NotStarted && c.Version == 0);
        // data/controls/risk.yaml: ATT-RISK-01 "Risk management system" maps to eu-ai-act:art-9 and five NIST AI RMF subcategories.
        var risk = view.Controls.Single(c => c.ControlId == "ATT-RISK-01");
        risk.Title.ShouldBe("Risk management system");
        risk.Requirements.Select(r => r.Id).ShouldBe(["eu-ai-act:art-9", "nist-ai-rmf:MAP-5.1", "nist-ai-rmf:MEASURE-3.1", "nist-ai-rmf:MEASURE-3.2", "nist-ai-rmf:MANAGE-1.2", "nist-ai-rmf:MANAGE-1.3"]);
        risk.Requirements[0].Title.ShouldBe("Art 9 Risk management system");
        view.Frameworks.Select(f => f.Framework).ShouldContain("eu-ai-act");
    }

    [Fact]
    public async Task Setting_a_status_records_who_and_when_in_the_ledger_and_counts_in_framework_coverage()
    {
        var result = await SetAsync("ATT-RISK-01", ControlStatus.Satisfied, note: "Risk register RR-12 approved");

        result.IsOk.ShouldBeTrue(result.Message);
        (result.Value!.Status, result.Value.Version, result.Value.UpdatedBy, result.Value.Note).ShouldBe((ControlStatus.Satisfied, 1, "user:dana", "Risk register RR-12 approved"));
        var view = (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!;
        view.Controls.Single(c => c.ControlId == "ATT-RISK-01").Status.ShouldBe(ControlStatus.Satisfied);
        var art9 = view.Frameworks.Single(f => f.Framework == "eu-ai-act").Coverage.Single(c => c.Id == "eu-ai-act:art-9");
        // ATT-RISK-01 is the only control mapped to Art 9 (data/controls).
        art9.Summary.ShouldBe("EU AI Act Art 9 Risk management system: 1 of 1 control satisfied");
        art9.Covered.ShouldBeTrue();

        await using var ctx = _db.NewContext();
        var entry = await ctx.Ledger.OrderBy(e => e.Seq).LastAsync(Ct);
        entry.Action.ShouldBe("control.status_changed");
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        (payload["control_id"]!.GetValue<string>(), payload["from"]!.GetValue<string>(), payload["to"]!.GetValue<string>())
            .ShouldBe(("ATT-RISK-01", "not_started", "satisfied"));
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_the_status_stays()
    {
        (await SetAsync("ATT-RISK-01", ControlStatus.InProgress)).IsOk.ShouldBeTrue();

        var stale = await SetAsync("ATT-RISK-01", ControlStatus.Satisfied, expectedVersion: 0);

        stale.Kind.ShouldBe(ResultKind.PreconditionFailed);
        (await SetAsync("ATT-RISK-01", ControlStatus.Satisfied, expectedVersion: 1)).Value!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task A_control_the_system_does_not_require_is_refused_and_an_unknown_one_is_not_found()
    {
        // ATT-GPAI-01 applies only to providers of general-purpose AI models; the resume screener is not one.
        var notRequired = await SetAsync("ATT-GPAI-01", ControlStatus.Satisfied);
        var unknown = await SetAsync("ATT-NOPE-99", ControlStatus.Satisfied);

        notRequired.Kind.ShouldBe(ResultKind.Conflict);
        notRequired.Message.ShouldBe("AI system 'resume-screening' does not require control ATT-GPAI-01 under its current classification.");
        unknown.Kind.ShouldBe(ResultKind.NotFound);
        unknown.Message.ShouldBe("No control 'ATT-NOPE-99' in the control library.");
        await using var ctx = _db.NewContext();
        (await ctx.ControlStatuses.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task The_compliance_matrix_has_a_row_per_system_and_exports_one_CSV_line_per_required_control()
    {
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("unclassified-tool"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await SetAsync("ATT-RISK-01", ControlStatus.Satisfied)).IsOk.ShouldBeTrue();

        var matrix = await _db.Get<GetComplianceMatrix>().ExecuteAsync(ReadScope.Everything, Ct);

        matrix.Systems.Count.ShouldBe(2);
        var screener = matrix.Systems.Single(s => s.Slug == "resume-screening");
        var required = (await _db.Get<GetClassification>().ExecuteAsync("resume-screening", Ct)).Value!.Computed.RequiredControls;
        (screener.Classified, screener.Required, screener.Satisfied).ShouldBe((true, required.Count, 1));
        screener.Statuses["ATT-RISK-01"].ShouldBe(ControlStatus.Satisfied);
        matrix.Systems.Single(s => s.Slug == "unclassified-tool").Classified.ShouldBeFalse();
        matrix.Controls.Select(c => c.Id).ShouldBe(required);

        var lines = GetComplianceMatrix.ToCsv(matrix).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("system,system_name,eu_ai_act_class,tier,control,control_title,status,requirements");
        lines.Length.ShouldBe(1 + required.Count);
        lines.ShouldContain("resume-screening,Résumé screening assistant,high_risk,high,ATT-RISK-01,Risk management system,satisfied," +
            "eu-ai-act:art-9 nist-ai-rmf:MAP-5.1 nist-ai-rmf:MEASURE-3.1 nist-ai-rmf:MEASURE-3.2 nist-ai-rmf:MANAGE-1.2 nist-ai-rmf:MANAGE-1.3");
    }

    [Fact]
    public async Task The_demo_portfolio_gets_real_classifications_from_its_intakes()
    {
        await using var fresh = await TestDatabase.CreateAsync();
        await fresh.Get<Attest.Core.Demo.SeedDemoPortfolio>().ExecuteAsync(Attest.Core.Demo.SeedDemoPortfolio.DefaultFile, Ct);

        await using var ctx = fresh.NewContext();
        var classes = await ctx.Classifications.Join(ctx.Systems, c => c.SystemId, s => s.Id, (c, s) => new { s.Slug, c.EuAiActClass, c.Tier })
            .ToDictionaryAsync(x => x.Slug, x => (x.EuAiActClass, x.Tier), Ct);
        // Every demo system has an intake (data/demo/intakes/*.yaml say why); the portfolio restates what they classify.
        classes["credit-scoring"].ShouldBe(("high_risk", "critical"));
        classes["resume-screening"].ShouldBe(("high_risk", "high"));
        classes["call-centre-emotion-analysis"].ShouldBe(("prohibited", "critical"));
        classes["support-chatbot"].ShouldBe(("limited_risk", "medium"));
        classes["synthetic-voice-ivr"].ShouldBe(("limited_risk", "medium"));
        classes["card-fraud-detection"].ShouldBe(("minimal_risk", "high"));
        classes["llm-gateway"].ShouldBe(("minimal_risk", "low"));
        classes["document-summarisation"].ShouldBe(("limited_risk", "medium"));
        classes["code-assistant"].ShouldBe(("minimal_risk", "low"));
        classes["forum-moderation"].ShouldBe(("minimal_risk", "medium"));
        classes["employee-health-triage"].ShouldBe(("high_risk", "critical"));
        classes["life-health-pricing"].ShouldBe(("high_risk", "critical"));
        classes["aml-transaction-monitoring"].ShouldBe(("minimal_risk", "medium"));
        classes["support-chatbot-legacy"].ShouldBe(("limited_risk", "medium"));
        classes["marketing-recommender"].ShouldBe(("minimal_risk", "low"));
        classes["collections-propensity"].ShouldBe(("minimal_risk", "medium"));
        classes["ap-invoice-agent"].ShouldBe(("minimal_risk", "low"));
        classes["branch-cash-forecasting"].ShouldBe(("minimal_risk", "low"));
        classes.Count.ShouldBe(18);
        var systems = await ctx.Systems.Where(s => classes.Keys.Contains(s.Slug)).ToListAsync(Ct);
        systems.ShouldAllBe(s => s.EuAiActClass == classes[s.Slug].EuAiActClass && s.Tier == classes[s.Slug].Tier);
    }

    [Theory]
    [InlineData("credit-scoring", "    tier: critical", "    tier: medium", "the portfolio states class high_risk and tier medium, but its intake")]
    [InlineData("credit-scoring", "    eu_ai_act_class: high_risk", "    eu_ai_act_class: limited_risk", "classifies it high_risk and critical")]
    [InlineData("branch-cash-forecasting", null, null, "but has no intake")]
    public async Task The_demo_seeder_refuses_a_portfolio_whose_class_or_tier_its_intake_does_not_produce(string slug, string? from, string? to, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("attest-demo-").FullName;
        try
        {
            var source = Path.GetDirectoryName(Attest.Core.Demo.SeedDemoPortfolio.DefaultFile)!;
            Directory.CreateDirectory(Path.Combine(dir, "intakes"));
            foreach (var intake in Directory.GetFiles(Path.Combine(source, "intakes")))
                if (from is not null || Path.GetFileNameWithoutExtension(intake) != slug)
                    File.Copy(intake, Path.Combine(dir, "intakes", Path.GetFileName(intake)));
            // The system's own entry only: the first line after its slug that matches.
            var yaml = await File.ReadAllTextAsync(Path.Combine(source, "portfolio.yaml"), Ct);
            if (from is not null)
            {
                var at = yaml.IndexOf(from, yaml.IndexOf($"  - slug: {slug}\n", StringComparison.Ordinal), StringComparison.Ordinal);
                yaml = yaml[..at] + to + yaml[(at + from.Length)..];
            }
            var file = Path.Combine(dir, "portfolio.yaml");
            await File.WriteAllTextAsync(file, yaml, Ct);
            await using var fresh = await TestDatabase.CreateAsync();

            var refused = await Should.ThrowAsync<InvalidDataException>(() => fresh.Get<Attest.Core.Demo.SeedDemoPortfolio>().ExecuteAsync(file, Ct));

            refused.Message.ShouldStartWith($"Demo portfolio system {slug}:");
            refused.Message.ShouldContain(expected);
            await using var ctx = fresh.NewContext();
            (await ctx.Systems.CountAsync(Ct)).ShouldBe(0, "the portfolio is checked before anything is written");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
