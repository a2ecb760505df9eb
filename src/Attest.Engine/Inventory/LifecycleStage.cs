namespace Attest.Engine.Inventory;

/// <summary>Where an AI system is in its life, in order.</summary>
public enum LifecycleStage
{
    Proposed,
    InDevelopment,
    InReview,
    Approved,
    Deployed,
    Monitoring,
    Retired,
}

/// <summary>
/// The lifecycle state machine. Forward moves go one step at a time so no review is skipped; a system
/// can go back to development from any active stage (changes requested, a new version), and any stage
/// can be retired. Registering an existing system may start at any stage: the machine governs moves.
/// </summary>
public static class LifecycleTransitions
{
    public static bool IsAllowed(LifecycleStage from, LifecycleStage to)
    {
        if (from == to) return true;
        if (from == LifecycleStage.Retired) return false;
        if (to == LifecycleStage.Retired) return true;
        if (to == LifecycleStage.InDevelopment) return true;
        return to == from + 1;
    }

    public static IReadOnlyList<LifecycleStage> AllowedFrom(LifecycleStage from) =>
        Enum.GetValues<LifecycleStage>().Where(to => to != from && IsAllowed(from, to)).ToList();
}
