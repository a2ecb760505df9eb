using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Attest.Core.Tests.Support;

/// <summary>
/// What someone with direct database access does before rewriting history: drops the triggers that keep the ledger
/// append-only. The triggers differ per provider (SQLite: one per statement kind; PostgreSQL: one for UPDATE, DELETE and
/// TRUNCATE), so tests that tamper say what they mean here and write their SQL with quoted identifiers, which both read.
/// </summary>
public static class LedgerTampering
{
    public static async Task DropAppendOnlyTriggersAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (database.IsNpgsql())
        {
            await database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries", cancellationToken);
            return;
        }
        await database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS ledger_entries_no_update", cancellationToken);
        await database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS ledger_entries_no_delete", cancellationToken);
    }
}
