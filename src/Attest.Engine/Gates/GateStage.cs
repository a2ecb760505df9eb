namespace Attest.Engine.Gates;

/// <summary>The lifecycle transitions a release gate guards, in lifecycle order (wire names design_review, pre_launch, …).</summary>
public enum GateStage
{
    DesignReview,
    PreLaunch,
    PostLaunchReview,
    PeriodicRecertification,
}

/// <summary>The kinds of requirement a gate checks; each unmet requirement names its kind.</summary>
public enum RequirementKind
{
    Control,
    Evaluation,
    SignOff,
    Risk,
    Waiver,
    Incident,
    /// <summary>A red-team failure-rate threshold (<c>redteam:</c> rules).</summary>
    RedTeam,
}

/// <summary>How much a control needs to count as met: its status only, any evidence, or evidence not yet due for renewal.</summary>
public enum EvidenceRule
{
    None,
    Any,
    Fresh,
}
