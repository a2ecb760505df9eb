using System.Data.Common;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Classification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Writes decision rows and their new review items inside the governed change's transaction without EF change tracking:
/// one prepared INSERT reused for every row on SQLite, binary COPY on PostgreSQL. Tens of thousands of decisions a second
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
            await InsertAsync((SqliteConnection)transaction.Connection!, (SqliteTransaction)transaction, rows, ct);
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
            await InsertItemsAsync((SqliteConnection)transaction.Connection!, (SqliteTransaction)transaction, items, ct);
    }

    private static DbTransaction Transaction(AttestDbContext db) => db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Decisions are written inside the transaction of the governed change that records their batch.");

    private static async Task InsertItemsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ReviewItem> items, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO review_items ({string.Join(", ", ItemColumns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", ItemColumns.Select((_, i) => $"$i{i}"))})";
        var parameters = ItemColumns.Select((_, i) => command.Parameters.Add(new SqliteParameter { ParameterName = $"$i{i}" })).ToArray();
        command.Prepare();
        foreach (var item in items)
        {
            parameters[0].Value = item.Id;
            parameters[1].Value = item.DecisionId;
            parameters[2].Value = item.SystemId;
            parameters[3].Value = SnakeCase.FromEnum(item.State);
            parameters[4].Value = item.ReasonsJson;
            parameters[5].Value = SnakeCase.FromEnum(item.Priority);
            parameters[6].Value = item.CreatedAt.UtcTicks;
            parameters[7].Value = item.DueAt.UtcTicks;
            parameters[8].Value = item.ExpiresAt.UtcTicks;
            parameters[9].Value = item.FinalOutputIsNumber;
            parameters[10].Value = item.DecisionOccurredAt.UtcTicks;
            parameters[11].Value = item.Version;
            await command.ExecuteNonQueryAsync(ct);
        }
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

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<DecisionRow> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO decisions ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"$p{i}"))})";
        var parameters = Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" })).ToArray();
        command.Prepare();
        foreach (var r in rows)
        {
            object?[] values =
            [
                r.Id, r.SystemId, r.ModelVersionId, r.ModelVersionLabel, r.DeploymentId, r.ExternalId, r.OccurredAt.UtcTicks, r.RecordedAt.UtcTicks, r.InputDigest, r.InputJson,
                r.Output, r.OutputIsNumber, r.Confidence, r.FactorsJson, r.FeaturesJson, r.AttributesJson, r.AttributesSha256, r.Ungoverned, SnakeCase.FromEnum(r.Route), r.ReasonsJson,
                r.PolicyVersion, r.PolicySha256, r.QueueItemId, r.BodySha256, r.BatchId, r.BatchIndex, r.LeafHash, r.RecordedBy,
            ];
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
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
