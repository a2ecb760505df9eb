using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;

namespace Attest.Core.Features.Documents;

/// <summary>
/// Saves an author's narrative for one section of a generated document as a new revision (the older ones stay as
/// history), guarded by the version the author read, with a <c>document.narrative_saved</c> ledger entry carrying
/// the text's SHA-256. Empty text removes the narrative from the document (as a revision too).
/// </summary>
public sealed class SaveDocumentNarrative(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public const int MaxLength = DocumentNarratives.MaxLength;

    /// <param name="expectedVersion">The version the author edited (If-Match); null saves unconditionally.</param>
    public async Task<Result<NarrativeDto>> ExecuteAsync(DocumentRef document, string section, NarrativeInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Text is null) errors.Add("text", "is required (an empty text removes the narrative)");
        var text = input.Text is null ? "" : NarrativeMarkdown.Normalize(input.Text);
        if (text.Length > MaxLength) errors.Add("text", $"must be at most {MaxLength:N0} characters (got {text.Length:N0})");
        if (expectedVersion is < 0) errors.Add("version", "must be 0 (no narrative yet) or a version returned by the API");
        if (errors.Any) return errors.ToResult<NarrativeDto>();

        // A datasheet belongs to a shared dataset; the other documents to a system and its evidence.
        var (permission, writeTarget) = document.OfDataset
            ? (Permissions.InventoryWrite, WriteTarget.Dataset(document.SubjectIdOrSlug))
            : (Permissions.EvidenceWrite, WriteTarget.System(document.SubjectIdOrSlug));
        return await writes.ChangeAsync(caller, permission, writeTarget, async change =>
        {
            // Read the current version and append under the ledger's lock, so concurrent saves of one section on
            // PostgreSQL queue up and the later ones see the earlier revision (412) instead of colliding on it.
            await LedgerWriter.LockForAppendAsync(db, ct);
            var resolved = await DocumentNarratives.ResolveAsync(db, document, ct);
            if (!resolved.IsOk) return resolved.As<NarrativeDto>();
            var target = resolved.Value!;
            if (!target.Kind.Sections.Contains(section))
                return Result<NarrativeDto>.NotFound($"The {target.Kind.UrlName} has no section '{section}': one of {string.Join(", ", target.Kind.Sections)}.");
            var current = (await DocumentNarratives.CurrentAsync(db, target.Kind.Id, target.SubjectId, ct)).GetValueOrDefault(section)?.Revision ?? 0;
            if (expectedVersion is { } expected && expected != current)
                return Result<NarrativeDto>.PreconditionFailed(
                    $"Section '{section}' of the {target.Kind.UrlName} of {target.SubjectLabel} is at version {current}, not {expected}: someone saved it since you read it; reload and merge.");
            var revision = await DocumentNarratives.AppendAsync(db, change, ids, target, section, text, "author", ct);
            return Result<NarrativeDto>.Ok(NarrativeDto.From(revision, target.SubjectLabel));
        }, ct);
    }
}
