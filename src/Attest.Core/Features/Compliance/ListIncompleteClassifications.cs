using Attest.Core.Data;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The systems whose latest intake leaves questions that decide the class unanswered, with those questions: what the
/// inventory shows beside an "incomplete" badge.
/// </summary>
public sealed class ListIncompleteClassifications(AttestDbContext db)
{
    /// <summary>System id → the questions its classification is missing.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MissingAnswerDto>>> ExecuteAsync(CancellationToken ct) =>
        (await ClassificationRecords.LatestOfAllAsync(db, ct)).Where(p => !p.Value.IsComplete)
            .ToDictionary(p => p.Key, p => p.Value.Missing, StringComparer.Ordinal);
}
