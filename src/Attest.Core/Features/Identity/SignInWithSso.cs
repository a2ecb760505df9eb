using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>What a validated ID token from the identity provider says about the person signing in.</summary>
/// <param name="Issuer">The token's <c>iss</c>; with <paramref name="Subject"/> it names the person for good.</param>
/// <param name="EmailVerified">Only a verified e-mail address links the person to an existing local user.</param>
/// <param name="Groups">Values of the groups claim.</param>
/// <param name="RoleClaims">Values of the roles claim (Attest role names count as they are; other values go through the role map).</param>
public sealed record SsoIdentity(string Issuer, string Subject, string? UserName, string? DisplayName, string? Email, bool EmailVerified,
    IReadOnlyList<string> Groups, IReadOnlyList<string> RoleClaims);

/// <summary>
/// Turns a person signed in at the identity provider into a local user, so authorization stays one rule over local
/// users: the first sign-in creates the user (or links the local user with the same verified e-mail address), and every
/// sign-in sets the user's roles, specialties and provider-granted system memberships from their groups
/// (<see cref="SsoRoleMap"/>). Each change is written through the governed path and recorded on the ledger by the
/// provider's actor (<c>sso:&lt;provider&gt;</c>). A person whose groups give no Attest role, or whose user is disabled, is refused.
/// </summary>
public sealed partial class SignInWithSso(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    /// <summary>What the person is told when a sign-in is refused; the reason goes to the log only.</summary>
    public const string Refusal = "Single sign-on did not succeed. Ask your Attest administrator.";

    /// <summary>The identity provider acting on Attest's users: an administrator that no person can sign in as.</summary>
    public static CallerIdentity Provider(string providerName) =>
        new(new Actor("sso:" + ActorName(providerName), providerName), [Roles.Admin], [], null, null);

    public async Task<Result<CallerIdentity>> ExecuteAsync(SsoIdentity identity, string providerName, SsoRoleMap map, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(identity.Issuer) || string.IsNullOrWhiteSpace(identity.Subject))
            return Result<CallerIdentity>.Forbidden("The ID token has no issuer or subject.");
        var grant = map.Resolve(identity.Groups, identity.RoleClaims);
        if (grant.Roles.Count == 0)
            return Result<CallerIdentity>.Forbidden(
                $"The groups [{string.Join(", ", identity.Groups)}] and roles [{string.Join(", ", identity.RoleClaims)}] of {identity.Subject} give no Attest role (see Attest:Sso:RoleMap).");
        var externalId = $"{identity.Issuer}|{identity.Subject}";
        var caller = Provider(providerName);

        return await writes.ChangeAsync(caller, Permissions.UsersManage, WriteTarget.Installation, async change =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.ExternalId == externalId, ct)
                ?? await LinkAsync(identity, externalId, change, ct)
                ?? await CreateAsync(identity, externalId, grant, change, ct);
            if (user.Disabled)
                return Result<CallerIdentity>.Forbidden($"User {user.UserName} ({externalId}) is disabled.");

            if (!user.Roles.SequenceEqual(grant.Roles) || !user.Specialties.SequenceEqual(grant.Specialties))
            {
                var before = new JsonObject { ["roles"] = AttestJson.ToNode(user.Roles), ["specialties"] = AttestJson.ToNode(user.Specialties) };
                user.Roles = [.. grant.Roles];
                user.Specialties = [.. grant.Specialties];
                user.Version++;
                await change.RecordAsync(LedgerActions.UserRolesChanged, user, new JsonObject
                {
                    ["user_name"] = user.UserName,
                    ["before"] = before,
                    ["roles"] = AttestJson.ToNode(user.Roles),
                    ["specialties"] = AttestJson.ToNode(user.Specialties),
                }, ct);
            }
            // Memberships look the user up by id: a new user must be in the database (inside this transaction) first.
            await change.FlushAsync(ct);
            await SyncMembershipsAsync(user, grant, change, ct);
            user.LastSignInAt = change.Now;
            return Result<CallerIdentity>.Ok(new CallerIdentity(new Actor($"user:{user.UserName}", user.DisplayName), user.Roles, user.Specialties, null, user.Id));
        }, ct);
    }

    /// <summary>The local user with the same verified e-mail address and no provider identity yet, linked to this one.</summary>
    private async Task<User?> LinkAsync(SsoIdentity identity, string externalId, GovernedChange change, CancellationToken ct)
    {
        if (!identity.EmailVerified || string.IsNullOrWhiteSpace(identity.Email)) return null;
        var email = identity.Email.Trim().ToLowerInvariant();
        var matches = await db.Users.Where(u => u.ExternalId == null && u.Email != null && u.Email.ToLower() == email).Take(2).ToListAsync(ct);
        if (matches.Count != 1) return null;
        var user = matches[0];
        user.ExternalId = externalId;
        user.Version++;
        await change.RecordAsync(LedgerActions.UserLinked, user, new JsonObject { ["user_name"] = user.UserName, ["external_id"] = externalId, ["provider"] = change.Actor.DisplayName }, ct);
        return user;
    }

    private async Task<User> CreateAsync(SsoIdentity identity, string externalId, SsoGrant grant, GovernedChange change, CancellationToken ct)
    {
        var userName = UserNameFor(identity, externalId);
        if (await db.Users.AnyAsync(u => u.UserName == userName, ct))
            userName = $"{userName[..Math.Min(userName.Length, 90)]}-{ShortHash(externalId)}";
        var user = new User
        {
            Id = ids.New("usr"),
            UserName = userName,
            DisplayName = Clip(identity.DisplayName?.Trim() is { Length: > 0 } name ? name : identity.UserName ?? identity.Subject, 200),
            Email = EmailAddresses.IsValid(identity.Email) && !string.IsNullOrWhiteSpace(identity.Email) ? identity.Email.Trim() : null,
            ExternalId = externalId,
            PasswordHash = null,
            Roles = [.. grant.Roles],
            Specialties = [.. grant.Specialties],
            Version = 1,
            CreatedAt = change.Now,
        };
        db.Users.Add(user);
        var payload = AttestJson.ToNode(user.ToDto()).AsObject();
        payload["external_id"] = externalId;
        payload["provider"] = change.Actor.DisplayName;
        await change.RecordAsync(LedgerActions.UserCreated, user, payload, ct);
        return user;
    }

    /// <summary>
    /// Grants the memberships the groups give and withdraws those this provider granted earlier that the groups no longer
    /// give; memberships an administrator granted by hand are left alone. A system named in the map that does not exist is skipped.
    /// </summary>
    private async Task SyncMembershipsAsync(User user, SsoGrant grant, GovernedChange change, CancellationToken ct)
    {
        var wanted = new HashSet<(string SystemId, string Role)>();
        foreach (var (systemKey, role) in grant.Memberships)
        {
            var system = await db.Systems.FirstOrDefaultAsync(s => s.Slug == systemKey || s.Id == systemKey, ct);
            if (system is null) continue;
            wanted.Add((system.Id, role));
            await SystemMembers.GrantAsync(db, change, system, user.Id, role, ct);
        }
        var granted = await db.SystemMembers.Where(m => m.UserId == user.Id && m.GrantedBy == change.Actor.Id).ToListAsync(ct);
        foreach (var stale in granted.Where(m => !wanted.Contains((m.SystemId, m.Role))))
        {
            var system = await db.Systems.FirstAsync(s => s.Id == stale.SystemId, ct);
            db.SystemMembers.Remove(stale);
            await change.RecordAsync(LedgerActions.SystemMemberRevoked, system, new JsonObject { ["user"] = user.UserName, ["role"] = stale.Role }, ct);
        }
    }

    private static string UserNameFor(SsoIdentity identity, string externalId)
    {
        var source = identity.UserName ?? identity.Email ?? identity.Subject;
        var cleaned = NotAllowed().Replace(source.Trim().ToLowerInvariant(), "-").Trim('-', '.', '_');
        if (cleaned.Length > 100) cleaned = cleaned[..100];
        return cleaned.Length >= 2 ? cleaned : "sso-" + ShortHash(externalId);
    }

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private static string ActorName(string providerName)
    {
        var name = NotAllowed().Replace(providerName.Trim().ToLowerInvariant(), "-").Trim('-');
        return name.Length == 0 ? "provider" : name;
    }

    [GeneratedRegex("[^a-z0-9._-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotAllowed();
}
