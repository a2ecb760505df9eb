namespace Attest.Engine.Classification;

/// <summary>
/// Attest's internal tier. The legal class sets the floor (prohibited → critical, high-risk → high,
/// limited-risk → medium, otherwise low); each internal risk factor raises it one step, up to critical.
/// </summary>
public static class InternalTier
{
    /// <summary>External use at or above this many affected people a year raises the tier.</summary>
    public const long LargeScaleAffectedPeople = 100_000;

    public static (RiskTier Tier, IReadOnlyList<string> Factors) Of(IntakeAnswers answers, EuAiActClass euClass, GpaiStatus gpai)
    {
        var factors = new List<string>();
        var tier = euClass switch
        {
            EuAiActClass.Prohibited => RiskTier.Critical,
            EuAiActClass.HighRisk => RiskTier.High,
            EuAiActClass.LimitedRisk => RiskTier.Medium,
            _ => RiskTier.Low,
        };
        switch (euClass)
        {
            case EuAiActClass.Prohibited: factors.Add("prohibited practice (Art 5): always critical"); break;
            case EuAiActClass.HighRisk: factors.Add("high-risk AI system (Art 6): at least high"); break;
            case EuAiActClass.LimitedRisk: factors.Add("transparency duties (Art 50): at least medium"); break;
        }
        if (gpai == GpaiStatus.GpaiSystemicRisk && tier < RiskTier.High)
        {
            tier = RiskTier.High;
            factors.Add("general-purpose AI model with systemic risk (Art 51): at least high");
        }

        var raises = new List<string>();
        if (answers.Autonomy == Autonomy.FullyAutomated)
            raises.Add("fully automated decisions without a person in or on the loop");
        if (answers.PersonalData == PersonalDataKind.SpecialCategory)
            raises.Add("special-category personal data (GDPR Art 9)");
        if (answers.Deployment == Deployment.External && answers.AffectedPeople >= LargeScaleAffectedPeople)
            raises.Add("external use affecting 100,000 or more people a year");
        foreach (var raise in raises)
        {
            if (tier == RiskTier.Critical)
                break;
            tier++;
            factors.Add("raised by " + raise);
        }
        return (tier, factors);
    }
}
