using System.Globalization;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Keeps PostgreSQL's <c>decisions</c> table partitioned by month of <c>RecordedAt</c> (UTC): the current month and
/// <see cref="Premake"/> months ahead exist before a decision needs them, and past months left empty by retention
/// (<see cref="ApplyDecisionRetention"/>) are retired, oldest first. With pg_partman installed in the database
/// (<c>CREATE EXTENSION pg_partman SCHEMA partman</c>, Debian's <c>postgresql-15-partman</c>) the table is registered with
/// it once (<c>create_parent</c>) and pg_partman creates (<c>run_maintenance</c>, <c>create_partition_time</c>) and drops
/// (<c>drop_partition_time</c>) the partitions; without it Attest creates and drops the same partitions itself, under
/// the same names (<c>decisions_p2026_12</c>), so installing pg_partman later takes them over. A row outside every month
/// lands in <c>decisions_default</c>, so an insert never fails for want of a partition. One run at a time across
/// instances (an advisory lock); on SQLite, or on a database whose table is not partitioned, it does nothing.
/// </summary>
public sealed class MaintainDecisionPartitions(AttestDbContext db, GovernedWrites writes, TimeProvider time)
{
    /// <summary>Months made ahead of the current one (pg_partman's default premake).</summary>
    public const int Premake = 4;

    private const string Parent = "decisions";
    private const string Default = "decisions_default";
    private const int LockClass = 0x41645431;
    private const int LockObject = 2;

