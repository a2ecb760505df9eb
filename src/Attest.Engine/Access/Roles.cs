namespace Attest.Engine.Access;

/// <summary>The roles a user or API key can hold. Names are the words used in the API, CLI and ledger.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string GovernanceLead = "governance_lead";
    public const string ProductOwner = "product_owner";
    public const string MlEngineer = "ml_engineer";
    public const string Reviewer = "reviewer";
    public const string ExecutiveApprover = "executive_approver";
    /// <summary>Read-only, everything including the ledger.</summary>
    public const string Auditor = "auditor";
    /// <summary>Runtime ingestion only (decisions, monitoring data).</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Admin, GovernanceLead, ProductOwner, MlEngineer, Reviewer, ExecutiveApprover, Auditor, Service];

    /// <summary>Roles a user holds on one system as a member of its team (product owners and ML engineers change only their systems).</summary>
    public static readonly IReadOnlyList<string> SystemScoped = [ProductOwner, MlEngineer];

    /// <summary>
    /// Roles that act only on systems the holder belongs to: a member's system, or the system an API key is scoped to.
    /// Every other role reaches every system (its scope aside).
    /// </summary>
    public static readonly IReadOnlyList<string> SystemBound = [ProductOwner, MlEngineer, Service];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Reviewer specialties; intake routing decides which a system needs.</summary>
public static class Specialties
{
    public const string Privacy = "privacy";
    public const string Security = "security";
    public const string Legal = "legal";
    public const string Fairness = "fairness";
    public const string Safety = "safety";

    public static readonly IReadOnlyList<string> All = [Privacy, Security, Legal, Fairness, Safety];

    public static bool IsKnown(string specialty) => All.Contains(specialty, StringComparer.Ordinal);
}
