namespace Attest.Core.Demo;

// The shape of data/demo/governance.yaml (format attest.demo-governance/v1): fictional people and the governance
// story the demo plays through the use cases, step by step in time order.
internal sealed class DemoGovernanceFile
{
    public string Format { get; set; } = "";
    /// <summary>How many days before seeding the portfolio itself is registered.</summary>
    public int PortfolioRegisteredDay { get; set; } = -180;
    /// <summary>The password of every demo user (documented in the README; only a demo data directory has these users).</summary>
    public string DemoPassword { get; set; } = "";
    public List<DemoPersona> Personas { get; set; } = [];
    /// <summary>Production systems that log their decisions with an API key of their own.</summary>
    public List<DemoService> Services { get; set; } = [];
    public List<DemoStep> Story { get; set; } = [];
}

internal sealed class DemoService
{
    /// <summary>How steps name it in <c>by</c>, e.g. "service:credit-scoring".</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string System { get; set; } = "";
}

internal sealed class DemoPersona
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public List<string> Specialties { get; set; } = [];
    /// <summary>The systems whose team a product owner or ML engineer belongs to.</summary>
    public List<string> Systems { get; set; } = [];

    /// <summary>"demo:lena.fischer" signs in as "lena.fischer".</summary>
    public string UserName => Id.StartsWith("demo:", StringComparison.Ordinal) ? Id["demo:".Length..] : Id;
}

/// <summary>One thing that happened on a day; exactly one of the actions is set.</summary>
internal sealed class DemoStep
{
    public int Day { get; set; }
    public string By { get; set; } = "";
    public DemoEvidence? Evidence { get; set; }
    public DemoWaiver? Waiver { get; set; }
    public DemoRef? ApproveWaiver { get; set; }
    public DemoRelease? Release { get; set; }
    public DemoSignOff? SignOff { get; set; }
    public DemoDecision? Decide { get; set; }
    public DemoRisk? Risk { get; set; }
    public DemoOversightPolicy? OversightPolicy { get; set; }
    public DemoSystemRef? ApproveOversightPolicy { get; set; }
    public DemoDecisions? Decisions { get; set; }
    public DemoReviewWork? ReviewQueue { get; set; }
    public DemoAppeal? Appeal { get; set; }
    public DemoOversightPolicy? MonitoringPlan { get; set; }
    public DemoSystemRef? MonitoringRun { get; set; }
    public DemoIncidentMove? MoveIncident { get; set; }
    public DemoContainment? Contain { get; set; }
    public DemoIncidentReview? IncidentReview { get; set; }
    public DemoIncidentRef? CompleteActions { get; set; }
    public DemoQuestionnaire? Questionnaire { get; set; }
}

/// <summary>A customer questionnaire imported for a system (a CSV next to the story), with the answers approved at once.</summary>
internal sealed class DemoQuestionnaire
{
    public string File { get; set; } = "";
    public string System { get; set; } = "";
    public string? Title { get; set; }
    public List<DemoApprovedAnswer> Approve { get; set; } = [];
}

internal sealed class DemoApprovedAnswer
{
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";
}

internal sealed class DemoSystemRef
{
    public string System { get; set; } = "";
}

internal sealed class DemoOversightPolicy
{
    public string System { get; set; } = "";
    /// <summary>The policy document (YAML or JSON by extension), relative to the story file.</summary>
    public string File { get; set; } = "";
}

