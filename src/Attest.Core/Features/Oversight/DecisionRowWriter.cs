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
/// Writes decision rows inside the governed change's transaction without EF change tracking: one prepared INSERT reused
/// for every row on SQLite, binary COPY on PostgreSQL. Tens of thousands of decisions a second need it; everything else
/// of the change (batch, review items, ledger entry) goes through EF as usual and commits with these rows or not at all.
/// </summary>
internal static class DecisionRowWriter
{
    private static readonly string[] Columns =
    [
        "Id", "SystemId", "ModelVersionId", "ModelVersionLabel", "DeploymentId", "ExternalId", "OccurredAt", "RecordedAt", "InputDigest", "InputJson",
        "Output", "OutputIsNumber", "Confidence", "FactorsJson", "FeaturesJson", "AttributesJson", "AttributesSha256", "Ungoverned", "Route", "ReasonsJson",
        "PolicyVersion", "PolicySha256", "QueueItemId", "BodySha256", "BatchId", "BatchIndex", "LeafHash", "RecordedBy",
    ];

    public static async Task WriteAsync(AttestDbContext db, IReadOnlyList<DecisionRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Decisions are written inside the transaction of the governed change that records their batch.");
        if (db.Provider == DatabaseProvider.Postgres)
            await CopyAsync((NpgsqlConnection)transaction.Connection!, rows, ct);
        else
            await InsertAsync((SqliteConnection)transaction.Connection!, (SqliteTransaction)transaction, rows, ct);
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
