using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>One system whose latest intake leaves questions that decide its class without an answer, and those questions.</summary>
public sealed record IncompleteClassification(
    string SystemId, string SystemSlug, string SystemName, int IntakeVersion, DateTimeOffset ComputedAt, IReadOnlyList<MissingAnswerDto> Missing);

/// <summary>
/// The systems whose classification is incomplete, by name, each with the questions its intake still has to answer: what
/// the inventory shows beside an "incomplete" badge, <c>GET /api/v1/classifications/incomplete</c> and
/// <c>attest systems incomplete</c> list. A system leaves the list when a later intake answers them.
/// </summary>
public sealed class ListIncompleteClassifications(AttestDbContext db)
{
    public async Task<IReadOnlyList<IncompleteClassification>> ExecuteAsync(CancellationToken ct)
    {
        // The class column says "incomplete" exactly while the latest classification is (SubmitIntake sets both together).
        var systems = await db.Systems.AsNoTracking().Where(s => s.EuAiActClass == SystemClassColumns.Incomplete)
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Slug, s.Name }).ToListAsync(ct);
        var list = new List<IncompleteClassification>();
        foreach (var system in systems)
        {
            if (await ClassificationRecords.LatestAsync(db, system.Id, ct) is { IsComplete: false } latest)
                list.Add(new IncompleteClassification(system.Id, system.Slug, system.Name, latest.IntakeVersion, latest.Row.ComputedAt, latest.Missing));
        }
        return list;
    }
}
