namespace Attest.Engine.Classification;

/// <summary>The lowest tier a legal status allows, and the factor that says so (null: the floor needs no explanation).</summary>
public sealed record TierFloor(RiskTier Tier, string? Factor);

/// <summary>
/// An internal risk factor that raises the tier one step. It holds when every condition given holds: the autonomy,
/// personal data or deployment is one of those listed, and at least <see cref="AffectedPeopleAtLeast"/> people are affected.
/// </summary>
public sealed record TierRaise(string Factor)
{
    public IReadOnlySet<Autonomy>? Autonomy { get; init; }
    public IReadOnlySet<PersonalDataKind>? PersonalData { get; init; }
    public IReadOnlySet<Deployment>? Deployment { get; init; }
    public long? AffectedPeopleAtLeast { get; init; }

    public bool Holds(IntakeAnswers answers) =>
        (Autonomy is null || Autonomy.Contains(answers.Autonomy))
        && (PersonalData is null || PersonalData.Contains(answers.PersonalData))
        && (Deployment is null || Deployment.Contains(answers.Deployment))
        && (AffectedPeopleAtLeast is null || answers.AffectedPeople >= AffectedPeopleAtLeast);
}

/// <summary>
/// Attest's internal tier policy (data/intake/tier-policy-v1.yaml, loaded and checked by Core): the floor each EU AI Act
/// class and each GPAI status sets, and the internal factors that raise the tier one step each, in order, up to critical.
/// </summary>
public sealed record TierPolicy(
    IReadOnlyDictionary<EuAiActClass, TierFloor> ClassFloors,
    IReadOnlyDictionary<GpaiStatus, TierFloor> GpaiFloors,
    IReadOnlyList<TierRaise> Raises);

/// <summary>
/// The tables the classifier decides with, loaded from data files by Core and passed in (the Engine reads no file):
/// obligations per situation and role, the internal tier policy, and the Annex III area titles cited in reasons.
/// </summary>
public sealed record ClassificationTables(ObligationTable Obligations, TierPolicy Tiers, IReadOnlyDictionary<string, string> AnnexIiiAreaTitles)
{
    /// <summary>The title of an Annex III area ("4" → "employment, workers' management and access to self-employment").</summary>
    public string AnnexIiiAreaTitle(string area) => AnnexIiiAreaTitles.TryGetValue(area, out var title) ? title : "area " + area;
}
