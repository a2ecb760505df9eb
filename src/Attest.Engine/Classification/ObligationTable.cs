namespace Attest.Engine.Classification;

/// <summary>When an obligation in a group applies, beyond the group's own situation and roles.</summary>
public enum ObligationCondition
{
    Always,
    /// <summary>Only for a system high-risk under Art 6(2) (Annex III), e.g. registration (Art 49(1)).</summary>
    AnnexIiiRoute,
    /// <summary>Only when Art 27(1) requires a fundamental rights impact assessment.</summary>
    FriaRequired,
    /// <summary>Not when the open-licence relief of Art 53(2) applies (a model without systemic risk under an open licence).</summary>
    NoOpenLicenceRelief,
}

/// <summary>One obligation as the data lists it: the article, its title, and when it applies within its group.</summary>
public sealed record ObligationEntry(string Article, string Title, ObligationCondition When = ObligationCondition.Always);

/// <summary>
/// The obligations one situation gives the roles that carry them, from a calendar milestone; a null milestone (high-risk
/// groups) means the date of the high-risk route: Annex III or Annex I, the earlier when both apply.
/// </summary>
public sealed record ObligationGroup(IReadOnlySet<OperatorRole> Roles, IReadOnlyList<ObligationEntry> Obligations, CalendarMilestone? Milestone);

/// <summary>
/// The operator's obligations per situation and role (data/eu-ai-act/obligations.yaml, loaded and checked by Core): AI
/// literacy, prohibited practices, high-risk systems per role, the Art 6(3) derogation, who carries the Art 50 duties,
/// and the Chapter V duties of general-purpose AI model providers. The classifier decides which situations apply;
/// the table says what each one owes.
/// </summary>
public sealed record ObligationTable
{
    public required ObligationGroup AiLiteracy { get; init; }
    public required ObligationGroup Prohibited { get; init; }
    /// <summary>One group per set of roles; every role is in exactly one.</summary>
    public required IReadOnlyList<ObligationGroup> HighRisk { get; init; }
    public required ObligationGroup Art63Derogation { get; init; }
    /// <summary>The roles that carry the provider's Art 50 duties (50(1), 50(2)); the provider and, under Art 25(3), the product manufacturer.</summary>
    public required IReadOnlySet<OperatorRole> TransparencyProviderRoles { get; init; }
    /// <summary>The roles that carry the deployer's Art 50 duties (50(3), 50(4)).</summary>
    public required IReadOnlySet<OperatorRole> TransparencyDeployerRoles { get; init; }
    /// <summary>Art 53(1) for every general-purpose AI model provider; the roles do not matter (the intake asks whether you provide one).</summary>
    public required ObligationGroup Gpai { get; init; }
    /// <summary>Added for a model with systemic risk: Art 52(1), Art 55(1).</summary>
    public required ObligationGroup GpaiSystemicRisk { get; init; }
}
