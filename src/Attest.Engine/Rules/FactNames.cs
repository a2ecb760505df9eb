using Attest.Engine.Classification;

namespace Attest.Engine.Rules;

/// <summary>The facts rules may test, with the values each may take (null: any value, e.g. Annex III ids).</summary>
public static class FactNames
{
    public const string EuClass = "eu_class";
    public const string Tier = "tier";
    public const string OperatorRole = "operator_role";
    public const string Gpai = "gpai";
    public const string UsesGenerativeAi = "uses_generative_ai";
    public const string PersonalData = "personal_data";
    public const string ThirdPartyModel = "third_party_model";
    public const string LifecycleStage = "lifecycle_stage";
    public const string Deployment = "deployment";
    public const string Autonomy = "autonomy";
    public const string Profiling = "profiling";
    public const string AnnexIProduct = "annex_i_product";
    public const string AnnexIii = "annex_iii";
    public const string AnnexIiiArea = "annex_iii_area";
    public const string AnnexIiiListed = "annex_iii_listed";
    public const string HighRiskRoute = "high_risk_route";
    public const string Art63ExemptionApplied = "art_6_3_exemption_applied";
    public const string FriaRequired = "fria_required";
    public const string Transparency = "transparency";
    public const string AffectsPeople = "affects_people";
    public const string AffectedPeopleAtLeast100k = "affected_people_at_least_100k";

    private static readonly string[] Booleans = ["true", "false"];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>?> Known { get; } = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal)
    {
        [EuClass] = WireName.All<EuAiActClass>(),
        [Tier] = WireName.All<RiskTier>(),
        [OperatorRole] = WireName.All<Classification.OperatorRole>(),
        [Gpai] = WireName.All<GpaiStatus>(),
        [UsesGenerativeAi] = Booleans,
        [PersonalData] = WireName.All<PersonalDataKind>(),
        [ThirdPartyModel] = Booleans,
        [LifecycleStage] = WireName.All<Rules.LifecycleStage>(),
        [Deployment] = WireName.All<Classification.Deployment>(),
        [Autonomy] = WireName.All<Classification.Autonomy>(),
        [Profiling] = Booleans,
        [AnnexIProduct] = Booleans,
        [AnnexIii] = null,
        [AnnexIiiArea] = ["1", "2", "3", "4", "5", "6", "7", "8"],
        [AnnexIiiListed] = Booleans,
        [HighRiskRoute] = WireName.All<Classification.HighRiskRoute>(),
        [Art63ExemptionApplied] = Booleans,
        [FriaRequired] = Booleans,
        [Transparency] = ["Art 50(1)", "Art 50(2)", "Art 50(3)", "Art 50(4)"],
        [AffectsPeople] = Booleans,
        [AffectedPeopleAtLeast100k] = Booleans,
    };
}
