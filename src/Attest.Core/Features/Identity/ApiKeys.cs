using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>Creates an API key for automation: roles, optionally one system, optionally an expiry. The secret is returned once.</summary>
public sealed class CreateApiKey(AttestDbContext db, GovernedWrites writes, TimeProvider time, IdGenerator ids)
{
    public async Task<Result<CreatedApiKey>> ExecuteAsync(ApiKeyInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        errors.Required("name", input.Name);
        errors.MaxLength("name", input.Name, 200);
        RoleValidation.Validate(errors, input.Roles, null);
        if (input.ExpiresAt is { } expiry && expiry <= time.GetUtcNow()) errors.Add("expires_at", "must be in the future");
        // Nobody mints a credential broader than their own: no role they do not hold (unless they administer
        // everything), and a key scoped to a system only makes keys for that system.
        if (!caller.HasRole(Roles.Admin))
        {
            foreach (var role in (input.Roles ?? []).Where(r => !caller.HasRole(r)))
                errors.Add("roles", $"you cannot give a role you do not hold yourself: {role}");
        }
        if (caller.IsScoped && input.System is null)
            errors.Add("system", "a key scoped to one system can create keys only for that system: name it here");
        if (errors.Any) return errors.ToResult<CreatedApiKey>();
        if (input.System is { } named && await db.FindSystemAsync(named, ct) is null)
            return Result<CreatedApiKey>.Invalid("system", $"no AI system '{named}'");

        var target = input.System is null ? WriteTarget.Installation : WriteTarget.System(input.System);
        return await writes.ChangeAsync(caller, Permissions.KeysManage, target, async change =>
        {
            var systemId = input.System is null ? null : change.System.Id;
            var secret = ApiKeySecrets.Generate();
            var key = new ApiKey
            {
                Id = ids.New("key"),
                Name = input.Name!.Trim(),
                SecretHash = ApiKeySecrets.Hash(secret),
                Roles = [.. input.Roles!.Distinct(StringComparer.Ordinal)],
                SystemId = systemId,
                CreatedBy = change.Actor.Id,
                CreatedAt = change.Now,
                ExpiresAt = input.ExpiresAt,
            };
            db.ApiKeys.Add(key);
            var dto = key.ToDto();
            await change.RecordAsync(LedgerActions.ApiKeyCreated, key, AttestJson.ToNode(dto), ct);
            return Result<CreatedApiKey>.Ok(new CreatedApiKey(dto, secret));
        }, ct);
    }
}

/// <summary>Revokes a key at once; the record stays for the history.</summary>
public sealed class RevokeApiKey(AttestDbContext db, GovernedWrites writes, ApiKeyCache cache)
{
    public async Task<Result<ApiKeyDto>> ExecuteAsync(string keyId, CallerIdentity caller, CancellationToken ct)
    {
        var found = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => new { k.SystemId }).FirstOrDefaultAsync(ct);
        if (found is null) return Result<ApiKeyDto>.NotFound($"No API key '{keyId}'.");
        // A key of one system is that system's business; an unscoped key is the installation's.
        var target = found.SystemId is null ? WriteTarget.Installation : WriteTarget.System(found.SystemId);
        var revoked = await writes.ChangeAsync(caller, Permissions.KeysManage, target, async change =>
        {
            var key = await db.ApiKeys.FirstAsync(k => k.Id == keyId, ct);
            if (key.RevokedAt is not null) return Result<ApiKeyDto>.Conflict($"API key '{keyId}' was already revoked.");
            key.RevokedAt = change.Now;
            key.RevokedBy = change.Actor.Id;
            await change.RecordAsync(LedgerActions.ApiKeyRevoked, key, new JsonObject { ["id"] = key.Id, ["name"] = key.Name }, ct);
            return Result<ApiKeyDto>.Ok(key.ToDto());
        }, ct);
        // Committed: this instance refuses the key from now on; others within ApiKeyCache.RevocationCheckInterval.
        if (revoked.IsOk) cache.Forget();
        return revoked;
    }
}

/// <summary>The API keys the caller may see: all of them, or, for a key scoped to a system, the keys scoped to that system.</summary>
public sealed class ListApiKeys(AttestDbContext db)
{
    public async Task<IReadOnlyList<ApiKeyDto>> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var keys = db.ApiKeys.AsNoTracking();
        if (!scope.IsEverything) keys = scope.Filter(keys.Where(k => k.SystemId != null), k => k.SystemId!);
        return (await keys.OrderBy(k => k.CreatedAt).ToListAsync(ct)).Select(k => k.ToDto()).ToList();
    }
}

/// <summary>
/// Finds the key a bearer token names. Wrong, revoked and expired keys are all refused the same way.
/// Last-used time is written at most once a minute per key so reads do not become writes.
/// A key that authenticated is remembered for a short while (<see cref="ApiKeyCache"/>: revocation here takes effect at
/// once, on another instance within <see cref="ApiKeyCache.RevocationCheckInterval"/>).
/// </summary>
public sealed class AuthenticateApiKey(AttestDbContext db, TimeProvider time, ApiKeyCache cache)
{
    public async Task<CallerIdentity?> ExecuteAsync(string token, CancellationToken ct)
    {
        if (!ApiKeySecrets.LooksLikeKey(token)) return null;
        var hash = ApiKeySecrets.Hash(token);
        if (cache.TryGet(hash) is { } remembered) return remembered;
        if (cache.CheckDue())
        {
            var ticket = cache.BeginCheck();
            cache.Observed(ticket, await RevisionAsync(ct));
            if (cache.TryGet(hash) is { } still) return still;
        }
        // Read before the key: what is remembered is tagged with the revision it was read under.
        var revision = cache.Revision;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.SecretHash == hash, ct);
        var now = time.GetUtcNow();
        if (key is null || key.RevokedAt is not null || key.ExpiresAt is { } expiry && expiry <= now) return null;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        var caller = new CallerIdentity(new Actor($"key:{key.Id}", $"API key {key.Name}"), key.Roles, [], key.SystemId, null);
        cache.Remember(hash, caller, key.ExpiresAt, revision);
        return caller;
    }

    // The key table's revision: how many keys there are and how many are revoked. Keys are never deleted and a revocation
    // is final, so any revocation (or a key removed behind our back) changes it.
    private async Task<long> RevisionAsync(CancellationToken ct)
    {
        var counts = await db.ApiKeys.GroupBy(_ => 1)
            .Select(g => new { All = g.LongCount(), Revoked = g.LongCount(k => k.RevokedAt != null) })
            .FirstOrDefaultAsync(ct);
        return counts is null ? 0 : counts.All << 32 | counts.Revoked;
    }
}
