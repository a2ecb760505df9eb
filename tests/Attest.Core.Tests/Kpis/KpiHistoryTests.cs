using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Kpis;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Kpis;

/// <summary>
/// The KPI history on one database: two systems registered on 2026-03-01 (Risk and Marketing), the clock moved to
/// 2026-03-06 09:00, then two snapshot runners started at once. Shared by the SQLite and the PostgreSQL classes.
/// </summary>
internal static class KpiHistoryScenario
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Segments kept per day: the portfolio, four tiers and unclassified, and the two business units.</summary>
    public const int Segments = 1 + 5 + 2;

    public static async Task ArrangeAsync(TestDatabase db)
    {
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("alpha") with { BusinessUnit = "Risk" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("beta") with { BusinessUnit = "Marketing" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        db.Clock.Advance(TimeSpan.FromDays(5));
    }

    public static async Task Two_runners_racing_store_each_day_once(TestDatabase db)
    {
        await ArrangeAsync(db);
        var kpis = db.Get<KpiCatalog>().Definitions.Count;
        using var start = new SemaphoreSlim(0, 2);
        var runners = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var useCase = db.Get<TakeKpiSnapshots>();
            await start.WaitAsync(Ct);
            return await useCase.ExecuteAsync(Ct);
        }, Ct)).ToArray();
        start.Release(2);
        var runs = await Task.WhenAll(runners);

        runs.ShouldAllBe(r => r.Through == new DateOnly(2026, 3, 5) || r.Days == 0);
        await using var context = db.NewContext();
        var rows = await context.KpiSnapshots.AsNoTracking().ToListAsync(Ct);
        rows.Count.ShouldBe(5 * kpis * Segments, "days 03-01 to 03-05, every KPI, every segment, once");
        rows.GroupBy(r => (r.KpiId, r.Segment, r.Day)).ShouldAllBe(g => g.Count() == 1);
        rows.Select(r => r.Day).Distinct().Order().ShouldBe([.. Enumerable.Range(1, 5).Select(d => new DateOnly(2026, 3, d))]);

        (await db.Get<TakeKpiSnapshots>().ExecuteAsync(Ct)).Days.ShouldBe(0, "a later run finds every day taken");
        db.Clock.Advance(TimeSpan.FromDays(1));
        (await db.Get<TakeKpiSnapshots>().ExecuteAsync(Ct)).ShouldBe(new KpiSnapshotRun(1, new DateOnly(2026, 3, 6)));
    }
}

/// <summary>The daily KPI history on SQLite: exactly once under two runners, the series API over it, its bad input.</summary>
public sealed class KpiHistoryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public Task Two_snapshot_runners_racing_on_SQLite_store_each_KPI_day_and_segment_once() => KpiHistoryScenario.Two_runners_racing_store_each_day_once(_db);

    [Fact]
    public async Task A_series_is_the_snapshots_and_each_point_is_the_kpi_as_of_that_day()
    {
        await KpiHistoryScenario.ArrangeAsync(_db);
        await _db.Get<TakeKpiSnapshots>().ExecuteAsync(Ct);

        var series = await _db.Get<GetKpiSeries>().ExecuteAsync(Governance.ReadScope.Everything, "rai_coverage", new KpiSeriesQuery("2026-02-20", "2026-03-05"), Ct);
        series.IsOk.ShouldBeTrue();
        series.Value!.Points.Select(p => p.Day).ShouldBe([.. Enumerable.Range(1, 5).Select(d => new DateOnly(2026, 3, d))], "no day before the first registration");
        foreach (var point in series.Value.Points)
        {
            var asOf = (await _db.Get<GetKpis>().ExecuteAsync(Governance.ReadScope.Everything, new KpiQuery(AsOf: point.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Ct))
                .Value!.Kpis.Single(k => k.Id == "rai_coverage");
            (point.Value, point.Numerator, point.Denominator, point.Status).ShouldBe((asOf.Value, asOf.Numerator, asOf.Denominator, asOf.Status));
        }
        series.Value.Points[0].Denominator.ShouldBe(2);

        var marketing = await _db.Get<GetKpiSeries>().ExecuteAsync(Governance.ReadScope.Everything, "rai_coverage", new KpiSeriesQuery(BusinessUnit: "MARKETING"), Ct);
        marketing.Value!.Points.ShouldAllBe(p => p.Denominator == 1);
        marketing.Value.To.ShouldBe(new DateOnly(2026, 3, 5), "to defaults to yesterday");
    }

    [Theory]
    [InlineData("rai_coverage", "soon", null, null, null, "from")]
    [InlineData("rai_coverage", "2026-03-04", "2026-03-01", null, null, "from")]
    [InlineData("rai_coverage", null, "2026-03-07", null, null, "to")]
    [InlineData("rai_coverage", null, null, "huge", null, "tier")]
    [InlineData("rai_coverage", null, null, "high", "Risk", "business_unit")]
    public async Task Bad_series_questions_name_the_parameter(string id, string? from, string? to, string? tier, string? unit, string field)
    {
        var result = await _db.Get<GetKpiSeries>().ExecuteAsync(Governance.ReadScope.Everything, id, new KpiSeriesQuery(from, to, tier, unit), Ct);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors.Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task An_unknown_kpi_has_no_series_and_a_reader_of_some_systems_is_refused_the_portfolio_history()
    {
        (await _db.Get<GetKpiSeries>().ExecuteAsync(Governance.ReadScope.Everything, "happiness", new KpiSeriesQuery(), Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _db.Get<GetKpiSeries>().ExecuteAsync(Governance.ReadScope.Only("sys_x"), "rai_coverage", new KpiSeriesQuery(), Ct)).Kind.ShouldBe(ResultKind.Forbidden);
    }
}

/// <summary>The daily KPI history on PostgreSQL: two runners racing store each row once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresKpiHistoryTests(PostgresServer server)
{
    [Fact]
    public async Task Two_snapshot_runners_racing_on_PostgreSQL_store_each_KPI_day_and_segment_once()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        await KpiHistoryScenario.Two_runners_racing_store_each_day_once(db);
    }
}
