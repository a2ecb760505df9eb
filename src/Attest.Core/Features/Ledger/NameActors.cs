using Attest.Core.Data;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// People's and keys' names for actor ids ("user:nadia.haddad" → "Nadia Haddad (ML engineer, marketing)"), the same
/// names the history pages use, so a page says who did something in words rather than in ids.
/// </summary>
public sealed class NameActors(AttestDbContext db)
{
    public async Task<IReadOnlyDictionary<string, string>> ExecuteAsync(IEnumerable<string?> actorIds, CancellationToken ct)
    {
        var ids = actorIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? new Dictionary<string, string>(StringComparer.Ordinal) : await HistoryNames.ActorsAsync(db, ids, ct);
    }
}
