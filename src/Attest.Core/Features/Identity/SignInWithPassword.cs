using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>
/// Checks a user name and password. Five failures in a row lock the account for 15 minutes, so a
/// password cannot be guessed online; the answer never says whether the user exists.
/// </summary>
public sealed class SignInWithPassword(AttestDbContext db, TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    public const string Refusal = "The user name or password is wrong, or the account is locked.";

    public async Task<Result<CallerIdentity>> ExecuteAsync(string? userName, string? password, CancellationToken ct)
    {
        var name = userName?.Trim().ToLowerInvariant() ?? "";
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        var now = time.GetUtcNow();
        if (user is null || user.Disabled || user.PasswordHash is null || string.IsNullOrEmpty(password))
        {
            // Spend the same time as a real check so timing does not reveal which user names exist.
            PasswordHashing.Verify(password ?? "", DummyHash.Value);
            return Result<CallerIdentity>.Forbidden(Refusal);
        }
        if (user.LockedUntil is { } until && until > now) return Result<CallerIdentity>.Forbidden(Refusal);

        if (!PasswordHashing.Verify(password, user.PasswordHash))
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailures)
            {
                user.LockedUntil = now + Lockout;
                user.FailedSignIns = 0;
            }
            await db.SaveChangesAsync(ct);
            return Result<CallerIdentity>.Forbidden(Refusal);
        }
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
        return Result<CallerIdentity>.Ok(new CallerIdentity(new Actor($"user:{user.UserName}", user.DisplayName), user.Roles, user.Specialties, null, user.Id));
    }

    private static readonly Lazy<string> DummyHash = new(() => PasswordHashing.Hash("not a real password"));
}
