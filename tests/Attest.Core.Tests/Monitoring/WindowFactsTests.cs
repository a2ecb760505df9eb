using System.Globalization;
using Attest.Core.Features.Monitoring;
using Attest.Core.Tests.Oversight;
using Attest.Core.Tests.Support;
using Attest.Engine.Signals;

namespace Attest.Core.Tests.Monitoring;

/// <summary>
/// The one-pass gathering of a run's time windows gives every signal the same facts as gathering it alone with one
/// straightforward query per signal — on a mixed log: decisions inside, before and between the windows, missing
/// outcomes and attributes, an attribute that is a number, a feature that is a number for some decisions and text for
/// others, review items, point and ci judgements. Performance and fairness signals get their confusion cells counted
/// while reading; they must be the cells the per-signal gathering's rows count to, and give the same result.
/// </summary>
public sealed class WindowFactsTests
{
    [Fact]
    public Task One_pass_gathers_the_same_facts_as_one_query_per_signal() => SameFactsAsync(null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MonitoringSignal Signal(string id, SignalKind kind, string metric, TimeSpan? last, int? decisions = null, string? attribute = null, string? feature = null,
        string? reference = null, SignalJudge judge = SignalJudge.Point, string positive = "shortlist") =>
        new(id, kind, metric, attribute, positive, feature, new SignalWindow(last, decisions), 1, Comparator.Below, 0.5, judge, AlertSeverity.Medium,
            TimeSpan.FromHours(1), false, reference is null ? null : new DriftReference(reference));

    private static string Decision(int i, DateTimeOffset at)
    {
        var output = i % 3 == 0 ? "reject" : "shortlist";
        var attributes = i % 11 == 0 ? "" : $$""","attributes":{"sex":"{{(i % 4 == 0 ? "female" : i % 4 == 1 ? "male" : "non_binary")}}","band":"{{(i % 2 == 0 ? "a" : "b")}}","age":{{(i % 3 == 0 ? "30" : i % 3 == 1 ? "41.5" : "true")}}}""";
        var level = i % 5 == 0 ? "\"senior\"" : (i % 7).ToString(CultureInfo.InvariantCulture);
        return $$"""{"system":"{{MonitoringScenario.Slug}}","model_version":"cv-ranker@1.0","external_id":"w-{{i}}","occurred_at":"{{at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","input":{"cv":"{{i}}"},"output":"{{output}}","confidence":{{(i % 4 == 0 ? "0.5" : "0.95")}},"factors":{"skills_match":0.7},"features":{"years":{{i % 13 + (i > 60 ? 3.5 : 0)}},"level":{{level}}}{{attributes}}}""";
    }

    // The cells a signal is judged on: counted while reading, or counted by the evaluator from the rows.
    private static LabelCounts Labels(MonitoringSignal signal, SignalInput input) =>
        input.Labels ?? LabelCounts.Count(input.Outputs, input.Outcomes, input.Groups, signal.Positive, SignalCatalog.NeedsOutcome(signal.Kind, signal.Metric), signal.Attribute is not null);

    internal static async Task SameFactsAsync(string? postgres)
    {
        await using var s = await MonitoringScenario.CreateAsync(postgres);
        var now = s.Db.Clock.GetUtcNow();
        // 120 decisions over the last 5 days (oldest first), a few exactly on window boundaries.
        var decisions = Enumerable.Range(0, 120).Select(i => Decision(i, now.AddHours(-120 + i))).ToArray();
        (await s.Oversight.LogAsync(OversightScenario.Batch(decisions))).IsOk.ShouldBeTrue();
        await s.OutcomesAsync(Enumerable.Range(0, 120).Where(i => i % 6 != 0).Select(i => ($"w-{i}", i % 5 == 0 ? "reject" : "shortlist")));
        s.Db.Clock.Advance(TimeSpan.FromMinutes(5));
        now = s.Db.Clock.GetUtcNow();

        var day = TimeSpan.FromDays(1);
        MonitoringSignal[] signals =
        [
            Signal("accuracy", SignalKind.Performance, "accuracy", 2 * day),
            Signal("accuracy-by-sex", SignalKind.Performance, "accuracy", 2 * day, attribute: "sex"),
            Signal("fpr-by-band", SignalKind.Performance, "false_positive_rate", 3 * day, attribute: "band"),
            Signal("accuracy-by-age", SignalKind.Performance, "accuracy", 2 * day, attribute: "age"),
            Signal("accuracy-by-sex-ci", SignalKind.Performance, "accuracy", 2 * day, attribute: "sex", judge: SignalJudge.Ci),
            Signal("reject-precision", SignalKind.Performance, "precision", 2 * day, attribute: "band", positive: "reject"),
            Signal("impact", SignalKind.Fairness, "impact_ratio", 2 * day, attribute: "sex"),
            Signal("impact-ci", SignalKind.Fairness, "impact_ratio", 2 * day, attribute: "sex", judge: SignalJudge.Ci),
            Signal("odds-ci", SignalKind.Fairness, "equalized_odds_difference", 3 * day, attribute: "band", judge: SignalJudge.Ci),
            Signal("never-positive", SignalKind.Fairness, "demographic_parity_difference", 2 * day, attribute: "sex", positive: "nobody"),
            Signal("years-psi", SignalKind.Drift, "psi", 2 * day, feature: "years"),
            Signal("level-psi", SignalKind.Drift, "psi", 2 * day, feature: "level"),
            Signal("years-stored", SignalKind.Drift, "psi", 2 * day, feature: "years", reference: "evd_x"),
            Signal("outputs", SignalKind.PredictionDrift, "jensenshannon", day),
            Signal("overrides", SignalKind.OverrideRate, "rate", 3 * day),
            Signal("sla", SignalKind.ReviewSlaBreaches, "count", 2 * day),
            Signal("ungoverned", SignalKind.UngovernedDecisions, "count", 2 * day),
            Signal("traffic", SignalKind.Volume, "count", day),
            Signal("last-50", SignalKind.Performance, "accuracy", null, decisions: 50, attribute: "sex"),
        ];
        await using var db = s.Db.NewContext();
        var together = await WindowFacts.GatherAsync(db, s.Oversight.SystemId, signals, now, Ct);
        together.Keys.Order().ShouldBe(signals.Select(x => x.Id).Order());
        foreach (var signal in signals)
        {
            var alone = await MonitoringFacts.GatherAsync(db, s.Oversight.SystemId, signal, now, Ct);
            var one = together[signal.Id];
            var what = signal.Id;
            one.Decisions.ShouldBe(alone.Decisions, what);
            one.Decisions.ShouldBeGreaterThan(0, what);
            if (signal.Kind is SignalKind.Performance or SignalKind.Fairness)
            {
                var cells = Labels(signal, one);
                var rows = Labels(signal, alone);
                cells.Groups.ShouldBe(rows.Groups, what);
                cells.Cells.ShouldBe(rows.Cells, what);
                cells.N.ShouldBeGreaterThan(0, what);
            }
            one.Reference.ShouldBe(alone.Reference, what);
            one.Current.ShouldBe(alone.Current, what);
            one.ColumnType.ShouldBe(alone.ColumnType, what);
            (one.Categories ?? []).ShouldBe(alone.Categories ?? [], what);
            (one.ReviewItems, one.ReviewsResolved, one.Overridden, one.SlaBreaches, one.Ungoverned)
                .ShouldBe((alone.ReviewItems, alone.ReviewsResolved, alone.Overridden, alone.SlaBreaches, alone.Ungoverned), what);
            SignalEvaluator.Evaluate(signal, one, 7).ShouldBe(SignalEvaluator.Evaluate(signal, alone, 7), what);
        }
        // The mix is really mixed: a categorical column, groups missing, outcomes missing, a reference window, review items.
        together["level-psi"].ColumnType.ShouldBe(Attest.Engine.Evaluation.Drift.DriftColumnType.Categorical);
        together["years-psi"].Reference.Length.ShouldBeGreaterThan(0);
        together["years-stored"].Reference.ShouldBeEmpty();
        together["accuracy"].Labels.ShouldNotBeNull();
        var bySex = await MonitoringFacts.GatherAsync(db, s.Oversight.SystemId, signals.Single(x => x.Id == "accuracy-by-sex"), now, Ct);
        bySex.Groups.ShouldContain((string?)null);
        bySex.Outcomes.ShouldContain((string?)null);
        together["accuracy-by-age"].Labels!.Groups.ShouldBe(["41.5", "true", "30"], ignoreOrder: true);
        together["overrides"].ReviewItems.ShouldBeGreaterThan(0);
    }
}

/// <summary>The same on PostgreSQL: the one-pass reader reads times and text through the provider's own types.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWindowFactsTests(PostgresServer server)
{
    [Fact]
    public async Task One_pass_gathers_the_same_facts_as_one_query_per_signal_on_PostgreSQL() =>
        await WindowFactsTests.SameFactsAsync(await server.CreateDatabaseAsync());
}
