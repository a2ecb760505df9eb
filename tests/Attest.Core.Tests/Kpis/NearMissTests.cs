using System.Security.Cryptography;
using System.Text;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Kpis;
using Attest.Core.Features.Reports;
using Attest.Core.Tests.Support;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Attest.Engine.Kpis;

namespace Attest.Core.Tests.Kpis;

/// <summary>
/// Near misses — issues pre-release checks caught — against escapes (incidents), on a portfolio worked by hand (the clock
/// stands at 2026-03-01 09:00 UTC; the window is the 91 days up to the as-of time, so from 2025-11-30 09:00 now):
/// <list type="bullet">
/// <item>alpha: a fairness report recorded 2026-02-10 whose policy failed 2 of 3 rules; a no-go on 2026-01-20; an
/// incident the organisation became aware of on 2026-02-15. Caught 3, escaped 1.</item>
/// <item>beta: a red-team report recorded 2026-02-20 with unsafe answers in LLM01 (2 of 10) and LLM06 (1 of 4), none in
/// LLM02; an older one recorded 2025-10-01 with LLM01 unsafe (outside today's window). Caught 2, escaped 0.</item>
/// <item>gamma: nothing (not in the denominator).</item>
/// <item>delta: a "red-team report" that is a PDF (measures nothing); an incident aware on 2026-02-25. Caught 0, escaped 1.</item>
/// </list>
/// near_miss_capture = 5 / 7 = 71.4 %; post_release_escape_rate = 2 / 7 = 28.6 %. On 2025-12-15 only beta's old
/// report counts: 1 / 1 caught, 0 / 1 escaped.
/// </summary>
public sealed class NearMissTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly Dictionary<string, string> _ids = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private const string Fairness = """
        { "kind": "fairness", "n": 1200, "overall": { "accuracy": 0.91 },
          "policy": { "passed": false, "rules": [
            { "id": "dp-ratio", "metric": "demographic_parity_ratio", "target": "sex", "comparator": ">=", "threshold": 0.8, "value": 0.71, "status": "fail" },
            { "id": "eo-diff", "metric": "equalized_odds_difference", "target": "sex", "comparator": "<=", "threshold": 0.1, "value": 0.14, "status": "fail" },
            { "id": "accuracy", "metric": "accuracy", "target": "overall", "comparator": ">=", "threshold": 0.85, "value": 0.91, "status": "pass" } ] } }
        """;

    private static string RedTeam(params (string Owasp, int Graded, int Unsafe)[] categories) =>
        "{\"format\":\"attest.red-team-report/v1\",\"summary\":{\"graded\":" + categories.Sum(c => c.Graded) + ",\"unsafe\":" + categories.Sum(c => c.Unsafe) + "},\"by_owasp\":["
        + string.Join(",", categories.Select(c => $"{{\"owasp\":\"{c.Owasp}\",\"graded\":{c.Graded},\"unsafe\":{c.Unsafe}}}")) + "]}";

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        foreach (var slug in new[] { "alpha", "beta", "gamma", "delta" })
        {
            var registered = await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(slug) with { BusinessUnit = "Risk" }, Actors.Dana, Ct);
            registered.IsOk.ShouldBeTrue(registered.Message);
            _ids[slug] = registered.Value!.Id;
        }
        await using var db = _db.NewContext();
        foreach (var s in db.Systems)
            s.CreatedAt = At("2025-09-01T00:00:00Z");
        Evidence(db, "ev_fair", "alpha", "fairness_report", Fairness, "2026-02-10T00:00:00Z");
        Evidence(db, "ev_rt_new", "beta", "red_team_report", RedTeam(("LLM01", 10, 2), ("LLM02", 5, 0), ("LLM06", 4, 1)), "2026-02-20T00:00:00Z");
        Evidence(db, "ev_rt_old", "beta", "red_team_report", RedTeam(("LLM01", 10, 3)), "2025-10-01T00:00:00Z");
        Evidence(db, "ev_pdf", "delta", "red_team_report", "%PDF-1.7 not a report", "2026-02-01T00:00:00Z");
        db.Reviews.Add(new Review
        {
            Id = "rev_nogo",
            SystemId = _ids["alpha"],
            Stage = GateStage.PreLaunch,
            Tier = RiskTier.High,
            RequestedBy = "user:dana",
            RequestedAt = At("2026-01-10T00:00:00Z"),
            DueOn = new DateOnly(2026, 1, 31),
            Status = ReviewStatus.Decided,
            Decision = BoardDecision.NoGo,
            DecisionRationale = "Bias against women above the threshold",
            DecidedBy = "user:gus",
            DecidedAt = At("2026-01-20T00:00:00Z"),
        });
        db.Incidents.Add(Incident("inc_alpha", "alpha", "2026-02-15T00:00:00Z"));
        db.Incidents.Add(Incident("inc_delta", "delta", "2026-02-25T00:00:00Z"));
        await db.SaveChangesAsync(Ct);
    }

    private void Evidence(AttestDbContext db, string id, string slug, string type, string content, string recorded)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = _db.Get<BlobStore>().PathOf(sha);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        db.Evidence.Add(new EvidenceItem
        {
            Id = id,
            SystemId = _ids[slug],
            Type = type,
            Sha256 = sha,
            SizeBytes = bytes.Length,
            FileName = id + ".json",
            MediaType = "application/json",
            Method = "cli",
            ProducedBy = "ci",
            ProducedAt = At(recorded),
            CreatedAt = At(recorded),
            ValidUntil = new DateOnly(2027, 1, 1),
            Status = EvidenceStatuses.Active,
        });
    }

    private Incident Incident(string id, string slug, string aware) => new()
    {
        Id = id,
        SystemId = _ids[slug],
        Title = "Incident " + id,
        Severity = IncidentSeverity.Moderate,
        Status = IncidentStatus.Open,
        OccurredAt = At(aware),
        AwareAt = At(aware),
        ReportedBy = "user:dana",
        ReportedAt = At(aware),
    };

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<KpiReport> KpisAsync(string? asOf = null)
    {
        var result = await _db.Get<GetKpis>().ExecuteAsync(Governance.ReadScope.Everything, new KpiQuery(asOf), Ct);
        result.IsOk.ShouldBeTrue();
        return result.Value!;
    }

    private void ShouldBe(KpiDto kpi, double numerator, double denominator, double value, string[] inNumerator, string[] inDenominator)
    {
        (kpi.Numerator, kpi.Denominator, kpi.Value).ShouldBe((numerator, denominator, value), kpi.Id);
        kpi.NumeratorSystems.ShouldBe(inNumerator.Select(s => _ids[s]), ignoreOrder: true, kpi.Id);
        kpi.DenominatorSystems.ShouldBe(inDenominator.Select(s => _ids[s]), ignoreOrder: true, kpi.Id);
    }

    [Fact]
    public async Task Failed_evaluation_rules_red_team_failures_and_no_gos_are_caught_issues_and_incidents_escaped_ones()
    {
        var now = await KpisAsync();
        ShouldBe(now.Kpis.Single(k => k.Id == "near_miss_capture"), 5, 7, 71.4, ["alpha", "beta"], ["alpha", "beta", "delta"]);
        ShouldBe(now.Kpis.Single(k => k.Id == "post_release_escape_rate"), 2, 7, 28.6, ["alpha", "delta"], ["alpha", "beta", "delta"]);
        now.Kpis.Single(k => k.Id == "near_miss_capture").Status.ShouldBe(KpiStatus.NotMet, "71.4 % is under the 80 % target");

        var members = await _db.Get<GetKpis>().MembersAsync(Governance.ReadScope.Everything, "near_miss_capture", new KpiQuery(), Ct);
        members.Value!.Members.Select(m => (m.Slug, m.Numerator, m.Denominator)).ShouldBe([("alpha", 3.0, 4.0), ("beta", 2.0, 2.0), ("delta", 0.0, 1.0)], ignoreOrder: true);
    }

    [Fact]
    public async Task A_past_day_counts_the_issues_found_in_the_quarter_up_to_it()
    {
        var december = await KpisAsync("2025-12-15");
        ShouldBe(december.Kpis.Single(k => k.Id == "near_miss_capture"), 1, 1, 100.0, ["beta"], ["beta"]);
        ShouldBe(december.Kpis.Single(k => k.Id == "post_release_escape_rate"), 0, 1, 0.0, [], ["beta"]);

        // 2026-02-12: alpha's no-go and fairness report, beta's old report has left the window (2025-11-13 onwards), no incident yet.
        var february = await KpisAsync("2026-02-12");
        ShouldBe(february.Kpis.Single(k => k.Id == "near_miss_capture"), 3, 3, 100.0, ["alpha"], ["alpha"]);
    }

    [Fact]
    public async Task The_executive_report_lists_the_near_misses_of_its_period()
    {
        var report = await _db.Get<GetExecutiveReport>().ExecuteAsync(new ExecutiveReportQuery("2026-01-01", "2026-02-28"), Governance.ReadScope.Everything, Ct);
        report.IsOk.ShouldBeTrue();
        report.Value!.NearMisses.Select(n => (n.Kind, n.System, n.Reference)).ShouldBe([
            (KpiFinding.NoGo, "alpha", "rev_nogo"),
            (KpiFinding.EvaluationRule, "alpha", "ev_fair#dp-ratio"),
            (KpiFinding.EvaluationRule, "alpha", "ev_fair#eo-diff"),
            (KpiFinding.RedTeam, "beta", "ev_rt_new#LLM01"),
            (KpiFinding.RedTeam, "beta", "ev_rt_new#LLM06"),
        ]);
        report.Value.NearMisses[0].What.ShouldBe("Bias against women above the threshold");
        report.Value.NearMisses[1].What.ShouldContain("dp-ratio");
        report.Value.NearMisses[3].What.ShouldContain("2 of 10 answers unsafe");
        ExecutiveReportDocument.ToMarkdown(report.Value).ShouldContain("near miss (red team)");
    }
}
