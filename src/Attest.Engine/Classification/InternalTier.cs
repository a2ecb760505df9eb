namespace Attest.Engine.Classification;

/// <summary>
/// Attest's internal tier under a <see cref="TierPolicy"/>: the legal class sets the floor (and a GPAI status may lift it),
/// then each internal risk factor that holds raises it one step, in the policy's order, up to critical.
/// </summary>
public static class InternalTier
{
    public static (RiskTier Tier, IReadOnlyList<string> Factors) Of(IntakeAnswers answers, EuAiActClass euClass, GpaiStatus gpai, TierPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(policy);
        var factors = new List<string>();
        var floor = policy.ClassFloors.TryGetValue(euClass, out var classFloor)
            ? classFloor
            : throw new InvalidOperationException($"The tier policy has no floor for {WireName.Of(euClass)}.");
        var tier = floor.Tier;
        if (floor.Factor is { } why)
            factors.Add(why);
        if (policy.GpaiFloors.TryGetValue(gpai, out var gpaiFloor) && gpaiFloor.Tier > tier)
        {
            tier = gpaiFloor.Tier;
            if (gpaiFloor.Factor is { } gpaiWhy)
                factors.Add(gpaiWhy);
        }
        foreach (var raise in policy.Raises.Where(r => r.Holds(answers)))
        {
            if (tier == RiskTier.Critical)
                break;
            tier++;
            factors.Add("raised by " + raise.Factor);
        }
        return (tier, factors);
    }
}
