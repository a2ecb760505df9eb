namespace Attest.Core.Data;

/// <summary>A person who signs in to the web UI (locally with a password, or through OIDC).</summary>
public sealed class User : Governance.ILedgerSubject
{
    string Governance.ILedgerSubject.LedgerSubject => $"user:{Id}";

    public required string Id { get; set; }
    /// <summary>Sign-in name, unique, lowercase.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }
    /// <summary>ASP.NET Core Identity's PBKDF2 hash; null for users who only sign in through OIDC.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>"issuer|subject" of the OIDC identity linked to this user.</summary>
    public string? ExternalId { get; set; }
    public List<string> Roles { get; set; } = [];
    /// <summary>For reviewers: privacy, security, legal, fairness, safety.</summary>
    public List<string> Specialties { get; set; } = [];
    public bool Disabled { get; set; }
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}

/// <summary>A credential for automation (CI, runtime ingestion). The secret is shown once and stored hashed.</summary>
public sealed class ApiKey : Governance.ILedgerSubject
{
    string Governance.ILedgerSubject.LedgerSubject => $"api_key:{Id}";

    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>SHA-256 (hex) of the secret part; the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }
    public List<string> Roles { get; set; } = [];
    /// <summary>When set, the key acts only on this system.</summary>
    public string? SystemId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>A user's role on one system: product owners and ML engineers edit only the systems they belong to.</summary>
public sealed class SystemMember
{
    public required string SystemId { get; set; }
    public required string UserId { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public required string GrantedBy { get; set; }
}
