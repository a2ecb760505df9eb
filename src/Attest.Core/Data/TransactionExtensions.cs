using Attest.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs a change in one transaction: the state change and its ledger entry commit together, or
    /// nothing is written (a failed result or an exception rolls everything back).
    /// </summary>
    public static async Task<Result<T>> InTransactionAsync<T>(this AttestDbContext db, Func<Task<Result<T>>> change, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await change();
            if (!result.IsOk)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return result;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result<T>.PreconditionFailed("The resource was changed by someone else since you read it; read it again and retry.");
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
