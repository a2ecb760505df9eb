namespace Attest.Engine.Classification;

/// <summary>A system's obligation deadlines relative to a given day (passed in: the engine reads no clock).</summary>
public static class ObligationDeadlines
{
    /// <summary>Obligations that do not apply yet on <paramref name="today"/>, soonest first.</summary>
    public static IReadOnlyList<Obligation> Upcoming(Classification classification, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.Obligations.Where(o => o.AppliesFrom > today).OrderBy(o => o.AppliesFrom).ToArray();
    }

    /// <summary>Obligations already in force on <paramref name="today"/>.</summary>
    public static IReadOnlyList<Obligation> InForce(Classification classification, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.Obligations.Where(o => o.AppliesFrom <= today).ToArray();
    }
}
