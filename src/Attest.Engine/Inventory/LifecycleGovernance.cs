namespace Attest.Engine.Inventory;

/// <summary>A model version running (or about to run) in production, and whether the approval in force covers it.</summary>
public sealed record ProductionVersion(string Label, bool Covered);

/// <summary>What the governance rules of a lifecycle move look at.</summary>
/// <param name="ApprovalInForce">The label of the approved model version, when a go or conditional go is in force.</param>
public sealed record LifecycleFacts(string? ApprovalInForce, IReadOnlyList<ProductionVersion> Production);

/// <summary>
/// Lifecycle moves follow governance, not the other way round: a system enters <c>approved</c> only with a go (or
/// conditional go) of the review board in force, and <c>deployed</c> only when every model version it runs in
/// production is covered by that approval. Other moves are the state machine's alone (<see cref="LifecycleTransitions"/>).
/// </summary>
public static class LifecycleGovernance
{
    /// <summary>What is missing for the move, in words; empty when it may happen.</summary>
    public static IReadOnlyList<string> Missing(LifecycleStage from, LifecycleStage to, LifecycleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (from == to || to is not (LifecycleStage.Approved or LifecycleStage.Deployed))
            return [];
        var missing = new List<string>();
        if (facts.ApprovalInForce is null)
            missing.Add("no go or conditional go of the review board is in force (request a release review and have it decided)");
        if (to == LifecycleStage.Deployed)
        {
            if (facts.Production.Count == 0)
                missing.Add("no production deployment is recorded (record the deployment of the approved model version first)");
            foreach (var version in facts.Production.Where(v => !v.Covered))
                missing.Add($"model version {version.Label} runs in production without an approval in force");
        }
        return missing;
    }
}
