namespace Attest.Engine.Classification;

/// <summary>
/// Applies the Regulation's tests to intake answers in the order of the intake contract: scope
/// (Art 2(1), Art 2 exclusions with the Art 2(12) carve-back) → Art 5 (minus a matching exception)
/// → Art 6(1) Annex I → Art 6(2) Annex III unless a valid Art 6(3) derogation (never with profiling)
/// → Art 50 → otherwise minimal risk. Chapter V (GPAI) is assessed beside the class. Pure and deterministic.
/// </summary>
public static class Classifier
{
    public static Classification Classify(IntakeAnswers answers, RegulatoryCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(calendar);

        if (!answers.EuNexus)
        {
            return OutOfScope(answers, calendar, ["Art 2(1)"],
                ["Out of scope: the system is not placed on the EU market, put into service in the EU, nor is its output used in the EU (Art 2(1))."]);
        }

        var hardExclusions = answers.Exclusions.Where(e => e != ScopeExclusion.FreeOpenSource).Distinct().Order().ToArray();
        if (hardExclusions.Length > 0)
        {
            return OutOfScope(answers, calendar,
                hardExclusions.Select(LegalCitations.Article).ToArray(),
                hardExclusions.Select(e => $"Out of scope: the system is {LegalCitations.Describe(e)} ({LegalCitations.Article(e)}).").ToArray());
        }

        var reasons = new List<string>();
        var basis = new List<string>();
        var gpai = GpaiTest.Evaluate(answers.Gpai);
        var openSource = answers.Exclusions.Contains(ScopeExclusion.FreeOpenSource);

        // Art 5: a practice is prohibited unless the intake claims the exception Art 5 gives for it.
        var excepted = answers.ProhibitedExceptions.Select(LegalCitations.PracticeOf).ToHashSet();
        var prohibited = new List<ProhibitedPractice>();
        var impliedAnnexIii = new List<string>();
        foreach (var practice in answers.ProhibitedPractices.Distinct().Order())
        {
            if (excepted.Contains(practice))
            {
                var exception = answers.ProhibitedExceptions.First(e => LegalCitations.PracticeOf(e) == practice);
                var point = LegalCitations.AnnexIiiPointOf(practice)!;
                impliedAnnexIii.Add(point);
                reasons.Add($"Not prohibited: {LegalCitations.Describe(practice)} falls under the exception in {LegalCitations.Article(practice)} because {LegalCitations.Describe(exception)}; such a system is an Annex {point} use.");
            }
            else
            {
                prohibited.Add(practice);
            }
        }
        if (prohibited.Count > 0)
        {
            foreach (var practice in prohibited)
            {
                basis.Add(LegalCitations.Article(practice));
                reasons.Add($"Prohibited: {LegalCitations.Describe(practice)} ({LegalCitations.Article(practice)}).");
            }
            if (openSource)
                reasons.Add("The free and open-source exclusion does not apply to a prohibited practice (Art 2(12)).");
            return Finish(answers, calendar, EuAiActClass.Prohibited, basis, [], [], false, false, gpai, reasons);
        }

        // Art 6(1): Annex I products that need third-party conformity assessment.
        var routes = new List<HighRiskRoute>();
        if (answers.AnnexIProduct)
        {
            routes.Add(HighRiskRoute.AnnexI);
            basis.Add("Art 6(1)");
            reasons.Add("High-risk: a safety component of, or itself, a product under Annex I legislation that requires third-party conformity assessment (Art 6(1)).");
        }

        // Art 6(2) Annex III, unless an Art 6(3) derogation holds; profiling always keeps it high-risk.
        var exemptionApplied = false;
        var annexIii = answers.AnnexIii.Concat(impliedAnnexIii).Distinct(StringComparer.Ordinal).ToArray();
        if (annexIii.Length > 0)
        {
            var points = string.Join(", ", annexIii.Select(LegalCitations.AnnexIiiBasis));
            if (answers.Art63Exemption is { } exemption && !answers.Profiling)
            {
                exemptionApplied = true;
                if (routes.Count == 0)
                    basis.Add("Art 6(3)");
                reasons.Add($"Not high-risk under Art 6(2) for {points}: the provider's assessment is that the system {LegalCitations.Describe(exemption)} ({LegalCitations.Article(exemption)}) and it does not profile natural persons; the assessment must be documented (Art 6(4)) and the system registered (Art 49(2)).");
            }
            else
            {
                routes.Add(HighRiskRoute.AnnexIii);
                basis.Add("Art 6(2)");
                foreach (var id in annexIii)
                {
                    basis.Add(LegalCitations.AnnexIiiBasis(id));
                    reasons.Add($"High-risk: listed in {LegalCitations.AnnexIiiBasis(id)} ({LegalCitations.AnnexIiiAreaTitle(LegalCitations.AnnexIiiArea(id))}) (Art 6(2)).");
                }
                if (answers.Art63Exemption is { } rejected)
                    reasons.Add($"The {LegalCitations.Article(rejected)} derogation does not apply: the system profiles natural persons, so an Annex III system is always high-risk (Art 6(3), last subparagraph).");
            }
        }

        // Art 50: duties stack on top of high-risk; alone they make the system limited-risk.
        var duties = Art50Duties.Of(answers.Transparency);
        foreach (var article in duties.Select(d => d.Article).Distinct())
        {
            var what = string.Join("; ", duties.Where(d => d.Article == article).Select(d => d.Duty));
            reasons.Add($"Transparency duty ({article}): {what}.");
        }

        EuAiActClass euClass;
        if (routes.Count > 0)
        {
            euClass = EuAiActClass.HighRisk;
        }
        else if (duties.Count > 0)
        {
            euClass = EuAiActClass.LimitedRisk;
            basis.AddRange(duties.Select(d => d.Article).Distinct());
        }
        else
        {
            euClass = EuAiActClass.MinimalRisk;
        }

        if (openSource)
        {
            if (euClass == EuAiActClass.MinimalRisk)
            {
                reasons.Add("Out of scope: released under a free and open-source licence and neither prohibited, high-risk nor subject to Art 50 (Art 2(12)).");
                return Finish(answers, calendar, EuAiActClass.OutOfScope, ["Art 2(12)"], [], [], exemptionApplied, false, gpai, reasons, annexIii);
            }
            reasons.Add(euClass == EuAiActClass.HighRisk
                ? "The free and open-source exclusion does not apply to a high-risk AI system (Art 2(12))."
                : "The free and open-source exclusion does not apply to a system with Art 50 duties (Art 2(12)).");
        }
        if (euClass == EuAiActClass.MinimalRisk)
            reasons.Add("Minimal risk: no prohibited practice (Art 5), no high-risk use (Art 6) and no transparency duty (Art 50) applies; voluntary codes of conduct may be followed (Art 95).");

        var fria = routes.Contains(HighRiskRoute.AnnexIii) && FriaRequired(answers, annexIii);
        if (fria && answers.OperatorRole == OperatorRole.Deployer)
            reasons.Add(answers.DeployerContext.PublicBodyOrPublicService
                ? "Fundamental rights impact assessment required: the deployer is a public body or provides a public service (Art 27(1))."
                : "Fundamental rights impact assessment required: creditworthiness or life and health insurance use, Annex III.5(b) or 5(c) (Art 27(1)).");
        return Finish(answers, calendar, euClass, basis, routes, duties, exemptionApplied, fria, gpai, reasons, annexIii);
    }