/// <summary>
/// A batch of production decisions the system logs on the step's day, spread over the <see cref="Days"/> days before it,
/// drawn from a seeded generator so every demo has the same ones.
/// </summary>
internal sealed class DemoDecisions
{
    public string System { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public string? Deployment { get; set; }
    public int Days { get; set; } = 1;
    public int PerDay { get; set; }
    public int Seed { get; set; }
    /// <summary>Prefix of the external ids ("app" → app-20261101-1000007: the day, the seed, a running number).</summary>
    public string ExternalIdPrefix { get; set; } = "d";
    /// <summary>Output → relative weight.</summary>
    public Dictionary<string, double> Outputs { get; set; } = [];
    /// <summary>[low, high] of the model's confidence.</summary>
    public List<double> Confidence { get; set; } = [];
    /// <summary>Numeric feature → [low, high] (whole numbers).</summary>
    public Dictionary<string, List<double>> Features { get; set; } = [];
    /// <summary>Explanation factor → [low, high].</summary>
    public Dictionary<string, List<double>> Factors { get; set; } = [];
    /// <summary>Protected attribute → the values it takes.</summary>
    public Dictionary<string, List<string>> Attributes { get; set; } = [];
    /// <summary>Optional: another output mix for one attribute value.</summary>
    public DemoSkew? Skew { get; set; }
}

/// <summary>A reviewer works through the open review items of a system: shares of them confirmed, overridden, or only claimed.</summary>
internal sealed class DemoReviewWork
{
    public string System { get; set; } = "";
    public double Confirm { get; set; }
    public double Override { get; set; }
    public double Claim { get; set; }
    /// <summary>What a person decides instead of each model output, when they override it.</summary>
    public Dictionary<string, string> OverrideTo { get; set; } = [];
    public string ConfirmRationale { get; set; } = "";
    public string OverrideRationale { get; set; } = "";
}

/// <summary>The person affected appeals, through the system, the latest decision a reviewer resolved this way.</summary>
internal sealed class DemoAppeal
{
    public string System { get; set; } = "";
    /// <summary>confirmed | overridden.</summary>
    public string Of { get; set; } = "confirmed";
    public string Reason { get; set; } = "";
}

internal sealed class DemoRisk
{
    public string System { get; set; } = "";
    public string? ModelVersion { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string Severity { get; set; } = "";
    public string? Likelihood { get; set; }
    public string? Treatment { get; set; }
    public string? Mitigation { get; set; }
    public string? Control { get; set; }
    public string Owner { get; set; } = "";
}

internal sealed class DemoEvidence
{
    public string System { get; set; } = "";
    public string Type { get; set; } = "";
    /// <summary>Relative to the story file.</summary>
    public string File { get; set; } = "";
    public List<string>? Controls { get; set; }
    public List<string>? ModelVersions { get; set; }
    public string? Summary { get; set; }
    public string? Method { get; set; }
}

internal sealed class DemoWaiver
{
    /// <summary>The name later steps use for this waiver (its id is generated).</summary>
    public string Ref { get; set; } = "";
    public string System { get; set; } = "";
    public string? ModelVersion { get; set; }
    public string Control { get; set; } = "";
    public string Justification { get; set; } = "";
    public string CompensatingControls { get; set; } = "";
    public string RiskOwner { get; set; } = "";
    /// <summary>Story day of expiry (may be after seeding).</summary>
    public int ExpiresDay { get; set; }
}

internal sealed class DemoRef
{
    public string Ref { get; set; } = "";
}

internal sealed class DemoRelease
{
    public string Ref { get; set; } = "";
    public string System { get; set; } = "";
    public string? ModelVersion { get; set; }
    public string Stage { get; set; } = "";
}

internal sealed class DemoSignOff
{
    public string Ref { get; set; } = "";
    public string Specialty { get; set; } = "";
    public string Decision { get; set; } = "";
    public string Rationale { get; set; } = "";
}

internal sealed class DemoDecision
{
    public string Ref { get; set; } = "";
    public string Decision { get; set; } = "";
    public string Rationale { get; set; } = "";
    public List<DemoCondition> Conditions { get; set; } = [];
}

internal sealed class DemoCondition
{
    public string Description { get; set; } = "";
    public string Owner { get; set; } = "";
    public int DueDay { get; set; }
    public List<string> Answers { get; set; } = [];
}

/// <summary>Names an incident by the alert that opened it: the system and the monitoring signal.</summary>
internal class DemoIncidentRef
{
    public string System { get; set; } = "";
    public string Signal { get; set; } = "";
    public string? Note { get; set; }
}

internal sealed class DemoIncidentMove : DemoIncidentRef
{
    public string Status { get; set; } = "";
    public string? Resolution { get; set; }
}

internal sealed class DemoContainment : DemoIncidentRef
{
    /// <summary>rollback | pause_deployment.</summary>
    public string Kind { get; set; } = "";
}

internal sealed class DemoIncidentReview : DemoIncidentRef
{
    public string RootCause { get; set; } = "";
    public string GovernanceGap { get; set; } = "";
    public string? Summary { get; set; }
    public List<DemoCorrectiveAction> Actions { get; set; } = [];
}

internal sealed class DemoCorrectiveAction
{
    public string Description { get; set; } = "";
    public string Owner { get; set; } = "";
    public int DueDay { get; set; }
    /// <summary>Set for a control change: the control the completed action writes into the organisation's library.</summary>
    public DemoProposedControl? Control { get; set; }
}

internal sealed class DemoProposedControl
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Objective { get; set; } = "";
    public List<string> Evidence { get; set; } = [];
    public int? RenewalMonths { get; set; }
    public List<string> Mappings { get; set; } = [];
    public string? Scope { get; set; }
}

/// <summary>A different mix of outputs for the decisions of people with one value of an attribute (a model's bias, for the story).</summary>
internal sealed class DemoSkew
{
    public string Attribute { get; set; } = "";
    public string Value { get; set; } = "";
    public Dictionary<string, double> Outputs { get; set; } = [];
}
