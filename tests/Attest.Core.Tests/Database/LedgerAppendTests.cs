using Attest.Core.Data;
using Attest.Core.Demo;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Database;

public sealed class LedgerAppendTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_portfolio_is_realistic_and_every_record_has_a_chained_ledger_entry()
    {
        var added = await _db.Get<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, Ct);

        added.ShouldBeGreaterThanOrEqualTo(12);
        await using var ctx = _db.NewContext();
        var systems = await ctx.Systems.Include(s => s.ModelVersions).Include(s => s.Deployments).ToListAsync(Ct);
        systems.Select(s => s.Stage).Distinct().Count().ShouldBe(7, "every lifecycle stage is represented");
        systems.ShouldContain(s => s.EuAiActClass == "prohibited");
        systems.ShouldContain(s => s.EuAiActClass == "high_risk");
        systems.ShouldAllBe(s => s.ModelVersions.Count > 0);
        (await ctx.Datasets.CountAsync(Ct)).ShouldBeGreaterThanOrEqualTo(12);
        (await ctx.DatasetLineage.CountAsync(Ct)).ShouldBeGreaterThan(0);

        var entries = await ctx.Ledger.OrderBy(e => e.Seq).ToListAsync(Ct);
        var expectedRecords = systems.Count + systems.Sum(s => s.ModelVersions.Count + s.Deployments.Count) + await ctx.Datasets.CountAsync(Ct)
            + systems.Count(s => s.EuAiActClass is not null || s.Tier is not null) // each system's intake records classification.computed
            + await ctx.IntakeVersions.CountAsync(Ct) // each demo intake also records intake.answered
                                                      // The governance story (data/demo/governance.yaml): evidence, waivers requested and approved, reviews requested,
                                                      // signed and decided.
            + await ctx.Evidence.CountAsync(Ct) + 2 * await ctx.Waivers.CountAsync(Ct)
            + await ctx.Reviews.CountAsync(Ct) + await ctx.Set<ReviewSignOff>().CountAsync(Ct) + await ctx.Reviews.CountAsync(r => r.DecidedAt != null, Ct) + await ctx.Risks.CountAsync(Ct)
            // The personas are demo users and members of their systems' teams; changes after an approval are assessed.
            + await ctx.Users.CountAsync(Ct) + await ctx.SystemMembers.CountAsync(Ct)
            + await ctx.MaterialChanges.CountAsync(Ct) + await ctx.Reviews.CountAsync(r => r.LapsedAt != null, Ct)
            // Runtime oversight: service keys, policies proposed and approved, one entry per decision batch, reviewers'
            // claims (an override is claimed first; a confirmation claims and resolves at once) and resolutions, appeals.
            + await ctx.ApiKeys.CountAsync(Ct) + await ctx.OversightPolicies.CountAsync(Ct) + await ctx.OversightPolicies.CountAsync(p => p.ApprovedAt != null, Ct)
            + await ctx.DecisionBatches.CountAsync(Ct)
            + await ctx.ReviewItems.CountAsync(i => i.Outcome != null, Ct)
            + await ctx.ReviewItems.CountAsync(i => i.Outcome == ReviewOutcome.Overridden || (i.Outcome == null && i.ClaimedBy != null), Ct)
            + await ctx.ReviewItems.CountAsync(i => i.ReasonsJson.Contains("\"appeal\""), Ct)
            // The production loop of the recommender: plans saved, alerts opened and resolved, the incident an alert
            // reported; then triaged, contained and moved to contained and resolved (3 moves), the rollback's deployment
            // change and its containment step, the triage and containment deadlines met (2), the review, and the review's
            // control change completed, which writes the organisation's control.
            + await ctx.MonitoringPlans.CountAsync(Ct) + await ctx.MonitoringAlerts.CountAsync(Ct) + await ctx.MonitoringAlerts.CountAsync(a => a.ResolvedAt != null, Ct)
            + await ctx.Incidents.CountAsync(Ct) + 3 + 2 + 2 + await ctx.Incidents.CountAsync(i => i.RootCause != null, Ct)
            + await ctx.Actions.CountAsync(a => a.CompletedAt != null, Ct) + await ctx.OrgControlVersions.CountAsync(Ct)
            // The demo's training records (data/demo/training/records.csv): one import, one entry.
            + (await ctx.TrainingRecords.AnyAsync(Ct) ? 1 : 0)
            // The demo's customer questionnaire (data/demo/assurance/): one import, one entry per approved answer.
            + await ctx.Questionnaires.CountAsync(Ct) + await ctx.QuestionnaireAnswers.CountAsync(a => a.ApprovedAt != null, Ct);
        (await ctx.IntakeVersions.CountAsync(Ct)).ShouldBe(Directory.GetFiles(SeedDemoPortfolio.IntakeDirectoryFor(SeedDemoPortfolio.DefaultFile), "*.yaml").Length);
        // /assurance is not empty on the demo: credit scoring's questionnaire with three answers approved by the governance lead.
        (await ctx.Questionnaires.CountAsync(Ct)).ShouldBe(1);
        (await ctx.QuestionnaireAnswers.Where(a => a.ApprovedAt != null).Select(a => a.ApprovedBy).ToListAsync(Ct)).ShouldBe(["user:lena.fischer", "user:lena.fischer", "user:lena.fischer"]);
        entries.Count.ShouldBe(expectedRecords);
        var prev = LedgerHashing.GenesisHash;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            e.Seq.ShouldBe(i + 1);
            e.PrevHash.ShouldBe(prev);
            LedgerHashing.ExpectedHash(e.ToRecord()).ShouldBe(e.Hash, $"entry {e.Seq} re-hashes after a round trip through the database");
            LedgerHashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(e.PayloadJson)).ShouldBe(e.PayloadSha256);
            prev = e.Hash;
        }
        // The demo's history runs on a demo clock months before seeding, in time order, never in the future.
        entries.Select(e => e.Time).ShouldBeInOrder(SortDirection.Ascending);
        entries[^1].Time.ShouldBeLessThanOrEqualTo(_db.Clock.GetUtcNow());
        entries[0].Time.ShouldBeLessThan(_db.Clock.GetUtcNow().AddDays(-179));
    }

    [Fact]
    public async Task Seeding_twice_adds_nothing_the_second_time()
    {
        await _db.Get<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, Ct);

        (await _db.Get<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Ledger_entries_cannot_be_changed_through_the_context()
    {
        await _db.Get<Features.Inventory.RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct);
        await using var ctx = _db.NewContext();
        var entry = await ctx.Ledger.FirstAsync(Ct);

        entry.Actor = "user:mallory";
        await Should.ThrowAsync<InvalidOperationException>(() => ctx.SaveChangesAsync(Ct));
        ctx.ChangeTracker.Clear();
        ctx.Ledger.Remove(await ctx.Ledger.FirstAsync(Ct));
        await Should.ThrowAsync<InvalidOperationException>(() => ctx.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task Ledger_entries_cannot_be_changed_with_SQL_either()
    {
        await _db.Get<Features.Inventory.RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct);
        await using var ctx = _db.NewContext();

        foreach (var sql in new[] { "UPDATE ledger_entries SET \"Actor\" = 'user:mallory'", "DELETE FROM ledger_entries" })
        {
            var error = await Should.ThrowAsync<System.Data.Common.DbException>(() => ctx.Database.ExecuteSqlRawAsync(sql, Ct));
            error.Message.ShouldContain("append-only");
        }
    }
}
