using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>What the producer says about a file it adds as evidence (the file itself travels beside it).</summary>
public sealed record EvidenceInput
{
    /// <summary>Evidence type (snake_case) that at least one control accepts, e.g. fairness_report.</summary>
    public string? Type { get; init; }
    /// <summary>Control ids it satisfies; absent: every control the system requires that accepts the type.</summary>
    public IReadOnlyList<string>? Controls { get; init; }
    /// <summary>Model versions of the system it concerns, by id or name@version; absent: the system as a whole.</summary>
    public IReadOnlyList<string>? ModelVersions { get; init; }
    /// <summary>Datasets it concerns, by id or slug.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }
    public string? Summary { get; init; }
    /// <summary>How it was produced: upload (default), cli, ci or evaluation.</summary>
    public string? Method { get; init; }
    /// <summary>The last day it is valid; absent: produced-at plus the shortest renewal period of its controls.</summary>
    public DateOnly? ValidUntil { get; init; }
    /// <summary>When it was produced; absent: now. Never in the future.</summary>
    public DateTimeOffset? ProducedAt { get; init; }
    /// <summary>The id of the evidence this one replaces; that one is retired.</summary>
    public string? Supersedes { get; init; }
    public string? FileName { get; init; }
    public string? MediaType { get; init; }
}

public sealed record EvidenceReference(string Id, string Label);

/// <summary>One evidence item as callers see it.</summary>
public sealed record EvidenceDto(
    string Id, string SystemId, string SystemSlug, string Type, IReadOnlyList<string> Controls,
    IReadOnlyList<EvidenceReference> ModelVersions, IReadOnlyList<EvidenceReference> Datasets,
    string Sha256, long SizeBytes, string FileName, string MediaType, string? Summary, string Method,
    string ProducedBy, DateTimeOffset ProducedAt, DateOnly ValidUntil, string? Supersedes, string Status,
    string? RetiredBy, DateTimeOffset? RetiredAt, string? RetiredReason, int Version, string ContentUrl);

/// <summary>Why evidence is retired.</summary>
public sealed record RetireEvidenceInput
{
    public string? Reason { get; init; }
}

public static class EvidenceStatuses
{
    public const string Active = "active";
    public const string Retired = "retired";
}

public static class EvidenceMethods
{
    public static readonly IReadOnlyList<string> All = ["upload", "cli", "ci", "evaluation"];
}

internal static class EvidenceMapping
{
    public static async Task<EvidenceDto> ToDtoAsync(this EvidenceItem e, AttestDbContext db, CancellationToken ct)
    {
        var slug = await db.Systems.Where(s => s.Id == e.SystemId).Select(s => s.Slug).FirstOrDefaultAsync(ct) ?? e.SystemId;
        var models = await ModelLabelsAsync(db, e.ModelVersionIds, ct);
        var datasets = await DatasetLabelsAsync(db, e.DatasetIds, ct);
        return e.ToDto(slug, models, datasets);
    }

    public static EvidenceDto ToDto(this EvidenceItem e, string systemSlug, IReadOnlyDictionary<string, string> modelLabels, IReadOnlyDictionary<string, string> datasetLabels) => new(
        e.Id, e.SystemId, systemSlug, e.Type, e.Controls,
        e.ModelVersionIds.Select(id => new EvidenceReference(id, modelLabels.GetValueOrDefault(id, id))).ToArray(),
        e.DatasetIds.Select(id => new EvidenceReference(id, datasetLabels.GetValueOrDefault(id, id))).ToArray(),
        e.Sha256, e.SizeBytes, e.FileName, e.MediaType, e.Summary, e.Method, e.ProducedBy, e.ProducedAt, e.ValidUntil,
        e.SupersedesId, e.Status, e.RetiredBy, e.RetiredAt, e.RetiredReason, e.Version, $"/api/v1/evidence/{e.Id}/content");

    public static async Task<Dictionary<string, string>> ModelLabelsAsync(AttestDbContext db, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await db.ModelVersions.Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Name, m.Version }).ToListAsync(ct))
            .ToDictionary(m => m.Id, m => $"{m.Name}@{m.Version}");

    public static async Task<Dictionary<string, string>> DatasetLabelsAsync(AttestDbContext db, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await db.Datasets.Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Slug }).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => d.Slug);
}
