using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>Makes a user a product owner or ML engineer of one system, so they may change it.</summary>
public sealed class GrantSystemMembership(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<bool>> ExecuteAsync(string systemIdOrSlug, string userName, string role, CallerIdentity caller, CancellationToken ct)
    {
        if (!Roles.SystemScoped.Contains(role))
            return Result<bool>.Invalid("role", $"must be one of {string.Join(" | ", Roles.SystemScoped)}");
        return await writes.ChangeAsync(caller, Permissions.UsersManage, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
            if (user is null) return Result<bool>.NotFound($"No user '{userName}'.");
            return Result<bool>.Ok(await SystemMembers.GrantAsync(db, change, change.System, user.Id, role, ct));
        }, ct);
    }
}

internal static class SystemMembers
{
    /// <summary>Adds the membership (false when it exists already) and records it.</summary>
    public static async Task<bool> GrantAsync(AttestDbContext db, GovernedChange change, AiSystem system, string userId, string role, CancellationToken ct)
    {
        if (await db.SystemMembers.AnyAsync(m => m.SystemId == system.Id && m.UserId == userId && m.Role == role, ct))
            return false;
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstAsync(ct);
        db.SystemMembers.Add(new SystemMember { SystemId = system.Id, UserId = userId, Role = role, GrantedAt = change.Now, GrantedBy = change.Actor.Id });
        await change.RecordAsync(LedgerActions.SystemMemberGranted, system, new JsonObject { ["user"] = userName, ["role"] = role }, ct);
        return true;
    }
}
