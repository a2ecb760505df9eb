namespace Attest.Engine.Classification;

/// <summary>Who uses the system's output: the organisation itself or people outside it.</summary>
public enum Deployment
{
    Internal,
    External,
}

/// <summary>How far decisions are taken without a person.</summary>
public enum Autonomy
{
    FullyAutomated,
    HumanOnTheLoop,
    HumanInTheLoop,
    Advisory,
}

/// <summary>The most sensitive kind of personal data the system processes (GDPR Art 4(1), Art 9(1)).</summary>
public enum PersonalDataKind
{
    None,
    Personal,
    SpecialCategory,
}
