namespace Attest.Engine.Access;

/// <summary>Who is deciding, as separation-of-duties rules see them.</summary>
/// <param name="ActorId">The ledger actor id ("user:…", "key:…").</param>
public sealed record DutyHolder(string ActorId, IReadOnlyCollection<string> Roles)
{
    /// <summary>The user behind the actor, when it is a user.</summary>
    public string? UserId { get; init; }

    /// <summary>The system an API key is scoped to: such a key acts for that system's team.</summary>
    public string? ScopedSystemId { get; init; }

    /// <summary>The names the person goes by (display name, user name, e-mail), to recognise a system's named owners.</summary>
    public IReadOnlyCollection<string> Names { get; init; } = [];
}

/// <summary>
/// The people who build and run a system: the business and technical owners named on it and the users who are members
/// of its team. The requester of a decision about the system belongs to this team, so the team is the requester's team.
/// </summary>
public sealed record SystemTeam(string SystemId, IReadOnlyCollection<string> OwnerNames, IReadOnlyCollection<string> MemberUserIds);

/// <summary>Who owns a system's product, as oversight reviews see them: its named business owner and its product-owner members.</summary>
public sealed record OversightTeam(string SystemId, string? BusinessOwner, IReadOnlyCollection<string> ProductOwnerUserIds);

/// <summary>
/// Separation of duties where approvals happen: nobody approves their own request, nobody on the team that builds or
/// runs a system decides about it, and accepting the residual risk of a high-risk system takes an executive approver.
/// Pure: the callers gather the facts.
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>Null when <paramref name="approver"/> may grant what <paramref name="requesterActorId"/> asked for; otherwise why not.</summary>
    public static string? CheckApproval(string requesterActorId, DutyHolder approver) =>
        string.Equals(requesterActorId, approver.ActorId, StringComparison.Ordinal)
            ? "Separation of duties: the requester of an approval or waiver cannot grant it."
            : null;

    /// <summary>
    /// Null when <paramref name="decider"/> is independent of the system under decision and of the requester; otherwise
    /// why not. The requester, anyone on the system's team (owners and members) and keys scoped to the system are not.
    /// </summary>
    public static string? CheckIndependence(string requesterActorId, DutyHolder decider, SystemTeam team)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(team);
        if (CheckApproval(requesterActorId, decider) is { } own)
            return own;
        if (string.Equals(decider.ScopedSystemId, team.SystemId, StringComparison.Ordinal))
            return "Separation of duties: a key scoped to the system acts for its team, and the team cannot decide about its own system.";
        if (decider.UserId is { } user && team.MemberUserIds.Contains(user))
            return "Separation of duties: members of the system's team (the requester's team) cannot decide about it.";
        if (decider.Names.Any(name => team.OwnerNames.Any(owner => SameName(owner, name))))
            return "Separation of duties: the system's business or technical owner cannot decide about it.";
        return null;
    }

    /// <summary>Null when the approver may accept residual risk for a system of this risk; otherwise why not.</summary>
    public static string? CheckResidualRiskAcceptance(bool highRisk, DutyHolder approver) =>
        highRisk && !approver.Roles.Contains(Roles.ExecutiveApprover)
            ? "Accepting the residual risk of a high-risk system requires the executive_approver role."
            : null;

    /// <summary>Null when <paramref name="approver"/> may put a policy version in force; its author never may.</summary>
    public static string? CheckPolicyApproval(string authorActorId, DutyHolder approver)
    {
        ArgumentNullException.ThrowIfNull(approver);
        return string.Equals(authorActorId, approver.ActorId, StringComparison.Ordinal)
            ? "Separation of duties: a policy version is approved by a second person, never by its author."
            : null;
    }

    /// <summary>
    /// Null when <paramref name="reviewer"/> may claim and resolve a review of the system's decisions; otherwise why not.
    /// The service identity that logs the system's decisions and the system's own product owner (its named business
    /// owner, or a member of its team as product owner) are not independent of what they would review.
    /// </summary>
    public static string? CheckOversightReview(DutyHolder reviewer, OversightTeam team)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(team);
        if (reviewer.Roles.Contains(Roles.Service))
            return "Separation of duties: the service identity that logs a system's decisions cannot review them.";
        if (reviewer.UserId is { } user && team.ProductOwnerUserIds.Contains(user))
            return "Separation of duties: the system's own product owner cannot resolve reviews of its decisions.";
        if (team.BusinessOwner is { } owner && reviewer.Names.Any(name => SameName(owner, name)))
            return "Separation of duties: the system's own product owner (its business owner) cannot resolve reviews of its decisions.";
        return null;
    }

    private static bool SameName(string a, string b) =>
        !string.IsNullOrWhiteSpace(a) && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
