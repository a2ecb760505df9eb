using System.Collections;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Attest.Core.Data;

/// <summary>
/// Inserts many new rows of one table in the current transaction with multi-row <c>INSERT … VALUES (…), (…)</c>
/// statements, for the changes that add thousands of rows at once (an import's model versions and ledger entries).
/// EF Core's SaveChanges sends one statement per row — SQLite compiles each anew — which made a 10,000-component import
/// spend most of its time there. Columns, value conversions (UTC ticks on SQLite, snake_case enums) and quoting come from
/// the EF model, so a row reads back exactly as if SaveChanges had written it. The rows are not tracked: the caller
/// treats them as written. Only plain rows: a row with related rows to insert (a non-empty collection) is refused.
/// </summary>
public static class BulkInsert
{
    private const int ParametersPerStatement = 200;

    /// <param name="skipExisting">Insert only the rows whose key is absent (<c>ON CONFLICT DO NOTHING</c>, on SQLite and
    /// PostgreSQL alike): writers racing to add the same rows leave one of each and neither fails.</param>
    public static async Task InsertAsync<T>(AttestDbContext db, IReadOnlyList<T> rows, CancellationToken ct, bool skipExisting = false) where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are bulk-inserted inside the transaction of the change that makes them.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Converter: p.GetTypeMapping().Converter,
            Info: p.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} has no CLR property to read."))).ToList();
        var collections = entity.GetNavigations().Where(n => n.IsCollection).Select(n => n.PropertyInfo).OfType<System.Reflection.PropertyInfo>().ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";

        foreach (var row in rows)
        {
            if (collections.Any(c => c.GetValue(row) is ICollection { Count: > 0 }))
                throw new InvalidOperationException($"A {typeof(T).Name} with related rows cannot be bulk-inserted; add it with SaveChanges.");
        }

        // One statement of a few rows, prepared once and run again with new values. Few parameters per statement:
        // Microsoft.Data.Sqlite finds each parameter by name in a list, so binding costs the square of their number.
        var perStatement = Math.Max(1, ParametersPerStatement / columns.Count);
        var connection = db.Database.GetDbConnection();
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (command is null || command.Parameters.Count != count * columns.Count)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    var text = new StringBuilder(head);
                    for (var r = 0; r < count; r++)
                    {
                        text.Append(r == 0 ? "(" : ", (");
                        for (var c = 0; c < columns.Count; c++)
                        {
                            var name = $"@p{r * columns.Count + c}";
                            command.Parameters.Add(Parameter(command, name));
                            text.Append(c == 0 ? name : ", " + name);
                        }
                        text.Append(')');
                    }
                    if (skipExisting)
                        text.Append(" ON CONFLICT DO NOTHING");
                    command.CommandText = text.ToString();
                    await command.PrepareAsync(ct);
                }
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var (_, _, converter, info) = columns[c];
                        var value = info.GetValue(row);
                        if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
                        command.Parameters[r * columns.Count + c].Value = value ?? DBNull.Value;
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        return parameter;
    }
}
