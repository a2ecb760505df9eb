using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>Creates an API key for automation: roles, optionally one system, optionally an expiry. The secret is returned once.</summary>
public sealed class CreateApiKey(AttestDbContext db, TimeProvider time, IdGenerator ids)
{
    public async Task<Result<CreatedApiKey>> ExecuteAsync(ApiKeyInput input, Actor actor, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name);
        errors.MaxLength("name", input.Name, 200);
        RoleValidation.Validate(errors, input.Roles, null);
        if (input.ExpiresAt is { } expiry && expiry <= time.GetUtcNow()) errors.Add("expires_at", "must be in the future");
        if (errors.Any) return errors.ToResult<CreatedApiKey>();

        return await db.InTransactionAsync(async () =>
        {
            string? systemId = null;
            if (input.System is { } reference)
            {
                var system = await db.FindSystemAsync(reference, ct);
                if (system is null) return Result<CreatedApiKey>.Invalid("system", $"no AI system '{reference}'");
                systemId = system.Id;
            }
            var secret = ApiKeySecrets.Generate();
            var key = new ApiKey
            {
                Id = ids.New("key"),
                Name = input.Name!.Trim(),
                SecretHash = ApiKeySecrets.Hash(secret),
                Roles = [.. input.Roles!.Distinct(StringComparer.Ordinal)],
                SystemId = systemId,
                CreatedBy = actor.Id,
                CreatedAt = time.GetUtcNow(),
                ExpiresAt = input.ExpiresAt,
            };
            db.ApiKeys.Add(key);
            var dto = key.ToDto();
            await LedgerWriter.AppendAsync(db, time, actor, "api_key.created", $"api_key:{key.Id}", AttestJson.ToNode(dto), ct);
            return Result<CreatedApiKey>.Ok(new CreatedApiKey(dto, secret));
        }, ct);
    }
}

/// <summary>Revokes a key at once; the record stays for the history.</summary>
public sealed class RevokeApiKey(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<ApiKeyDto>> ExecuteAsync(string keyId, Actor actor, CancellationToken ct) =>
        await db.InTransactionAsync(async () =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId, ct);
            if (key is null) return Result<ApiKeyDto>.NotFound($"No API key '{keyId}'.");
            if (key.RevokedAt is not null) return Result<ApiKeyDto>.Conflict($"API key '{keyId}' was already revoked.");
            key.RevokedAt = time.GetUtcNow();
            key.RevokedBy = actor.Id;
            await LedgerWriter.AppendAsync(db, time, actor, "api_key.revoked", $"api_key:{key.Id}", new JsonObject { ["id"] = key.Id, ["name"] = key.Name }, ct);
            return Result<ApiKeyDto>.Ok(key.ToDto());
        }, ct);
}

public sealed class ListApiKeys(AttestDbContext db)
{
    public async Task<IReadOnlyList<ApiKeyDto>> ExecuteAsync(CancellationToken ct) =>
        (await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct)).Select(k => k.ToDto()).ToList();
}

/// <summary>
/// Finds the key a bearer token names. Wrong, revoked and expired keys are all refused the same way.
/// Last-used time is written at most once a minute per key so reads do not become writes.
/// </summary>
public sealed class AuthenticateApiKey(AttestDbContext db, TimeProvider time)
{
    public async Task<CallerIdentity?> ExecuteAsync(string token, CancellationToken ct)
    {
        if (!ApiKeySecrets.LooksLikeKey(token)) return null;
        var hash = ApiKeySecrets.Hash(token);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.SecretHash == hash, ct);
        var now = time.GetUtcNow();
        if (key is null || key.RevokedAt is not null || key.ExpiresAt is { } expiry && expiry <= now) return null;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return new CallerIdentity(new Actor($"key:{key.Id}", $"API key {key.Name}"), key.Roles, [], key.SystemId, null);
    }
}
