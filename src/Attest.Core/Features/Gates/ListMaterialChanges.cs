using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>One recorded assessment: the candidate, whether it is material, every trigger checked and what changed.</summary>
/// <param name="ComparedWith">The approved model version (as approved) it was compared with.</param>
/// <param name="Cause">registered, updated or deployment.</param>
/// <param name="LapsedApproval">This assessment made the approval of <paramref name="ComparedWith"/> lapse.</param>
public sealed record MaterialChangeView(
    string CandidateVersion, bool Material, IReadOnlyList<string> Fired, IReadOnlyList<TriggerCheck> Checks,
    IReadOnlyList<FieldDiff> Diff, IReadOnlyList<MetricDiff> MetricDiff,
    string Id, string ComparedWith, string ApprovedByReview, string Cause, bool LapsedApproval, DateTimeOffset AssessedAt, string AssessedBy);

/// <summary>
/// A system's material-change assessments, newest last, and the approval in force (the latest go or conditional go
/// of a model version that has not lapsed). Empty with a note when nothing was approved or assessed yet.
/// </summary>
public sealed record SystemChangesView(string SystemId, string System, string? ApprovedVersion, string? ApprovedByReview, string? Note, IReadOnlyList<MaterialChangeView> Changes);

public sealed class ListMaterialChanges(AttestDbContext db)
{
    public async Task<Result<SystemChangesView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<SystemChangesView>.NotFound($"No AI system '{idOrSlug}'.");
        var approval = await ApprovalsInForce.LatestAsync(db, system.Id, ct);
        var records = await db.MaterialChanges.AsNoTracking().Where(m => m.SystemId == system.Id).ToListAsync(ct);
        var changes = records.OrderBy(r => r.AssessedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(ToView).ToArray();
        var note = (approval, changes.Length) switch
        {
            (null, 0) => "No model version of this system has been approved yet, so there is nothing to compare with.",
            (null, _) => "The last approval lapsed after a material change; no model version is approved now.",
            (_, 0) => "No model version or configuration has changed since the approval.",
            _ => null,
        };
        return Result<SystemChangesView>.Ok(new SystemChangesView(system.Id, system.Slug, approval?.ModelVersionLabel, approval?.Id, note, changes));
    }

    private static MaterialChangeView ToView(MaterialChangeRecord r) => new(
        r.CandidateLabel, r.Material, Read<string[]>(r.FiredJson), Read<TriggerCheck[]>(r.ChecksJson),
        Read<FieldDiff[]>(r.DiffJson), Read<MetricDiff[]>(r.MetricDiffJson),
        r.Id, r.ApprovedLabel, r.ApprovedReviewId, r.Cause, r.LapsedApproval, r.AssessedAt, r.AssessedBy);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, AttestJson.Options)!;
}
