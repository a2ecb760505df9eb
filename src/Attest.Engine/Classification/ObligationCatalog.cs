namespace Attest.Engine.Classification;

/// <summary>
/// The obligations of the intake's operator role for a classified system, each with the date it applies from under the
/// calendar in force. Which situations apply is decided here (from the class, the high-risk routes, the Art 6(3)
/// derogation, the Art 50 duties and the GPAI status); what each situation owes which role is the
/// <see cref="ObligationTable"/>'s data.
/// </summary>
public static class ObligationCatalog
{
    internal static IReadOnlyList<Obligation> For(
        IntakeAnswers answers, EuAiActClass euClass, IReadOnlyList<HighRiskRoute> routes, bool exemptionApplied,
        bool friaRequired, IReadOnlyList<TransparencyDuty> duties, GpaiTest.Result gpai, ObligationTable table, RegulatoryCalendar calendar)
    {
        var list = new List<Obligation>();
        var role = answers.OperatorRole;
        void AddGroup(ObligationGroup group, CalendarMilestone milestone, Func<ObligationCondition, bool> holds)
        {
            if (!group.Roles.Contains(role))
                return;
            foreach (var entry in group.Obligations.Where(e => holds(e.When)))
                list.Add(new Obligation(entry.Article, entry.Title, calendar.DateOf(milestone), milestone));
        }
        static bool Unconditional(ObligationCondition when) => when == ObligationCondition.Always;

        if (euClass == EuAiActClass.Prohibited)
        {
            AddGroup(table.Prohibited, table.Prohibited.Milestone!.Value, Unconditional);
        }
        else if (euClass is not (EuAiActClass.OutOfScope or EuAiActClass.Incomplete))
        {
            AddGroup(table.AiLiteracy, table.AiLiteracy.Milestone!.Value, Unconditional);

            if (euClass == EuAiActClass.HighRisk)
            {
                // A system high-risk by both routes owes the obligations from the earlier of the two dates.
                var milestone = routes
                    .Select(r => r == HighRiskRoute.AnnexI ? CalendarMilestone.AnnexIHighRisk : CalendarMilestone.AnnexIiiHighRisk)
                    .OrderBy(calendar.DateOf)
                    .First();
                foreach (var group in table.HighRisk)
                {
                    AddGroup(group, group.Milestone ?? milestone, when => when switch
                    {
                        ObligationCondition.AnnexIiiRoute => routes.Contains(HighRiskRoute.AnnexIii),
                        ObligationCondition.FriaRequired => friaRequired,
                        _ => when == ObligationCondition.Always,
                    });
                }
            }

            // Art 6(4) and Art 49(2) follow only an Art 6(3) claim that took an Annex III system out of high-risk.
            if (exemptionApplied)
                AddGroup(table.Art63Derogation, table.Art63Derogation.Milestone!.Value, Unconditional);

            foreach (var duty in duties)
            {
                var holders = duty.DutyHolder == Art50Duties.Provider ? table.TransparencyProviderRoles : table.TransparencyDeployerRoles;
                if (holders.Contains(role))
                {
                    var milestone = Art50Duties.MilestoneOf(duty);
                    list.Add(new Obligation(duty.Article, "Transparency: " + duty.Duty, calendar.DateOf(milestone), milestone));
                }
            }
        }

        // Chapter V binds the model's provider whatever the class of the AI system (Art 2(12) concerns AI systems).
        if (gpai.Status != GpaiStatus.None)
        {
            // Art 53(2): the open-licence relief from 53(1)(a) and (b) never covers models with systemic risk.
            var relief = answers.Gpai.OpenLicence && gpai.Status == GpaiStatus.Gpai;
            foreach (var group in gpai.Status == GpaiStatus.GpaiSystemicRisk ? [table.Gpai, table.GpaiSystemicRisk] : new[] { table.Gpai })
            {
                foreach (var entry in group.Obligations.Where(e => e.When != ObligationCondition.NoOpenLicenceRelief || !relief))
                    list.Add(new Obligation(entry.Article, entry.Title, calendar.DateOf(group.Milestone!.Value), group.Milestone.Value));
            }
        }
        return list;
    }
}
