using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

/// <summary>
/// The classifier's tables as the shipped data files hold them (data/eu-ai-act/obligations.yaml, data/intake/tier-policy-v1.yaml,
/// the short area titles of data/eu-ai-act/annex-iii.json), written out so the Engine tests stay pure. A Core test
/// (ClassificationTablesLoaderTests) checks that the shipped files load to exactly these tables.
/// </summary>
public static class Tables
{
    private static HashSet<OperatorRole> Roles(params OperatorRole[] roles) => [.. roles];

    private static ObligationEntry E(string article, string title, ObligationCondition when = ObligationCondition.Always) => new(article, title, when);

    public static ObligationTable Obligations { get; } = new()
    {
        AiLiteracy = new(Roles(OperatorRole.Provider, OperatorRole.Deployer, OperatorRole.ProductManufacturer),
            [E("Art 4", "AI literacy of staff and others operating the system")], CalendarMilestone.ProhibitionsAndAiLiteracy),
        Prohibited = new(Roles(Enum.GetValues<OperatorRole>()),
            [E("Art 5", "Prohibited AI practices: do not place on the market, put into service or use")], CalendarMilestone.ProhibitionsAndAiLiteracy),
        HighRisk =
        [
            new(Roles(OperatorRole.Provider, OperatorRole.ProductManufacturer),
            [
                E("Art 9", "Risk management system"),
                E("Art 10", "Data and data governance"),
                E("Art 11", "Technical documentation"),
                E("Art 12", "Record-keeping"),
                E("Art 13", "Transparency and provision of information to deployers"),
                E("Art 14", "Human oversight"),
                E("Art 15", "Accuracy, robustness and cybersecurity"),
                E("Art 16", "Obligations of providers of high-risk AI systems"),
                E("Art 17", "Quality management system"),
                E("Art 43", "Conformity assessment"),
                E("Art 47", "EU declaration of conformity"),
                E("Art 48", "CE marking"),
                E("Art 49", "Registration in the EU database", ObligationCondition.AnnexIiiRoute),
                E("Art 72", "Post-market monitoring system and plan"),
                E("Art 73", "Reporting of serious incidents"),
            ], null),
            new(Roles(OperatorRole.Deployer),
            [
                E("Art 26", "Obligations of deployers of high-risk AI systems"),
                E("Art 27", "Fundamental rights impact assessment before first use", ObligationCondition.FriaRequired),
            ], null),
            new(Roles(OperatorRole.Importer), [E("Art 23", "Obligations of importers")], null),
            new(Roles(OperatorRole.Distributor), [E("Art 24", "Obligations of distributors")], null),
            new(Roles(OperatorRole.AuthorisedRepresentative), [E("Art 22", "Authorised representatives of providers of high-risk AI systems")], null),
        ],
        Art63Derogation = new(Roles(OperatorRole.Provider, OperatorRole.ProductManufacturer),
        [
            E("Art 6(4)", "Document the assessment that the Annex III system is not high-risk before placing it on the market"),
            E("Art 49(2)", "Register the system in the EU database"),
        ], CalendarMilestone.AnnexIiiHighRisk),
        TransparencyProviderRoles = Roles(OperatorRole.Provider, OperatorRole.ProductManufacturer),
        TransparencyDeployerRoles = Roles(OperatorRole.Deployer),
        Gpai = new(Roles(Enum.GetValues<OperatorRole>()),
        [
            E("Art 53(1)(a)", "Technical documentation of the model, including training and evaluation (Annex XI)", ObligationCondition.NoOpenLicenceRelief),
            E("Art 53(1)(b)", "Information and documentation for downstream providers (Annex XII)", ObligationCondition.NoOpenLicenceRelief),
            E("Art 53(1)(c)", "Policy to comply with Union copyright law"),
            E("Art 53(1)(d)", "Public summary of the content used for training"),
        ], CalendarMilestone.GpaiModels),
        GpaiSystemicRisk = new(Roles(Enum.GetValues<OperatorRole>()),
        [
            E("Art 52(1)", "Notify the Commission within two weeks of meeting the systemic-risk threshold"),
            E("Art 55(1)(a)", "Model evaluation, including adversarial testing"),
            E("Art 55(1)(b)", "Assess and mitigate possible systemic risks at Union level"),
            E("Art 55(1)(c)", "Track, document and report serious incidents to the AI Office"),
            E("Art 55(1)(d)", "Adequate cybersecurity protection of the model and its physical infrastructure"),
        ], CalendarMilestone.GpaiModels),
    };

    public static TierPolicy Tiers { get; } = new(
        new Dictionary<EuAiActClass, TierFloor>
        {
            [EuAiActClass.Prohibited] = new(RiskTier.Critical, "prohibited practice (Art 5): always critical"),
            [EuAiActClass.HighRisk] = new(RiskTier.High, "high-risk AI system (Art 6): at least high"),
            [EuAiActClass.LimitedRisk] = new(RiskTier.Medium, "transparency duties (Art 50): at least medium"),
            [EuAiActClass.MinimalRisk] = new(RiskTier.Low, null),
            [EuAiActClass.OutOfScope] = new(RiskTier.Low, null),
        },
        new Dictionary<GpaiStatus, TierFloor>
        {
            [GpaiStatus.GpaiSystemicRisk] = new(RiskTier.High, "general-purpose AI model with systemic risk (Art 51): at least high"),
        },
        [
            new TierRaise("fully automated decisions without a person in or on the loop") { Autonomy = new HashSet<Autonomy> { Autonomy.FullyAutomated } },
            new TierRaise("special-category personal data (GDPR Art 9)") { PersonalData = new HashSet<PersonalDataKind> { PersonalDataKind.SpecialCategory } },
            new TierRaise("external use affecting 100,000 or more people a year")
            {
                Deployment = new HashSet<Deployment> { Deployment.External },
                AffectedPeopleAtLeast = 100_000,
            },
        ]);

    public static IReadOnlyDictionary<string, string> AnnexIiiAreaTitles { get; } = new Dictionary<string, string>
    {
        ["1"] = "biometrics",
        ["2"] = "critical infrastructure",
        ["3"] = "education and vocational training",
        ["4"] = "employment, workers' management and access to self-employment",
        ["5"] = "access to essential private and public services and benefits",
        ["6"] = "law enforcement",
        ["7"] = "migration, asylum and border control management",
        ["8"] = "administration of justice and democratic processes",
    };

    public static ClassificationTables Regulation { get; } = new(Obligations, Tiers, AnnexIiiAreaTitles);
}