    /// <summary>Art 27(1): public bodies and private public-service providers (not for Annex III point 2), and any deployer under Annex III 5(b) or 5(c).</summary>
    private static bool FriaRequired(IntakeAnswers answers, IReadOnlyList<string> annexIii) =>
        annexIii.Any(id => id is "III.5(b)" or "III.5(c)")
        || (answers.DeployerContext.PublicBodyOrPublicService && annexIii.Any(id => LegalCitations.AnnexIiiArea(id) != "2"));

    private static Classification OutOfScope(IntakeAnswers answers, RegulatoryCalendar calendar, IReadOnlyList<string> basis, IReadOnlyList<string> reasons) =>
        Finish(answers, calendar, EuAiActClass.OutOfScope, basis, [], [], false, false, new GpaiTest.Result(GpaiStatus.None, [], []), reasons);

    private static Classification Finish(
        IntakeAnswers answers, RegulatoryCalendar calendar, EuAiActClass euClass, IReadOnlyList<string> basis,
        IReadOnlyList<HighRiskRoute> routes, IReadOnlyList<TransparencyDuty> duties, bool exemptionApplied, bool fria,
        GpaiTest.Result gpai, IReadOnlyList<string> reasons, IReadOnlyList<string>? annexIii = null)
    {
        annexIii ??= answers.AnnexIii;
        var (tier, factors) = InternalTier.Of(answers, euClass, gpai.Status);
        return new Classification
        {
            Class = euClass,
            Basis = basis.ToArray(),
            Transparency = duties,
            Gpai = gpai.Status,
            GpaiBasis = gpai.Basis,
            Obligations = ObligationCatalog.For(answers, euClass, routes, exemptionApplied, fria, duties, gpai, calendar),
            Tier = tier,
            TierFactors = factors,
            Reasons = [.. reasons, .. gpai.Reasons],
            CalendarName = calendar.Name,
            CalendarVerified = calendar.Verified,
            HighRiskRoutes = routes.ToArray(),
            AnnexIiiPoints = annexIii,
            Art63ExemptionApplied = exemptionApplied,
            FundamentalRightsImpactAssessmentRequired = fria,
        };
    }
}
