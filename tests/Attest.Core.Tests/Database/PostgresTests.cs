using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Demo;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Attest.Core.Tests.Database;

/// <summary>The same use cases on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTests(PostgresServer server)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_portfolio_loads_on_PostgreSQL_with_an_intact_ledger_chain()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        db.Settings.Provider.ShouldBe(DatabaseProvider.Postgres);

        (await db.Get<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, Ct)).ShouldBeGreaterThanOrEqualTo(12);

        var usage = (await db.Get<GetDatasetUsage>().ExecuteAsync("credit-applications-raw", ReadScope.Everything, Ct)).Value!;
        usage.UsedBy.ShouldContain(u => u.SystemSlug == "credit-scoring");
        var filtered = (await db.Get<ListSystems>().ExecuteAsync(new SystemFilter { Query = "CREDIT" }, ReadScope.Everything, Ct)).Value!;
        filtered.Items.ShouldContain(s => s.Slug == "credit-scoring");
        await using var ctx = db.NewContext();
        var entries = await ctx.Ledger.OrderBy(e => e.Seq).ToListAsync(Ct);
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Seq.ShouldBe(i + 1);
            entries[i].PrevHash.ShouldBe(i == 0 ? LedgerHashing.GenesisHash : entries[i - 1].Hash);
            LedgerHashing.ExpectedHash(entries[i].ToRecord()).ShouldBe(entries[i].Hash);
        }
    }

    [Fact]
    public async Task Concurrent_writers_extend_one_chain_without_gaps_or_forks()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var db = await TestDatabase.CreateAsync(connection);

        // Two writers at once, as two server instances sharing the database would be.
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
                (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System($"system-{w}-{i}"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        }, Ct));
        await Task.WhenAll(writers);

        await using var ctx = db.NewContext();
        var entries = await ctx.Ledger.OrderBy(e => e.Seq).ToListAsync(Ct);
        entries.Count.ShouldBe(20);
        entries.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i));
        for (var i = 1; i < entries.Count; i++) entries[i].PrevHash.ShouldBe(entries[i - 1].Hash);
    }

    [Fact]
    public async Task The_ledger_refuses_UPDATE_DELETE_and_TRUNCATE_in_SQL()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var db = await TestDatabase.CreateAsync(connectionString);
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);

        foreach (var sql in new[] { "UPDATE ledger_entries SET \"Actor\" = 'user:mallory'", "DELETE FROM ledger_entries", "TRUNCATE ledger_entries" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));
            error.MessageText.ShouldContain("append-only");
        }
    }

    [Fact]
    public async Task A_stale_version_is_refused_on_PostgreSQL_too()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<UpdateSystem>().ExecuteAsync("resume-screening", Inputs.System() with { Name = "A" }, 1, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await db.Get<UpdateSystem>().ExecuteAsync("resume-screening", Inputs.System() with { Name = "B" }, 1, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.PreconditionFailed);
    }
}
