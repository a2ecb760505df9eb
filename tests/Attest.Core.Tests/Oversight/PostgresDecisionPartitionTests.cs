using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Attest.Core.Tests.Oversight;

/// <summary>
/// PostgreSQL's decision table partitioned by month of recording: through pg_partman (Debian's postgresql-15-partman,
/// installed in the test database here) or, without it, by Attest itself; retention per system on top; and the migration
/// of a table that was not partitioned yet.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDecisionPartitionTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Decisions_live_in_monthly_partitions_made_and_retired_by_pg_partman()
    {
        var database = await server.CreateDatabaseAsync();
        await using var s = await OversightScenario.CreateAsync(database);
        await SqlAsync(database, "CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman");

        var made = await s.Db.Get<MaintainDecisionPartitions>().ExecuteAsync(Ct);
        made.Mode.ShouldBe(PartitionMode.PgPartman);
        (await ScalarAsync(database, "SELECT count(*) FROM partman.part_config WHERE parent_table = 'public.decisions'")).ShouldBe(1L);
        (await PartitionsAsync(database)).ShouldContain("decisions_p2026_03");
        (await PartitionsAsync(database)).ShouldContain("decisions_p2026_07", "four months are made ahead of the clock's");

        var (purged, kept) = await RetentionSteps.RunAsync(s, async () =>
        {
            (await ScalarAsync(database, "SELECT count(*) FROM decisions_p2026_03")).ShouldBe(4L, "March's decisions are in March's partition");
            (await ScalarAsync(database, "SELECT count(*) FROM decisions_default")).ShouldBe(0L);
        });
        purged.ShouldNotBe(kept);

        var retired = await s.Db.Get<MaintainDecisionPartitions>().ExecuteAsync(Ct);
        retired.Dropped.ShouldContain("decisions_p2026_03", "retention emptied March: pg_partman drops it");
        (await PartitionsAsync(database)).ShouldContain("decisions_p2027_01", "the months ahead of the clock's September exist");
        (await PartitionsAsync(database)).ShouldNotContain("decisions_p2026_03");
        (await ScalarAsync(database, "SELECT count(*) FROM decisions")).ShouldBe(1L);
    }

    [Fact]
    public async Task Without_pg_partman_Attest_makes_and_retires_the_same_partitions_itself()
    {
        var database = await server.CreateDatabaseAsync();
        await using var s = await OversightScenario.CreateAsync(database);
        var made = await s.Db.Get<MaintainDecisionPartitions>().ExecuteAsync(Ct);
        made.Mode.ShouldBe(PartitionMode.Native);
        made.Created.ShouldContain("decisions_p2026_03");

        await RetentionSteps.RunAsync(s);
        var retired = await s.Db.Get<MaintainDecisionPartitions>().ExecuteAsync(Ct);
        retired.Dropped.ShouldContain("decisions_p2026_03");
        (await PartitionsAsync(database)).ShouldContain("decisions_p2026_09");
    }

    [Fact]
    public async Task A_decision_table_that_is_not_partitioned_is_migrated_with_its_rows()
    {
        var database = await server.CreateDatabaseAsync();
        await using var s = await OversightScenario.CreateAsync(database);
        await s.PolicyInForceAsync();
        await s.ApproveVersionOneAsync();
        await s.LogAsync(OversightScenario.Batch([.. Enumerable.Range(0, 40).Select(i => OversightScenario.Decision($"m-{i}", i % 4 == 0 ? "reject" : "shortlist"))]));

        // Back to the schema before partitioning (the down migration), with the rows.
        await using (var db = s.Db.NewContext())
            await db.GetService<IMigrator>().MigrateAsync("20261207204224_SharedInstanceState", Ct);
        (await ScalarAsync(database, "SELECT relkind::text FROM pg_class WHERE relname = 'decisions'")).ShouldBe("r");
        (await ScalarAsync(database, "SELECT count(*) FROM decisions")).ShouldBe(40L);

        await using (var db = s.Db.NewContext())
            await db.Database.MigrateAsync(Ct);
        (await ScalarAsync(database, "SELECT relkind::text FROM pg_class WHERE relname = 'decisions'")).ShouldBe("p");
        (await ScalarAsync(database, "SELECT count(*) FROM decisions_p2026_03")).ShouldBe(40L);
        (await ScalarAsync(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'decisions' AND indexname = 'IX_decisions_SystemId_ExternalId'")).ShouldBe(1L);
        (await ScalarAsync(database, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'decisions'::regclass AND contype = 'f'")).ShouldBe(2L, "to systems and model versions");

        // Idempotency holds without the unique index, and so does the rest of the log.
        var again = await s.LogAsync(OversightScenario.Batch(OversightScenario.Decision("m-0", "reject"), OversightScenario.Decision("m-40")));
        (again.Value!.Batch.Accepted, again.Value.Batch.Duplicates).ShouldBe((1, 1));
        var trace = await s.Db.Get<GetDecisionTrace>().ExecuteAsync(again.Value.Batch.Results[0].Id, Ct);
        trace.IsOk.ShouldBeTrue(trace.Message);
        DecisionTraces.Verify(trace.Value!.ToJsonString(), null).Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_instances_logging_the_same_external_ids_at_once_record_each_once()
    {
        var database = await server.CreateDatabaseAsync();
        await using var s = await OversightScenario.CreateAsync(database);
        await s.PolicyInForceAsync();
        await s.ApproveVersionOneAsync();
        await using var other = s.Db.NewInstance();
        var body = OversightScenario.Batch([.. Enumerable.Range(0, 50).Select(i => OversightScenario.Decision($"race-{i}"))]);
        var read = DecisionBodyReader.Read(System.Text.Encoding.UTF8.GetBytes(body), s.Db.Clock.GetUtcNow());
        var results = await Task.WhenAll(
            Task.Run(() => s.Db.Get<IngestDecisions>().ExecuteAsync(s.Service, [read], Ct), Ct),
            Task.Run(() => other.CreateScope().ServiceProvider.GetRequiredService<IngestDecisions>().ExecuteAsync(s.Service, [read], Ct), Ct));
        results.Sum(r => r[0].Value!.Batch.Accepted).ShouldBe(50);
        results.Sum(r => r[0].Value!.Batch.Duplicates).ShouldBe(50);
        (await ScalarAsync(database, "SELECT count(*) FROM decisions")).ShouldBe(50L);
    }

    private static async Task SqlAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    private static async Task<List<string>> PartitionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'decisions'::regclass", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) names.Add(reader.GetString(0));
        return names;
    }
}
