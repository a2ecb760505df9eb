using System.Collections.Concurrent;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.DataFiles;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>Reading stored policy versions: the one in force, and a version's document as the Engine's policy.</summary>
public static class OversightPolicies
{
    // Stored documents never change (a new version is a new row), so each is parsed once per process.
    private static readonly ConcurrentDictionary<string, OversightPolicy> Parsed = new(StringComparer.Ordinal);

    public static Task<OversightPolicyVersion?> InForceAsync(AttestDbContext db, string systemId, CancellationToken ct) =>
        db.OversightPolicies.AsNoTracking().Where(p => p.SystemId == systemId && p.Status == PolicyStatus.InForce)
            .OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);

    /// <summary>The policy a stored version holds (its normalised document).</summary>
    public static OversightPolicy Policy(OversightPolicyVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Parsed.GetOrAdd(version.Sha256, _ =>
        {
            var errors = new List<DataError>();
            return OversightPolicyReader.Read(version.DocumentJson, $"oversight policy {version.Id}", yaml: false, null, errors)
                ?? throw new InvalidDataException($"The stored oversight policy {version.Id} does not read back: {DataError.Summarise(errors)}");
        });
    }

    public static OversightPolicyVersionDto ToDto(OversightPolicyVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new OversightPolicyVersionDto(v.Version, v.Status, v.Sha256, v.ProposedBy, v.ProposedAt, v.ApprovedBy, v.ApprovedAt, v.SupersededAt,
            v.Material, JsonSerializer.Deserialize<string[]>(v.ChangesJson) ?? [], JsonDocument.Parse(v.DocumentJson).RootElement.Clone(), v.SourceFormat, v.SourceText);
    }
}

/// <summary>One version of a system's oversight policy.</summary>
/// <param name="Document">The normalised policy (its canonical JSON is what <paramref name="Sha256"/> covers).</param>
/// <param name="Source">The text as proposed (YAML or JSON).</param>
public sealed record OversightPolicyVersionDto(
    int Version,
    PolicyStatus Status,
    string Sha256,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? SupersededAt,
    bool Material,
    IReadOnlyList<string> Changes,
    JsonElement Document,
    string SourceFormat,
    string Source);

/// <summary><c>PUT …/oversight-policy</c>: the new version, proposed.</summary>
public sealed record ProposedPolicyDto(int Version, PolicyStatus Status, string Sha256, bool Material, IReadOnlyList<string> Changes);

/// <summary><c>POST …/versions/{N}/approve</c>: the version, now in force.</summary>
public sealed record ApprovedPolicyDto(int Version, PolicyStatus Status, string Sha256, string ApprovedBy, DateTimeOffset ApprovedAt, int? SupersededVersion);

/// <summary>A system's oversight policy: the version in force (null: every decision goes to a person) and every version, newest first.</summary>
public sealed record OversightPolicyView(string System, OversightPolicyVersionDto? InForce, IReadOnlyList<OversightPolicyVersionDto> Versions, string Note);
