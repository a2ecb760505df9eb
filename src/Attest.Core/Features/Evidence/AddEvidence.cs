using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>
/// Adds a file as evidence of a system: stores the content once under its SHA-256, records what it
/// proves and until when, retires the evidence it supersedes, and appends <c>evidence.added</c> to the
/// ledger — all or nothing (a refused or failed upload leaves no blob behind; a full store is a 507-style
/// <see cref="ResultKind.InsufficientStorage"/> with no row and no file).
/// </summary>
public sealed class AddEvidence(AttestDbContext db, GovernedWrites writes, TimeProvider time, IdGenerator ids, BlobStore blobs, ComplianceData data, EvidenceSettings settings)
{
    public const int MaxSummaryLength = 2000;

    public Task<Result<EvidenceDto>> ExecuteAsync(string systemIdOrSlug, EvidenceInput input, Stream content, CallerIdentity caller, CancellationToken ct) =>
        ExecuteAsync(systemIdOrSlug, input, content, caller, alsoRecord: null, ct);

    /// <param name="alsoRecord">
    /// Further changes that belong to the same transaction (e.g. an import that also updates the model version): called
    /// after the evidence and its ledger entry are added; a failure it returns rolls everything back.
    /// </param>
    internal async Task<Result<EvidenceDto>> ExecuteAsync(string systemIdOrSlug, EvidenceInput input, Stream content, CallerIdentity caller,
        Func<GovernedChange, EvidenceDto, Task<Result<EvidenceDto>?>>? alsoRecord, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(content);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = ValidateShape(input, now, today);
        if (errors.Any) return errors.ToResult<EvidenceDto>();

        using var staged = await blobs.StageAsync(content, settings.MaxBytes, ct);
        if (staged.StoreFull is { } full) return Result<EvidenceDto>.InsufficientStorage(full);
        if (staged.Size == 0) return Result<EvidenceDto>.Invalid("file", "is empty");
        if (staged.Oversized) return Result<EvidenceDto>.Invalid("file", $"is larger than the limit of {settings.MaxBytes} bytes");

        var createdBlob = false;
        try
        {
            return await writes.ChangeAsync(caller, Permissions.EvidenceWrite, WriteTarget.System(systemIdOrSlug), async change =>
            {
                var system = change.System;
                var type = input.Type!.Trim();
                var controls = await ResolveControlsAsync(system, type, input.Controls, errors, ct);
                var models = await ResolveModelVersionsAsync(system, input.ModelVersions ?? [], errors, ct);
                var datasets = await db.ResolveDatasetsAsync(input.Datasets ?? [], "datasets", errors, ct);
                EvidenceItem? superseded = null;
                if (!string.IsNullOrWhiteSpace(input.Supersedes))
                {
                    superseded = await db.Evidence.FirstOrDefaultAsync(e => e.Id == input.Supersedes, ct);
                    if (superseded is null || superseded.SystemId != system.Id)
                        errors.Add("supersedes", $"no evidence '{input.Supersedes}' of system '{system.Slug}'");
                    else if (superseded.Status != EvidenceStatuses.Active)
                        errors.Add("supersedes", $"evidence '{superseded.Id}' is already retired");
                }
                if (errors.Any) return errors.ToResult<EvidenceDto>();

                var producedAt = Truncate(input.ProducedAt ?? now);
                var validUntil = input.ValidUntil ?? DateOnly.FromDateTime(producedAt.UtcDateTime).AddMonths(controls.Min(c => c.RenewalMonths));
                var item = new EvidenceItem
                {
                    Id = ids.New("ev"),
                    SystemId = system.Id,
                    Type = type,
                    Controls = controls.Select(c => c.Id).ToList(),
                    ModelVersionIds = models.Select(m => m.Id).ToList(),
                    DatasetIds = datasets.Select(d => d.Id).Distinct().ToList(),
                    Sha256 = staged.Sha256,
                    SizeBytes = staged.Size,
                    FileName = EvidenceFileNames.Sanitize(input.FileName, staged.Sha256, input.MediaType),
                    MediaType = string.IsNullOrWhiteSpace(input.MediaType) ? "application/octet-stream" : input.MediaType.Trim(),
                    Summary = string.IsNullOrWhiteSpace(input.Summary) ? null : input.Summary.Trim(),
                    Method = input.Method ?? "upload",
                    ProducedBy = change.Actor.Id,
                    ProducedAt = producedAt,
                    ValidUntil = validUntil,
                    SupersedesId = superseded?.Id,
                    Status = EvidenceStatuses.Active,
                    CreatedAt = Truncate(now),
                    Version = 1,
                };
                db.Evidence.Add(item);
                var modelLabels = models.ToDictionary(m => m.Id, m => m.Label);
                var datasetLabels = datasets.DistinctBy(d => d.Id).ToDictionary(d => d.Id, d => d.Slug);
                var dto = item.ToDto(system.Slug, modelLabels, datasetLabels);
                await change.RecordAsync(LedgerActions.EvidenceAdded, AttestJson.ToNode(dto), ct);
                if (superseded is not null)
                {
                    RetireEvidence.Retire(superseded, change.Actor, Truncate(now), $"superseded by {item.Id}");
                    await change.RecordAsync(LedgerActions.EvidenceRetired, new JsonObject
                    {
                        ["id"] = superseded.Id,
                        ["type"] = superseded.Type,
                        ["sha256"] = superseded.Sha256,
                        ["reason"] = superseded.RetiredReason,
                    }, ct);
                }
                if (alsoRecord is not null && await alsoRecord(change, dto) is { IsOk: false } refused) return refused;
                // Last step before the commit: the blob moves into place only for a change that is otherwise complete.
                var committed = blobs.Commit(staged);
                if (committed == BlobCommit.StoreFull) return Result<EvidenceDto>.InsufficientStorage(staged.StoreFull!);
                createdBlob = committed == BlobCommit.Created;
                // A new evaluation or red-team report of a model version can show a regression against the approved one.
                if (type is "fairness_report" or RedTeam.RedTeamReport.EvidenceType)
                {
                    foreach (var model in models)
                        change.Touched(model, "evaluation");
                }
                return Result<EvidenceDto>.Ok(dto);
            }, ct);
        }
        catch
        {
            if (createdBlob) blobs.RemoveCreated(staged.Sha256);
            throw;
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static FieldErrors ValidateShape(EvidenceInput input, DateTimeOffset now, DateOnly today)
    {
        var errors = new FieldErrors();
        errors.Required("type", input.Type);
        if (!string.IsNullOrWhiteSpace(input.Type) && !Compliance.Controls.Identifiers.IsEvidenceType(input.Type.Trim()))
            errors.Add("type", "must be a snake_case evidence type such as fairness_report");
        if (input.Method is not null && !EvidenceMethods.All.Contains(input.Method))
            errors.Add("method", $"must be one of {string.Join(", ", EvidenceMethods.All)}");
        errors.MaxLength("summary", input.Summary, MaxSummaryLength);
        errors.MaxLength("file_name", input.FileName, 255);
        errors.MaxLength("media_type", input.MediaType, 100);
        if (input.ValidUntil is { } until && until < today)
            errors.Add("valid_until", $"{until:yyyy-MM-dd} is in the past (today is {today:yyyy-MM-dd})");
        if (input.ProducedAt is { } produced && produced > now)
            errors.Add("produced_at", "is in the future");
        return errors;
    }

    private async Task<IReadOnlyList<Control>> ResolveControlsAsync(AiSystem system, string type, IReadOnlyList<string>? requested, FieldErrors errors, CancellationToken ct)
    {
        var library = await RequiredControls.LibraryInForceAsync(db, data, ct);
        if (!library.Controls.Any(c => c.EvidenceTypes.Contains(type)))
        {
            errors.Add("type", $"no control accepts evidence of type '{type}'");
            return [];
        }
        var required = await SystemEvidenceFacts.RequiredControlsAsync(db, data, system.Id, ct);
        if (requested is null || requested.Count == 0)
        {
            // Unclassified systems have no required controls yet: evidence counts for any control that accepts it.
            var candidates = (required ?? library.Controls).Where(c => c.EvidenceTypes.Contains(type)).ToArray();
            if (candidates.Length == 0)
                errors.Add("type", $"no control that system '{system.Slug}' requires accepts evidence of type '{type}'");
            return candidates;
        }
        var chosen = new List<Control>();
        for (var i = 0; i < requested.Count; i++)
        {
            var id = requested[i]?.Trim() ?? "";
            var control = library.Controls.FirstOrDefault(c => c.Id == id);
            if (control is null)
                errors.Add($"controls[{i}]", $"no control '{id}' in the control library");
            else if (!control.EvidenceTypes.Contains(type))
                errors.Add($"controls[{i}]", $"{id} accepts evidence of type {string.Join(", ", control.EvidenceTypes)}, not '{type}'");
            else if (required is not null && !required.Any(c => c.Id == id))
                errors.Add($"controls[{i}]", $"system '{system.Slug}' does not require {id}");
            else if (!chosen.Contains(control))
                chosen.Add(control);
        }
        return chosen;
    }

    private async Task<List<ModelVersion>> ResolveModelVersionsAsync(AiSystem system, IReadOnlyList<string> refs, FieldErrors errors, CancellationToken ct)
    {
        var found = new List<ModelVersion>();
        for (var i = 0; i < refs.Count; i++)
        {
            var r = refs[i]?.Trim() ?? "";
            var at = r.LastIndexOf('@');
            var candidates = at > 0
                ? await db.ModelVersions.Where(m => m.Name == r.Substring(0, at) && m.Version == r.Substring(at + 1)).ToListAsync(ct)
                : await db.ModelVersions.Where(m => m.Id == r).ToListAsync(ct);
            var own = candidates.FirstOrDefault(m => m.SystemId == system.Id);
            if (own is not null) { if (!found.Contains(own)) found.Add(own); }
            else if (candidates.Count > 0) errors.Add($"model_versions[{i}]", $"model version '{r}' belongs to another system, not '{system.Slug}'");
            else errors.Add($"model_versions[{i}]", $"system '{system.Slug}' has no model version '{r}'");
        }
        return found;
    }
}
