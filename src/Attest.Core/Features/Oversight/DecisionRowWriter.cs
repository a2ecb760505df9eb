using System.Data.Common;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Classification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Writes decision rows and their new review items inside the governed change's transaction without EF change tracking:
/// one INSERT prepared per change and bound by position (SQLitePCL) for every row on SQLite, binary COPY on PostgreSQL. Tens of thousands of decisions a second
/// need it (EF batches thousands of review items into one command whose parameters SQLite looks up by name, one linear
/// scan each: quadratic in the batch); everything else of the change (batch, ledger entry) goes through EF as usual and
/// commits with these rows or not at all.
/// </summary>
internal static class DecisionRowWriter
{
    private static readonly string[] Columns =
    [
        "Id", "SystemId", "ModelVersionId", "ModelVersionLabel", "DeploymentId", "ExternalId", "OccurredAt", "RecordedAt", "InputDigest", "InputJson",
        "Output", "OutputIsNumber", "Confidence", "FactorsJson", "FeaturesJson", "AttributesJson", "AttributesSha256", "Ungoverned", "Route", "ReasonsJson",
        "PolicyVersion", "PolicySha256", "QueueItemId", "BodySha256", "BatchId", "BatchIndex", "LeafHash", "RecordedBy",
    ];

    // A new item is pending and unclaimed: every other column is null (or false) until a person works it.
    private static readonly string[] ItemColumns =
    [
        "Id", "DecisionId", "SystemId", "State", "ReasonsJson", "Priority", "CreatedAt", "DueAt", "ExpiresAt", "FinalOutputIsNumber", "DecisionOccurredAt", "Version",
    ];

    public static async Task WriteAsync(AttestDbContext db, IReadOnlyList<DecisionRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var transaction = Transaction(db);
        if (db.Provider == DatabaseProvider.Postgres)
            await CopyAsync((NpgsqlConnection)transaction.Connection!, rows, ct);
        else
            Insert((SqliteConnection)transaction.Connection!, rows, ct);
    }

    /// <summary>Writes new (pending) review items of the decisions just written; their decisions must be written first.</summary>
    public static async Task WriteReviewItemsAsync(AttestDbContext db, IReadOnlyList<ReviewItem> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        if (items.Any(i => i.State != ReviewItemState.Pending || i.ClaimedBy is not null || i.Outcome is not null || i.PreviousItemId is not null))
            throw new ArgumentException("Only new, pending review items are written here.", nameof(items));
        var transaction = Transaction(db);
        if (db.Provider == DatabaseProvider.Postgres)
            await CopyItemsAsync((NpgsqlConnection)transaction.Connection!, items, ct);
        else
            InsertItems((SqliteConnection)transaction.Connection!, items, ct);
    }

    private static DbTransaction Transaction(AttestDbContext db) => db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Decisions are written inside the transaction of the governed change that records their batch.");

