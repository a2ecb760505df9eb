using Attest.Engine.Classification;

namespace Attest.Engine.Rules;

/// <summary>
/// What is known about one AI system, as named facts with one or more string values
/// (e.g. <c>eu_class = high_risk</c>, <c>annex_iii = {III.4(a)}</c>). Control applicability and
/// review routing are rules over these facts. A fact that is not known (e.g. the lifecycle stage
/// when classifying a file offline) is absent, and a condition on it does not exclude anything.
/// </summary>
public sealed class SystemFacts
{
    private readonly Dictionary<string, IReadOnlySet<string>> _facts;

    public SystemFacts(IReadOnlyDictionary<string, IReadOnlySet<string>> facts) =>
        _facts = facts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public bool TryGet(string name, out IReadOnlySet<string> values) => _facts.TryGetValue(name, out values!);

    public IReadOnlyDictionary<string, IReadOnlySet<string>> All => _facts;

    /// <summary>The number of people <see cref="FactNames.AffectedPeopleAtLeast100k"/> names.</summary>
    public const long HundredThousandPeople = 100_000;

    /// <summary>
    /// The facts of an intake and its classification; <paramref name="lifecycleStage"/> comes from the inventory when known.
    /// A classification without a tier or GPAI status (an incomplete one) leaves those facts absent.
    /// </summary>
    public static SystemFacts From(IntakeAnswers answers, Classification.Classification classification, LifecycleStage? lifecycleStage = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(classification);
        var facts = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        void Set(string name, params IEnumerable<string> values) => facts[name] = values.ToHashSet(StringComparer.Ordinal);
        static string Bool(bool b) => b ? "true" : "false";

        Set(FactNames.EuClass, WireName.Of(classification.Class));
        if (classification.Tier is { } tier)
            Set(FactNames.Tier, WireName.Of(tier));
        Set(FactNames.OperatorRole, WireName.Of(answers.OperatorRole));
        if (classification.Gpai is { } gpai)
            Set(FactNames.Gpai, WireName.Of(gpai));
        Set(FactNames.UsesGenerativeAi, Bool(answers.UsesGenerativeAi));
        Set(FactNames.PersonalData, WireName.Of(answers.PersonalData));
        Set(FactNames.ThirdPartyModel, Bool(answers.ThirdPartyModel));
        Set(FactNames.Deployment, WireName.Of(answers.Deployment));
        Set(FactNames.Autonomy, WireName.Of(answers.Autonomy));
        Set(FactNames.Profiling, Bool(answers.Profiling));
        Set(FactNames.AnnexIProduct, Bool(answers.AnnexIProduct));
        Set(FactNames.AnnexIii, classification.AnnexIiiPoints);
        Set(FactNames.AnnexIiiArea, classification.AnnexIiiPoints.Select(LegalCitations.AnnexIiiArea));
        Set(FactNames.AnnexIiiListed, Bool(classification.AnnexIiiPoints.Count > 0));
        Set(FactNames.HighRiskRoute, classification.HighRiskRoutes.Select(WireName.Of));
        Set(FactNames.Art63ExemptionApplied, Bool(classification.Art63ExemptionApplied));
        Set(FactNames.FriaRequired, Bool(classification.FundamentalRightsImpactAssessmentRequired));
        Set(FactNames.Transparency, classification.TransparencyArticles);
        Set(FactNames.AffectsPeople, Bool(answers.AffectedPeople > 0));
        Set(FactNames.AffectedPeopleAtLeast100k, Bool(answers.AffectedPeople >= HundredThousandPeople));
        if (lifecycleStage is { } stage)
            Set(FactNames.LifecycleStage, WireName.Of(stage));
        return new SystemFacts(facts);
    }
}
