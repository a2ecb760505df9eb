namespace Attest.Engine.Classification;

/// <summary>The EU AI Act risk class of an AI system.</summary>
public enum EuAiActClass
{
    OutOfScope,
    Prohibited,
    HighRisk,
    LimitedRisk,
    MinimalRisk,
    /// <summary>
    /// Not a class of the Regulation: questions that decide the class have no answer yet (left out or answered
    /// unknown), so Attest gives none. A person cannot override to it.
    /// </summary>
    Incomplete,
}

/// <summary>The Chapter V status of a general-purpose AI model the organisation provides.</summary>
public enum GpaiStatus
{
    None,
    Gpai,
    GpaiSystemicRisk,
}

/// <summary>Attest's internal risk tier, set by the legal class and raised by internal risk factors.</summary>
public enum RiskTier
{
    Low,
    Medium,
    High,
    Critical,
}
