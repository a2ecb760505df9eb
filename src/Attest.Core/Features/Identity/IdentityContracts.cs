using Attest.Core.Data;

namespace Attest.Core.Features.Identity;

public sealed record UserInput
{
    public string? UserName { get; init; }
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public List<string>? Roles { get; init; }
    public List<string>? Specialties { get; init; }
    /// <summary>Null: generate one and return it once.</summary>
    public string? Password { get; init; }
}

public sealed record UserDto(string Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

public sealed record CreatedUser(UserDto User, string? GeneratedPassword);

public sealed record ApiKeyInput
{
    public string? Name { get; init; }
    public List<string>? Roles { get; init; }
    /// <summary>System id or slug the key is limited to.</summary>
    public string? System { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}

public sealed record ApiKeyDto(string Id, string Name, IReadOnlyList<string> Roles, string? SystemId, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A new key: the secret appears here once and is never stored.</summary>
public sealed record CreatedApiKey(ApiKeyDto Key, string Secret);

internal static class IdentityMapping
{
    public static UserDto ToDto(this User u) => new(u.Id, u.UserName, u.DisplayName, u.Email, u.Roles, u.Specialties, u.Disabled, u.CreatedAt, u.LastSignInAt);

    public static ApiKeyDto ToDto(this ApiKey k) => new(k.Id, k.Name, k.Roles, k.SystemId, k.CreatedBy, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt);
}
