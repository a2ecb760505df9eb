namespace Attest.Engine.Classification;

/// <summary>
/// Applies the Regulation's tests to intake answers in the order of the intake contract: scope (Art 2(1), Art 2
/// exclusions with the Art 2(12) carve-back) → Art 5 (minus a matching exception) → Art 6(1) Annex I → Art 6(2) Annex III
/// unless a valid Art 6(3) derogation (never with profiling) → Art 50 → otherwise minimal risk. Chapter V (GPAI) is
/// assessed beside the class. Pure and deterministic.
/// <para>
/// Never a class from silence: each test asks for the answers it decides with. An answer left out or answered
/// <c>unknown</c> is recorded as missing, and the tests go on as if it were "no" only to find the other questions that
/// could decide the outcome; a test decided by known answers ends the walk. If anything is missing the result is
/// <see cref="EuAiActClass.Incomplete"/> with the list (<see cref="Classification.Missing"/>), and nothing else is claimed.
/// </para>
/// </summary>
public static class Classifier
{
    public static Classification Classify(IntakeAnswers answers, ClassificationTables tables, RegulatoryCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(calendar);
        var walk = new Walk(answers, tables, calendar);
        // Whatever the class: the role (whose obligations, whether Art 2(10) can apply) and the internal facts (tier, controls, reviews).
        foreach (var key in AnswerKeys.AlwaysNeeded)
            walk.Need(key);
        return walk.Run();
    }

    private sealed class Walk(IntakeAnswers answers, ClassificationTables tables, RegulatoryCalendar calendar)
    {
        private readonly List<MissingAnswer> _missing = [];
        private readonly List<string> _reasons = [];
        private readonly List<string> _basis = [];

        /// <summary>Whether the question has an answer; if not, it is recorded as missing (once).</summary>
        public bool Need(string key)
        {
            if (answers.IsKnown(key))
                return true;
            if (_missing.All(m => m.Key != key))
                _missing.Add(new MissingAnswer(key, answers.GapOf(key), AnswerKeys.Decides(key)));
            return false;
        }

        private bool RoleIs(OperatorRole role) => answers.IsKnown(AnswerKeys.OperatorRole) && answers.OperatorRole == role;

