namespace Attest.Engine.Classification;

/// <summary>
/// The obligations of each operator role for a classified system, with the calendar milestone each
/// one applies from. The article lists follow the Regulation: providers of high-risk systems Art 9–17,
/// 43, 47–49, 72, 73; deployers Art 26 and 27; importers Art 23; distributors Art 24; authorised
/// representatives Art 22; product manufacturers act as the provider (Art 25(3)).
/// </summary>
public static class ObligationCatalog
{
    private static readonly (string Article, string Title)[] HighRiskProvider =
    [
        ("Art 9", "Risk management system"),
        ("Art 10", "Data and data governance"),
        ("Art 11", "Technical documentation"),
        ("Art 12", "Record-keeping"),
        ("Art 13", "Transparency and provision of information to deployers"),
        ("Art 14", "Human oversight"),
        ("Art 15", "Accuracy, robustness and cybersecurity"),
        ("Art 16", "Obligations of providers of high-risk AI systems"),
        ("Art 17", "Quality management system"),
        ("Art 43", "Conformity assessment"),
        ("Art 47", "EU declaration of conformity"),
        ("Art 48", "CE marking"),
    ];

    public static bool ActsAsProvider(OperatorRole role) => role is OperatorRole.Provider or OperatorRole.ProductManufacturer;

    private static bool ActsAsProviderOrDeployer(OperatorRole role) => ActsAsProvider(role) || role == OperatorRole.Deployer;

    internal static IReadOnlyList<Obligation> For(
        IntakeAnswers answers, EuAiActClass euClass, IReadOnlyList<HighRiskRoute> routes, bool exemptionApplied,
        bool friaRequired, IReadOnlyList<TransparencyDuty> duties, GpaiTest.Result gpai, RegulatoryCalendar calendar)
    {
        var list = new List<Obligation>();
        void Add(string article, string title, CalendarMilestone milestone) =>
            list.Add(new Obligation(article, title, calendar.DateOf(milestone), milestone));

        var role = answers.OperatorRole;
        if (euClass == EuAiActClass.Prohibited)
        {
            Add("Art 5", "Prohibited AI practices: do not place on the market, put into service or use", CalendarMilestone.ProhibitionsAndAiLiteracy);
        }
        else if (euClass != EuAiActClass.OutOfScope)
        {
            if (ActsAsProviderOrDeployer(role))
                Add("Art 4", "AI literacy of staff and others operating the system", CalendarMilestone.ProhibitionsAndAiLiteracy);

            if (euClass == EuAiActClass.HighRisk)
                AddHighRisk(role, routes, friaRequired, calendar, Add);

            if (exemptionApplied && ActsAsProvider(role))
            {
                Add("Art 6(4)", "Document the assessment that the Annex III system is not high-risk before placing it on the market", CalendarMilestone.AnnexIiiHighRisk);
                Add("Art 49(2)", "Register the system in the EU database", CalendarMilestone.AnnexIiiHighRisk);
            }

            foreach (var duty in duties)
            {
                var holds = duty.DutyHolder == Art50Duties.Provider ? ActsAsProvider(role) : role == OperatorRole.Deployer;
                if (holds)
                    Add(duty.Article, "Transparency: " + duty.Duty, Art50Duties.MilestoneOf(duty));
            }
        }

        AddGpai(answers.Gpai, gpai.Status, Add);
        return list;
    }

    private static void AddHighRisk(OperatorRole role, IReadOnlyList<HighRiskRoute> routes, bool friaRequired, RegulatoryCalendar calendar,
        Action<string, string, CalendarMilestone> add)
    {
        // A system high-risk by both routes owes the obligations from the earlier of the two dates.
        var milestone = routes
            .Select(r => r == HighRiskRoute.AnnexI ? CalendarMilestone.AnnexIHighRisk : CalendarMilestone.AnnexIiiHighRisk)
            .OrderBy(calendar.DateOf)
            .First();
        switch (role)
        {
            case OperatorRole.Provider or OperatorRole.ProductManufacturer:
                foreach (var (article, title) in HighRiskProvider)
                    add(article, title, milestone);
                if (routes.Contains(HighRiskRoute.AnnexIii))
                    add("Art 49", "Registration in the EU database", milestone);
                add("Art 72", "Post-market monitoring system and plan", milestone);
                add("Art 73", "Reporting of serious incidents", milestone);
                break;
            case OperatorRole.Deployer:
                add("Art 26", "Obligations of deployers of high-risk AI systems", milestone);
                if (friaRequired)
                    add("Art 27", "Fundamental rights impact assessment before first use", milestone);
                break;
            case OperatorRole.Importer:
                add("Art 23", "Obligations of importers", milestone);
                break;
            case OperatorRole.Distributor:
                add("Art 24", "Obligations of distributors", milestone);
                break;
            case OperatorRole.AuthorisedRepresentative:
                add("Art 22", "Authorised representatives of providers of high-risk AI systems", milestone);
                break;
        }
    }

    private static void AddGpai(GpaiAnswers answers, GpaiStatus status, Action<string, string, CalendarMilestone> add)
    {
        if (status == GpaiStatus.None)
            return;
        const CalendarMilestone m = CalendarMilestone.GpaiModels;
        // Art 53(2): the open-licence relief from (a) and (b) never covers models with systemic risk.
        var openLicenceRelief = answers.OpenLicence && status == GpaiStatus.Gpai;
        if (!openLicenceRelief)
        {
            add("Art 53(1)(a)", "Technical documentation of the model, including training and evaluation (Annex XI)", m);
            add("Art 53(1)(b)", "Information and documentation for downstream providers (Annex XII)", m);
        }
        add("Art 53(1)(c)", "Policy to comply with Union copyright law", m);
        add("Art 53(1)(d)", "Public summary of the content used for training", m);
        if (status != GpaiStatus.GpaiSystemicRisk)
            return;
        add("Art 52(1)", "Notify the Commission within two weeks of meeting the systemic-risk threshold", m);
        add("Art 55(1)(a)", "Model evaluation, including adversarial testing", m);
        add("Art 55(1)(b)", "Assess and mitigate possible systemic risks at Union level", m);
        add("Art 55(1)(c)", "Track, document and report serious incidents to the AI Office", m);
        add("Art 55(1)(d)", "Adequate cybersecurity protection of the model and its physical infrastructure", m);
    }
}