    public async Task<PartitionMaintenance> ExecuteAsync(CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres) return new PartitionMaintenance(PartitionMode.None, [], []);
        // Through the governed write path for its transaction and authorization; it records nothing on the ledger: partitions
        // are storage, and what they held is accounted for by the retention entries.
        var outcome = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.DecisionsRetention, WriteTarget.Installation, async _ =>
        {
            var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("The governed write path opens a transaction.");
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
            await ExecAsync(connection, tx, $"SELECT pg_advisory_xact_lock({LockClass}, {LockObject})", ct);
            // Month bounds in UTC whoever runs it: pg_partman truncates in the session's time zone.
            await ExecAsync(connection, tx, "SET LOCAL timezone = 'UTC'", ct);
            if (await ScalarAsync<string>(connection, tx, $"SELECT relkind::text FROM pg_class WHERE oid = to_regclass('{Parent}')", ct) != "p")
                return Result<PartitionMaintenance>.Ok(new PartitionMaintenance(PartitionMode.Unpartitioned, [], []));

            var partman = await ScalarAsync<string>(connection, tx, "SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman'", ct);
            var now = time.GetUtcNow();
            var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var wanted = Enumerable.Range(0, Premake + 1).Select(i => month.AddMonths(i)).ToList();
            var before = await ChildrenAsync(connection, tx, ct);
            if (partman is not null)
                await PartmanCreateAsync(connection, tx, Quote(partman), wanted, ct);
            else
                foreach (var start in wanted.Where(m => !before.ContainsKey(Name(m)))) await CreateNativeAsync(connection, tx, start, ct);
            var created = (await ChildrenAsync(connection, tx, ct)).Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList();
            var dropped = await RetireAsync(connection, tx, partman is null ? null : Quote(partman), month, now, ct);
            return Result<PartitionMaintenance>.Ok(new PartitionMaintenance(partman is null ? PartitionMode.Native : PartitionMode.PgPartman, created, dropped));
        }, ct);
        return outcome.IsOk ? outcome.Value! : throw new InvalidOperationException($"Decision partition maintenance failed: {outcome.Message}");
    }

    private static async Task PartmanCreateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string schema, List<DateTimeOffset> wanted, CancellationToken ct)
    {
        var registered = await ScalarAsync<int?>(connection, tx, $"SELECT 1 FROM {schema}.part_config WHERE parent_table = 'public.{Parent}'", ct) is not null;
        if (!registered)
        {
            // create_parent makes its own default partition: set Attest's aside (rows and all) and put its rows back after.
            var moved = await ScalarAsync<string>(connection, tx, $"SELECT to_regclass('{Default}')::text", ct) is not null;
            if (moved)
            {
                await ExecAsync(connection, tx, $"ALTER TABLE {Parent} DETACH PARTITION {Default}", ct);
                await ExecAsync(connection, tx, $"ALTER TABLE {Default} RENAME TO decisions_default_before_partman", ct);
            }
            var oldest = await ScalarAsync<DateTime?>(connection, tx, $"SELECT min(\"RecordedAt\") FROM {Parent}", ct);
            var start = oldest is { } o && o < wanted[0].UtcDateTime ? new DateTime(o.Year, o.Month, 1, 0, 0, 0, DateTimeKind.Utc) : wanted[0].UtcDateTime;
            await ExecAsync(connection, tx, $"SELECT {schema}.create_parent(p_parent_table := 'public.{Parent}', p_control := 'RecordedAt', p_type := 'native', " +
                $"p_interval := 'monthly', p_premake := {Premake}, p_start_partition := '{start:yyyy-MM-dd} 00:00:00+00', p_jobmon := false)", ct);
            if (moved)
            {
                await ExecAsync(connection, tx, $"INSERT INTO {Parent} SELECT * FROM decisions_default_before_partman", ct);
                await ExecAsync(connection, tx, "DROP TABLE decisions_default_before_partman", ct);
            }
        }
        await ExecAsync(connection, tx, $"SELECT {schema}.run_maintenance(p_parent_table := 'public.{Parent}', p_jobmon := false)", ct);
        // Rows that reached the default partition (a month nobody made in time) move into their months first: a month cannot
        // be created while the default holds rows of it.
        if (await ScalarAsync<int?>(connection, tx, $"SELECT 1 FROM {Default} LIMIT 1", ct) is not null)
            await ExecAsync(connection, tx, $"SELECT {schema}.partition_data_time('public.{Parent}', p_batch_count := 1000)", ct);
        // pg_partman premakes from the database's clock; these are the months by Attest's.
        var months = string.Join(", ", wanted.Select(m => $"'{m:yyyy-MM-dd} 00:00:00+00'"));
        await ExecAsync(connection, tx, $"SELECT {schema}.create_partition_time('public.{Parent}', ARRAY[{months}]::timestamptz[])", ct);
    }

    // A month's rows that reached the default partition move into the new month's partition as it is attached.
    private static async Task CreateNativeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateTimeOffset start, CancellationToken ct)
    {
        var name = Name(start);
        var (from, to) = ($"'{start:yyyy-MM-dd} 00:00:00+00'", $"'{start.AddMonths(1):yyyy-MM-dd} 00:00:00+00'");
        await ExecAsync(connection, tx, $"CREATE TABLE {name} (LIKE {Parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)", ct);
        if (await ScalarAsync<string>(connection, tx, $"SELECT to_regclass('{Default}')::text", ct) is not null)
            await ExecAsync(connection, tx, $"WITH moved AS (DELETE FROM {Default} WHERE \"RecordedAt\" >= {from} AND \"RecordedAt\" < {to} RETURNING *) INSERT INTO {name} SELECT * FROM moved", ct);
        await ExecAsync(connection, tx, $"ALTER TABLE {Parent} ATTACH PARTITION {name} FOR VALUES FROM ({from}) TO ({to})", ct);
    }

    // Past months, oldest first, while they are empty: retention emptied them (or nothing was ever recorded in them).
    private static async Task<IReadOnlyList<string>> RetireAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string? partman, DateTimeOffset month, DateTimeOffset now, CancellationToken ct)
    {
        var children = await ChildrenAsync(connection, tx, ct);
        var empty = new List<(string Name, DateTimeOffset End)>();
        foreach (var (name, start) in children.Where(c => c.Value.AddMonths(1) <= month).OrderBy(c => c.Value))
        {
            if (await ScalarAsync<int?>(connection, tx, $"SELECT 1 FROM {name} LIMIT 1", ct) is not null) break;
            empty.Add((name, start.AddMonths(1)));
        }
        if (empty.Count == 0) return [];
        if (partman is not null)
        {
            // drop_partition_time drops every partition whose end is before (reference − retention): exactly these.
            var retention = (long)(now - empty[^1].End).TotalSeconds - 1;
            await ExecAsync(connection, tx, $"SELECT {partman}.drop_partition_time('public.{Parent}', p_retention := interval '{retention} seconds', p_keep_table := false, " +
                $"p_reference_timestamp := '{now.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00')", ct);
            var left = await ChildrenAsync(connection, tx, ct);
            return [.. empty.Select(e => e.Name).Where(n => !left.ContainsKey(n))];
        }
        foreach (var (name, _) in empty) await ExecAsync(connection, tx, $"DROP TABLE {name}", ct);
        return [.. empty.Select(e => e.Name)];
    }

    /// <summary>The monthly partitions by name, with the month each starts (the default partition is not one of them).</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> ChildrenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('{Parent}')", connection, tx);
        var children = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            if (name.StartsWith("decisions_p", StringComparison.Ordinal)
                && DateTimeOffset.TryParseExact(name["decisions_p".Length..], "yyyy_MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
                children[name] = start;
        }
        return children;
    }

    private static string Name(DateTimeOffset month) => $"decisions_p{month:yyyy_MM}";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}

public enum PartitionMode { None, Unpartitioned, Native, PgPartman }

/// <summary>What one maintenance run did: the partitions it created and those it retired.</summary>
public sealed record PartitionMaintenance(PartitionMode Mode, IReadOnlyList<string> Created, IReadOnlyList<string> Dropped);
