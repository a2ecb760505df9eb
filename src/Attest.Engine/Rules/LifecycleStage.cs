namespace Attest.Engine.Rules;

/// <summary>Where an AI system is in its life (ISO/IEC 22989 stages, simplified).</summary>
public enum LifecycleStage
{
    Design,
    Development,
    Validation,
    Deployment,
    Operation,
    Retirement,
}