        public Classification Run()
        {
            // Test 1, Art 2(1): placed on the EU market, put into service in the EU, or its output used in the EU.
            if (Need(AnswerKeys.EuNexus) && !answers.EuNexus)
            {
                _basis.Add("Art 2(1)");
                _reasons.Add("Out of scope: the system is not placed on the EU market, put into service in the EU, nor is its output used in the EU (Art 2(1)).");
                return Finish(EuAiActClass.OutOfScope, assessChapterV: false);
            }

            // Test 2, the exclusions of Art 2. They exclude even prohibited practices; Art 2(12) waits for the carve-back.
            var exclusions = Need(AnswerKeys.Exclusions) ? answers.Exclusions.Distinct().Order().ToArray() : [];
            var excluded = exclusions.Where(e => e is not (ScopeExclusion.FreeOpenSource or ScopeExclusion.PersonalNonProfessional)).ToList();
            if (exclusions.Contains(ScopeExclusion.PersonalNonProfessional))
            {
                // Art 2(10) relieves only the obligations of deployers who are natural persons acting in a purely personal,
                // non-professional capacity; the provider who places the system on the market keeps every obligation.
                if (RoleIs(OperatorRole.Deployer))
                    excluded.Add(ScopeExclusion.PersonalNonProfessional);
                else if (answers.IsKnown(AnswerKeys.OperatorRole))
                    _reasons.Add($"The personal-use exclusion does not apply: Art 2(10) relieves only deployers who are natural persons using an AI system in a purely personal, non-professional activity, not the {Words(answers.OperatorRole)} (Art 2(10)).");
            }
            if (excluded.Count > 0)
            {
                foreach (var exclusion in excluded.Order())
                {
                    _basis.Add(LegalCitations.Article(exclusion));
                    _reasons.Add($"Out of scope: the system is {LegalCitations.Describe(exclusion)} ({LegalCitations.Article(exclusion)}).");
                }
                // Art 2(6) and 2(8) name AI models too; Art 2(3) and 2(10) concern AI systems and deployers only, so a
                // general-purpose AI model the organisation provides is still assessed under Chapter V.
                var modelsExcluded = excluded.Any(e => e is ScopeExclusion.ScientificResearchOnly or ScopeExclusion.PreMarketResearchTesting);
                return Finish(EuAiActClass.OutOfScope, assessChapterV: !modelsExcluded);
            }
            var openSource = exclusions.Contains(ScopeExclusion.FreeOpenSource);

            // Test 3, Art 5: a practice is prohibited unless the intake claims the exception Art 5 gives for it.
            var practices = Need(AnswerKeys.ProhibitedPractices) ? answers.ProhibitedPractices.Distinct().Order().ToArray() : [];
            var withException = practices.Where(p => LegalCitations.AnnexIiiPointOf(p) is not null).ToArray();
            // Unknown exceptions: go on as if they held, to find the questions of the later tests.
            var excepted = withException.Length == 0 ? []
                : Need(AnswerKeys.ProhibitedExceptions) ? answers.ProhibitedExceptions.Select(LegalCitations.PracticeOf).ToHashSet()
                : withException.ToHashSet();
            var prohibited = new List<ProhibitedPractice>();
            var impliedAnnexIii = new List<string>();
            foreach (var practice in practices)
            {
                if (excepted.Contains(practice))
                {
                    var point = LegalCitations.AnnexIiiPointOf(practice)!;
                    impliedAnnexIii.Add(point);
                    if (answers.IsKnown(AnswerKeys.ProhibitedExceptions))
                    {
                        var exception = answers.ProhibitedExceptions.First(e => LegalCitations.PracticeOf(e) == practice);
                        _reasons.Add($"Not prohibited: {LegalCitations.Describe(practice)} falls under the exception in {LegalCitations.Article(practice)} because {LegalCitations.Describe(exception)}; such a system is an Annex {point} use.");
                    }
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
                    _basis.Add(LegalCitations.Article(practice));
                    _reasons.Add($"Prohibited: {LegalCitations.Describe(practice)} ({LegalCitations.Article(practice)}).");
                }
                if (openSource)
                    _reasons.Add("The free and open-source exclusion does not apply to a prohibited practice (Art 2(12)).");
                return Finish(EuAiActClass.Prohibited, assessChapterV: true);
            }

            // Test 4, Art 6(1): Annex I products that need third-party conformity assessment.
            var routes = new List<HighRiskRoute>();
            if (Need(AnswerKeys.AnnexIProduct) && answers.AnnexIProduct)
            {
                routes.Add(HighRiskRoute.AnnexI);
                _basis.Add("Art 6(1)");
                _reasons.Add("High-risk: a safety component of, or itself, a product under Annex I legislation that requires third-party conformity assessment (Art 6(1)).");
            }

            // Test 5, Art 6(2) Annex III, unless an Art 6(3) derogation holds; profiling always keeps it high-risk.
            var exemptionApplied = false;
            var annexIii = (Need(AnswerKeys.AnnexIii) ? answers.AnnexIii : []).Concat(impliedAnnexIii).Distinct(StringComparer.Ordinal).ToArray();
            if (annexIii.Length > 0)
            {
                var points = string.Join(", ", annexIii.Select(LegalCitations.AnnexIiiBasis));
                var profiles = !answers.IsKnown(AnswerKeys.Profiling) || answers.Profiling;
                // The derogation question matters unless the system is known to profile people (Art 6(3), last subparagraph).
                var claimed = (answers.IsKnown(AnswerKeys.Profiling) && answers.Profiling) || !Need(AnswerKeys.Art63Exemption) ? null : answers.Art63Exemption;
                if (claimed is { } exemption && !profiles && routes.Contains(HighRiskRoute.AnnexI))
                {
                    // The derogation is from Art 6(2) only: an Annex I product stays high-risk under Art 6(1), so its provider
                    // cannot consider it "not high-risk" and owes neither the Art 6(4) assessment nor the Art 49(2) registration.
                    _reasons.Add($"The {LegalCitations.Article(exemption)} derogation takes {points} out of Art 6(2) only: the system stays high-risk under Art 6(1), so the Art 6(4) assessment and the Art 49(2) registration do not apply.");
                }
                else if (claimed is { } derogation && !profiles)
                {
                    exemptionApplied = true;
                    _basis.Add("Art 6(3)");
                    _reasons.Add($"Not high-risk under Art 6(2) for {points}: the provider's assessment is that the system {LegalCitations.Describe(derogation)} ({LegalCitations.Article(derogation)}) and it does not profile natural persons; the assessment must be documented (Art 6(4)) and the system registered (Art 49(2)).");
                }
                else
                {
                    routes.Add(HighRiskRoute.AnnexIii);
                    _basis.Add("Art 6(2)");
                    foreach (var id in annexIii)
                    {
                        _basis.Add(LegalCitations.AnnexIiiBasis(id));
                        _reasons.Add($"High-risk: listed in {LegalCitations.AnnexIiiBasis(id)} ({tables.AnnexIiiAreaTitle(LegalCitations.AnnexIiiArea(id))}) (Art 6(2)).");
                    }
                    if (answers.IsKnown(AnswerKeys.Art63Exemption) && answers.Art63Exemption is { } rejected && answers.IsKnown(AnswerKeys.Profiling))
                        _reasons.Add($"The {LegalCitations.Article(rejected)} derogation does not apply: the system profiles natural persons, so an Annex III system is always high-risk (Art 6(3), last subparagraph).");
                }
            }

            // Test 6, Art 50: duties stack on top of high-risk; alone they make the system limited-risk.
            var transparency = answers.Transparency;
            var known = AnswerKeys.Transparency.Select(Need).ToArray();
            var duties = Art50Duties.Of(new TransparencyAnswers
            {
                InteractsWithNaturalPersons = known[0] && transparency.InteractsWithNaturalPersons,
                GeneratesSyntheticContent = known[1] && transparency.GeneratesSyntheticContent,
                EmotionRecognitionOrBiometricCategorisation = known[2] && transparency.EmotionRecognitionOrBiometricCategorisation,
                DeepFake = known[3] && transparency.DeepFake,
                PublicInterestText = known[4] && transparency.PublicInterestText,
            });
            foreach (var article in duties.Select(d => d.Article).Distinct())
            {
                var what = string.Join("; ", duties.Where(d => d.Article == article).Select(d => d.Duty));
                _reasons.Add($"Transparency duty ({article}): {what}.");
            }

            EuAiActClass euClass;
            if (routes.Count > 0)
            {
                euClass = EuAiActClass.HighRisk;
            }
            else if (duties.Count > 0)
            {
                euClass = EuAiActClass.LimitedRisk;
                _basis.AddRange(duties.Select(d => d.Article).Distinct());
            }
            else
            {
                euClass = EuAiActClass.MinimalRisk;
            }

            if (openSource)
            {
                if (euClass == EuAiActClass.MinimalRisk)
                {
                    // Art 2(12) spares AI systems; a general-purpose AI model keeps its own Chapter V obligations.
                    _basis.Clear();
                    _basis.Add("Art 2(12)");
                    _reasons.Add("Out of scope: released under a free and open-source licence and neither prohibited, high-risk nor subject to Art 50 (Art 2(12)).");
                    return Finish(EuAiActClass.OutOfScope, assessChapterV: true, exemptionApplied: exemptionApplied, annexIii: annexIii, openSourceSystem: true);
                }
                _reasons.Add(euClass == EuAiActClass.HighRisk
                    ? "The free and open-source exclusion does not apply to a high-risk AI system (Art 2(12))."
                    : "The free and open-source exclusion does not apply to a system with Art 50 duties (Art 2(12)).");
            }
            if (euClass == EuAiActClass.MinimalRisk)
                _reasons.Add("Minimal risk: no prohibited practice (Art 5), no high-risk use (Art 6) and no transparency duty (Art 50) applies; voluntary codes of conduct may be followed (Art 95).");

            // Art 27(1): public bodies and private public-service providers (not for Annex III point 2), and any deployer under Annex III 5(b) or 5(c).
            var fria = false;
            if (routes.Contains(HighRiskRoute.AnnexIii))
            {
                var byUse = annexIii.Any(id => id is "III.5(b)" or "III.5(c)");
                var publicBodyMatters = !byUse && annexIii.Any(id => LegalCitations.AnnexIiiArea(id) != "2");
                // Only a deployer owes the assessment, so only a deployer must say whether it is a public body.
                var publicBody = publicBodyMatters
                    && (RoleIs(OperatorRole.Deployer) ? Need(AnswerKeys.PublicBodyOrPublicService) : answers.IsKnown(AnswerKeys.PublicBodyOrPublicService))
                    && answers.DeployerContext.PublicBodyOrPublicService;
                fria = byUse || publicBody;
                if (fria && RoleIs(OperatorRole.Deployer))
                    _reasons.Add(publicBody
                        ? "Fundamental rights impact assessment required: the deployer is a public body or provides a public service (Art 27(1))."
                        : "Fundamental rights impact assessment required: creditworthiness or life and health insurance use, Annex III.5(b) or 5(c) (Art 27(1)).");
            }
            return Finish(euClass, assessChapterV: true, routes, duties, exemptionApplied, fria, annexIii);
        }