    // SQLite: one statement prepared per change and bound by position through SQLitePCL. Microsoft.Data.Sqlite binds every
    // parameter by name on every execution (sqlite3_bind_parameter_index: a linear scan with strncmp over the statement's
    // names), which for 28 columns was ≈ 400 string compares per decision, besides a boxed value and a parameter object each.
    private static void InsertItems(SqliteConnection connection, IReadOnlyList<ReviewItem> items, CancellationToken ct)
    {
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, $"INSERT INTO review_items ({string.Join(", ", ItemColumns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", ItemColumns.Select((_, i) => $"?{i + 1}"))})", out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            foreach (var item in items)
            {
                ct.ThrowIfCancellationRequested();
                Bind(statement, 1, item.Id);
                Bind(statement, 2, item.DecisionId);
                Bind(statement, 3, item.SystemId);
                Bind(statement, 4, SnakeCase.FromEnum(item.State));
                Bind(statement, 5, item.ReasonsJson);
                Bind(statement, 6, SnakeCase.FromEnum(item.Priority));
                raw.sqlite3_bind_int64(statement, 7, item.CreatedAt.UtcTicks);
                raw.sqlite3_bind_int64(statement, 8, item.DueAt.UtcTicks);
                raw.sqlite3_bind_int64(statement, 9, item.ExpiresAt.UtcTicks);
                raw.sqlite3_bind_int(statement, 10, item.FinalOutputIsNumber ? 1 : 0);
                raw.sqlite3_bind_int64(statement, 11, item.DecisionOccurredAt.UtcTicks);
                raw.sqlite3_bind_int(statement, 12, item.Version);
                Step(statement, handle);
            }
        }
    }

    private static void Step(sqlite3_stmt statement, sqlite3 handle)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
        rc = raw.sqlite3_reset(statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
    }

    private static void Bind(sqlite3_stmt statement, int index, string? value)
    {
        var rc = value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text(statement, index, value);
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"Binding parameter {index} failed: SQLite error {rc}.");
    }

    private static async Task CopyItemsAsync(NpgsqlConnection connection, IReadOnlyList<ReviewItem> items, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY review_items ({string.Join(", ", ItemColumns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var item in items)
        {
            await copy.StartRowAsync(ct);
            await Text(copy, item.Id, ct);
            await Text(copy, item.DecisionId, ct);
            await Text(copy, item.SystemId, ct);
            await Text(copy, SnakeCase.FromEnum(item.State), ct);
            await Text(copy, item.ReasonsJson, ct);
            await Text(copy, SnakeCase.FromEnum(item.Priority), ct);
            await copy.WriteAsync(item.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(item.DueAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(item.ExpiresAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(item.FinalOutputIsNumber, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(item.DecisionOccurredAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(item.Version, NpgsqlDbType.Integer, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static void Insert(SqliteConnection connection, IReadOnlyList<DecisionRow> rows, CancellationToken ct)
    {
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, $"INSERT INTO decisions ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"?{i + 1}"))})", out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            foreach (var r in rows)
            {
                ct.ThrowIfCancellationRequested();
                Bind(statement, 1, r.Id);
                Bind(statement, 2, r.SystemId);
                Bind(statement, 3, r.ModelVersionId);
                Bind(statement, 4, r.ModelVersionLabel);
                Bind(statement, 5, r.DeploymentId);
                Bind(statement, 6, r.ExternalId);
                raw.sqlite3_bind_int64(statement, 7, r.OccurredAt.UtcTicks);
                raw.sqlite3_bind_int64(statement, 8, r.RecordedAt.UtcTicks);
                Bind(statement, 9, r.InputDigest);
                Bind(statement, 10, r.InputJson);
                Bind(statement, 11, r.Output);
                raw.sqlite3_bind_int(statement, 12, r.OutputIsNumber ? 1 : 0);
                if (r.Confidence is { } confidence) raw.sqlite3_bind_double(statement, 13, confidence); else raw.sqlite3_bind_null(statement, 13);
                Bind(statement, 14, r.FactorsJson);
                Bind(statement, 15, r.FeaturesJson);
                Bind(statement, 16, r.AttributesJson);
                Bind(statement, 17, r.AttributesSha256);
                raw.sqlite3_bind_int(statement, 18, r.Ungoverned ? 1 : 0);
                Bind(statement, 19, SnakeCase.FromEnum(r.Route));
                Bind(statement, 20, r.ReasonsJson);
                if (r.PolicyVersion is { } version) raw.sqlite3_bind_int(statement, 21, version); else raw.sqlite3_bind_null(statement, 21);
                Bind(statement, 22, r.PolicySha256);
                Bind(statement, 23, r.QueueItemId);
                Bind(statement, 24, r.BodySha256);
                Bind(statement, 25, r.BatchId);
                raw.sqlite3_bind_int(statement, 26, r.BatchIndex);
                raw.sqlite3_bind_blob(statement, 27, r.LeafHash);
                Bind(statement, 28, r.RecordedBy);
                Step(statement, handle);
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<DecisionRow> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY decisions ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(ct);
            await Text(copy, r.Id, ct);
            await Text(copy, r.SystemId, ct);
            await Text(copy, r.ModelVersionId, ct);
            await Text(copy, r.ModelVersionLabel, ct);
            await Text(copy, r.DeploymentId, ct);
            await Text(copy, r.ExternalId, ct);
            await copy.WriteAsync(r.OccurredAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(r.RecordedAt, NpgsqlDbType.TimestampTz, ct);
            await Text(copy, r.InputDigest, ct);
            await Text(copy, r.InputJson, ct);
            await Text(copy, r.Output, ct);
            await copy.WriteAsync(r.OutputIsNumber, NpgsqlDbType.Boolean, ct);
            if (r.Confidence is { } c) await copy.WriteAsync(c, NpgsqlDbType.Double, ct); else await copy.WriteNullAsync(ct);
            await Text(copy, r.FactorsJson, ct);
            await Text(copy, r.FeaturesJson, ct);
            await Text(copy, r.AttributesJson, ct);
            await Text(copy, r.AttributesSha256, ct);
            await copy.WriteAsync(r.Ungoverned, NpgsqlDbType.Boolean, ct);
            await Text(copy, WireName.Of(r.Route), ct);
            await Text(copy, r.ReasonsJson, ct);
            if (r.PolicyVersion is { } v) await copy.WriteAsync(v, NpgsqlDbType.Integer, ct); else await copy.WriteNullAsync(ct);
            await Text(copy, r.PolicySha256, ct);
            await Text(copy, r.QueueItemId, ct);
            await Text(copy, r.BodySha256, ct);
            await Text(copy, r.BatchId, ct);
            await copy.WriteAsync(r.BatchIndex, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.LeafHash, NpgsqlDbType.Bytea, ct);
            await Text(copy, r.RecordedBy, ct);
        }
        await copy.CompleteAsync(ct);
    }

    // Character-varying and text columns share one binary format; null is written as such.
    private static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
}
