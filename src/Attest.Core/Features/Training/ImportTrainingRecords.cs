using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Training;

/// <summary>What an import did: rows read, records created, updated and unchanged, and the people they cover.</summary>
public sealed record TrainingImportResult(int Rows, int Created, int Updated, int Unchanged, int People, string Sha256);

/// <summary>
/// Imports a CSV of training records (person, role, course, completed_at; optionally business_unit) through the governed
/// write path: all of it or nothing, one <c>training.records_imported</c> ledger entry per import. A record is unique per
/// person, role and course; a later import updates its completion and business unit. A missing column, an unknown role
/// or course, an unreadable or future completed_at, a formula-like cell or a repeated row refuses the whole file, naming
/// row and column (<c>row[N].column</c>, the header is row 1).
/// </summary>
public sealed class ImportTrainingRecords(AttestDbContext db, GovernedWrites writes, TrainingRequirements requirements, IdGenerator ids, TimeProvider time)
{
    /// <summary>The largest CSV an import reads.</summary>
    public const int MaxBytes = TrainingCsv.MaxBytes;

    public async Task<Result<TrainingImportResult>> ExecuteAsync(byte[] content, string? fileName, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (rows, errors) = TrainingCsv.Read(content);
        if (errors.Count == 0)
            Check(rows, errors, time.GetUtcNow());
        if (errors.Count > 0)
            return Result<TrainingImportResult>.Invalid(errors);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var name = string.IsNullOrWhiteSpace(fileName) ? "training.csv" : Path.GetFileName(fileName.Trim());
        if (name.Length > 200) name = name[..200];

        return await writes.ChangeAsync(caller, Permissions.TrainingImport, WriteTarget.Installation, async change =>
        {
            var persons = rows.Select(r => r.Person).Distinct(StringComparer.Ordinal).ToList();
            var existing = (await db.TrainingRecords.Where(r => persons.Contains(r.Person)).ToListAsync(ct))
                .ToDictionary(r => (r.Person, r.Role, r.Course));
            int created = 0, updated = 0, unchanged = 0;
            foreach (var row in rows)
            {
                var completed = row.CompletedAt.Length == 0 ? null : TrainingCsv.ParseTime(row.CompletedAt);
                if (existing.TryGetValue((row.Person, row.Role, row.Course), out var record))
                {
                    if (record.CompletedAt == completed && record.BusinessUnit == row.BusinessUnit)
                        unchanged++;
                    else
                    {
                        (record.CompletedAt, record.BusinessUnit) = (completed, row.BusinessUnit);
                        updated++;
                    }
                    record.LastImportedAt = change.Now;
                    continue;
                }
                db.TrainingRecords.Add(new TrainingRecord
                {
                    Id = ids.New("trn"),
                    Person = row.Person,
                    Role = row.Role,
                    Course = row.Course,
                    CompletedAt = completed,
                    BusinessUnit = row.BusinessUnit,
                    FirstImportedAt = change.Now,
                    LastImportedAt = change.Now,
                });
                created++;
            }
            var result = new TrainingImportResult(rows.Count, created, updated, unchanged, persons.Count, sha256);
            var payload = AttestJson.ToNode(result)!.AsObject();
            payload["file_name"] = name;
            payload["roles"] = new JsonObject(rows.GroupBy(r => r.Role, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)JsonValue.Create(g.Select(r => r.Person).Distinct(StringComparer.Ordinal).Count()))));
            await change.RecordAsync(LedgerActions.TrainingRecordsImported, TrainingRecordsSubject.Instance, payload, ct);
            return Result<TrainingImportResult>.Ok(result);
        }, ct);
    }

    private void Check(IReadOnlyList<TrainingCsvRow> rows, Dictionary<string, string[]> errors, DateTimeOffset now)
    {
        if (rows.Count == 0)
            TrainingCsv.Error(errors, "file", "has a header but no rows");
        var seen = new Dictionary<(string, string, string), int>();
        foreach (var row in rows)
        {
            if (row.Person.Length == 0)
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "person"), "is required");
            else if (row.Person.Length > 200)
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "person"), "must be at most 200 characters");
            if (row.Role.Length == 0)
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "role"), "is required");
            else if (!requirements.IsRole(row.Role))
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "role"),
                    $"\"{Shorten(row.Role)}\" is not a role of the required courses (training/required-courses.yaml); expected one of {string.Join(", ", requirements.RequiredByRole.Keys)}");
            if (row.Course.Length == 0)
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "course"), "is required");
            else if (!requirements.IsCourse(row.Course))
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "course"),
                    $"\"{Shorten(row.Course)}\" is not a course of the required courses; expected one of {string.Join(", ", requirements.Courses.Select(c => c.Id))}");
            if (row.CompletedAt.Length > 0)
            {
                if (TrainingCsv.ParseTime(row.CompletedAt) is not { } at)
                    TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "completed_at"), $"\"{Shorten(row.CompletedAt)}\" is not a date (YYYY-MM-DD) or an ISO 8601 time; leave it empty while the course is not completed");
                else if (at > now)
                    TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "completed_at"), $"{row.CompletedAt} is in the future");
            }
            if (row.BusinessUnit is { Length: > 200 })
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "business_unit"), "must be at most 200 characters");
            if (row.Person.Length > 0 && !seen.TryAdd((row.Person, row.Role, row.Course), row.Row))
                TrainingCsv.Error(errors, TrainingCsv.Key(row.Row, "person"), $"repeats row {seen[(row.Person, row.Role, row.Course)]} (the same person, role and course)");
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
