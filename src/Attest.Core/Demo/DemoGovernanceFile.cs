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
    public List<DemoStep> Story { get; set; } = [];
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
