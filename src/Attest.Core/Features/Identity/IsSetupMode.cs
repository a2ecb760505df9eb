using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>
/// True only for a fresh installation nobody has ever been able to authenticate to: no user and no API
/// key exists and none was ever created. The ledger remembers every <c>user.created</c> and
/// <c>api_key.created</c>, so revoking the last key or disabling the last user never re-opens setup mode.
/// </summary>
public sealed class IsSetupMode(AttestDbContext db)
{
    public static readonly string UserCreated = Governance.LedgerActions.UserCreated.Name;
    public static readonly string ApiKeyCreated = Governance.LedgerActions.ApiKeyCreated.Name;

    public async Task<bool> ExecuteAsync(CancellationToken ct) =>
        !await db.Users.AnyAsync(ct)
        && !await db.ApiKeys.AnyAsync(ct)
        && !await db.Ledger.AnyAsync(e => e.Action == UserCreated || e.Action == ApiKeyCreated, ct);
}
