using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>Makes a user a product owner or ML engineer of one system, so they may edit it.</summary>
public sealed class GrantSystemMembership(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<bool>> ExecuteByIdAsync(string systemId, string userId, string role, Actor actor, CancellationToken ct)
    {
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        return userName is null ? Result<bool>.NotFound($"No user '{userId}'.") : await ExecuteAsync(systemId, userName, role, actor, ct);
    }

    public async Task<Result<bool>> ExecuteAsync(string systemIdOrSlug, string userName, string role, Actor actor, CancellationToken ct)
    {
        if (!Roles.SystemScoped.Contains(role))
            return Result<bool>.Invalid("role", $"must be one of {string.Join(" | ", Roles.SystemScoped)}");
        return await db.InTransactionAsync(async () =>
        {
            var system = await db.FindSystemAsync(systemIdOrSlug, ct);
            if (system is null) return Result<bool>.NotFound($"No AI system '{systemIdOrSlug}'.");
            var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
            if (user is null) return Result<bool>.NotFound($"No user '{userName}'.");
            if (await db.SystemMembers.AnyAsync(m => m.SystemId == system.Id && m.UserId == user.Id && m.Role == role, ct)) return Result<bool>.Ok(false);
            db.SystemMembers.Add(new SystemMember { SystemId = system.Id, UserId = user.Id, Role = role, GrantedAt = time.GetUtcNow(), GrantedBy = actor.Id });
            await LedgerWriter.AppendAsync(db, time, actor, "system.member_granted", $"system:{system.Id}",
                new JsonObject { ["user"] = user.UserName, ["role"] = role }, ct);
            return Result<bool>.Ok(true);
        }, ct);
    }
}

/// <summary>Whether a caller may change a given system: system-scoped roles need membership; keys scoped to a system reach only it.</summary>
public sealed class SystemAccess(AttestDbContext db)
{
    public async Task<bool> CanChangeAsync(Attest.Core.Features.Identity.CallerIdentity caller, string systemId, CancellationToken ct)
    {
        if (caller.SystemId is { } scoped && scoped != systemId) return false;
        if (caller.Roles.Any(r => r is Roles.Admin or Roles.GovernanceLead)) return true;
        if (caller.UserId is null) return caller.Roles.Any(r => Roles.SystemScoped.Contains(r)) && caller.SystemId == systemId;
        return await db.SystemMembers.AnyAsync(m => m.SystemId == systemId && m.UserId == caller.UserId, ct);
    }
}