        private Classification Finish(
            EuAiActClass euClass, bool assessChapterV, IReadOnlyList<HighRiskRoute>? routes = null, IReadOnlyList<TransparencyDuty>? duties = null,
            bool exemptionApplied = false, bool fria = false, IReadOnlyList<string>? annexIii = null, bool openSourceSystem = false)
        {
            var gpai = assessChapterV ? GpaiTest.Evaluate(answers, Need) : GpaiTest.None;
            if (_missing.Count > 0)
                return Incomplete();
            if (openSourceSystem && gpai.Status != GpaiStatus.None)
                _reasons.Add("Art 2(12) concerns AI systems, not models: the general-purpose AI model you provide keeps its obligations under Chapter V (Art 53, Art 55), with the open-licence relief of Art 53(2) only where it applies.");

            routes ??= [];
            duties ??= [];
            var (tier, factors) = InternalTier.Of(answers, euClass, gpai.Status, tables.Tiers);
            return new Classification
            {
                Class = euClass,
                Basis = _basis.ToArray(),
                Transparency = duties,
                Gpai = gpai.Status,
                GpaiBasis = gpai.Basis,
                Obligations = ObligationCatalog.For(answers, euClass, routes, exemptionApplied, fria, duties, gpai, tables.Obligations, calendar),
                Tier = tier,
                TierFactors = factors,
                Reasons = [.. _reasons, .. gpai.Reasons],
                CalendarName = calendar.Name,
                CalendarVerified = calendar.Verified,
                HighRiskRoutes = routes.ToArray(),
                AnnexIiiPoints = annexIii ?? answers.AnnexIii,
                Art63ExemptionApplied = exemptionApplied,
                FundamentalRightsImpactAssessmentRequired = fria,
            };
        }

        private Classification Incomplete()
        {
            var missing = _missing.OrderBy(m => AnswerKeys.Order(m.Key)).ToArray();
            var keys = string.Join("; ", missing.Select(m => $"{m.Key} ({m.Decides})"));
            var count = _missing.Count == 1 ? "1 question that decides the outcome has" : $"{_missing.Count} questions that decide the outcome have";
            return new Classification
            {
                Class = EuAiActClass.Incomplete,
                Basis = [],
                Transparency = [],
                Gpai = null,
                GpaiBasis = [],
                Obligations = [],
                Tier = null,
                TierFactors = [],
                Reasons = [$"Incomplete: {count} no answer yet (left out or answered unknown), so no class is given: {keys}."],
                CalendarName = calendar.Name,
                CalendarVerified = calendar.Verified,
                Missing = missing,
            };
        }

        private static string Words(OperatorRole role) => WireName.Of(role).Replace('_', ' ');
    }
}
