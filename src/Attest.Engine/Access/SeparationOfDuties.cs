namespace Attest.Engine.Access;

/// <summary>Who is deciding, as separation-of-duties rules see them.</summary>
/// <param name="ActorId">The ledger actor id ("user:…", "key:…").</param>
public sealed record DutyHolder(string ActorId, IReadOnlyCollection<string> Roles);

/// <summary>
/// Separation of duties where approvals happen: nobody approves their own request, and accepting the
/// residual risk of a high-risk system takes an executive approver. Pure: the callers gather the facts.
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>Null when <paramref name="approver"/> may grant what <paramref name="requesterActorId"/> asked for; otherwise why not.</summary>
    public static string? CheckApproval(string requesterActorId, DutyHolder approver) =>
        string.Equals(requesterActorId, approver.ActorId, StringComparison.Ordinal)
            ? "Separation of duties: the requester of an approval or waiver cannot grant it."
            : null;

    /// <summary>Null when the approver may accept residual risk for a system of this risk; otherwise why not.</summary>
    public static string? CheckResidualRiskAcceptance(bool highRisk, DutyHolder approver) =>
        highRisk && !approver.Roles.Contains(Roles.ExecutiveApprover)
            ? "Accepting the residual risk of a high-risk system requires the executive_approver role."
            : null;
}
