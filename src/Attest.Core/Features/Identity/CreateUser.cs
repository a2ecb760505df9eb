using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>Creates a local user with roles (and reviewer specialties). The password is hashed; a generated one is returned once.</summary>
public sealed partial class CreateUser(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public async Task<Result<CreatedUser>> ExecuteAsync(UserInput input, CallerIdentity caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var userName = input.UserName?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(userName)) errors.Add("user_name", "is required");
        else if (!UserNamePattern().IsMatch(userName)) errors.Add("user_name", "must be 2-100 characters: lowercase letters, digits, '.', '_' or '-'");
        errors.Required("display_name", input.DisplayName);
        errors.MaxLength("display_name", input.DisplayName, 200);
        RoleValidation.Validate(errors, input.Roles, input.Specialties);
        if (input.Password is { Length: < PasswordHashing.MinimumLength })
            errors.Add("password", $"must be at least {PasswordHashing.MinimumLength} characters");
        if (errors.Any) return errors.ToResult<CreatedUser>();

        var generated = input.Password is null ? PasswordHashing.Generate() : null;
        var hash = PasswordHashing.Hash(input.Password ?? generated!);
        return await writes.ChangeAsync(caller, Permissions.UsersManage, WriteTarget.Installation, async change =>
        {
            if (await db.Users.AnyAsync(u => u.UserName == userName, ct))
                return Result<CreatedUser>.Conflict($"A user named '{userName}' already exists.", new Dictionary<string, string[]> { ["user_name"] = ["is already taken"] });
            var user = new User
            {
                Id = ids.New("usr"),
                UserName = userName!,
                DisplayName = input.DisplayName!.Trim(),
                Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
                PasswordHash = hash,
                Roles = [.. input.Roles!.Distinct(StringComparer.Ordinal)],
                Specialties = [.. (input.Specialties ?? []).Distinct(StringComparer.Ordinal)],
                Version = 1,
                CreatedAt = change.Now,
            };
            db.Users.Add(user);
            var dto = user.ToDto();
            // The ledger records who got which roles; never the password or its hash.
            await change.RecordAsync(LedgerActions.UserCreated, user, AttestJson.ToNode(dto), ct);
            return Result<CreatedUser>.Ok(new CreatedUser(dto, generated));
        }, ct);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}

internal static class RoleValidation
{
    public static void Validate(FieldErrors errors, IReadOnlyList<string>? roles, IReadOnlyList<string>? specialties)
    {
        if (roles is null || roles.Count == 0) errors.Add("roles", $"at least one role is required: {string.Join(" | ", Roles.All)}");
        else
        {
            for (var i = 0; i < roles.Count; i++)
            {
                if (!Roles.IsKnown(roles[i])) errors.Add($"roles[{i}]", $"'{roles[i]}' is not a role; expected one of {string.Join(" | ", Roles.All)}");
            }
        }
        var list = specialties ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (!Specialties.IsKnown(list[i])) errors.Add($"specialties[{i}]", $"'{list[i]}' is not a specialty; expected one of {string.Join(" | ", Specialties.All)}");
        }
        if (list.Count > 0 && roles is not null && !roles.Contains(Roles.Reviewer))
            errors.Add("specialties", "only reviewers have specialties");
    }
}
