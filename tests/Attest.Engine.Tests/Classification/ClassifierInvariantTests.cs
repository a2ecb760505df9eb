using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

/// <summary>Invariants over many random intakes (seeded, so a failure reproduces).</summary>
public class ClassifierInvariantTests
{
    private static readonly string[] AnnexPoints = ["III.1(a)", "III.2", "III.3(b)", "III.4(a)", "III.5(b)", "III.5(c)", "III.6(e)", "III.8(b)"];

    private static IReadOnlyList<T> Some<T>(Random random, IReadOnlyList<T> values, double probability) =>
        values.Where(_ => random.NextDouble() < probability).ToArray();

    internal static IntakeAnswers RandomIntake(Random random)
    {
        var practices = Some(random, Enum.GetValues<ProhibitedPractice>(), 0.04);
        var exceptions = Enum.GetValues<ProhibitedPracticeException>()
            .Where(e => practices.Contains(LegalCitations.PracticeOf(e)) && random.NextDouble() < 0.6).ToArray();
        var annexIii = Some(random, AnnexPoints, 0.12);
        bool Flag(double p = 0.25) => random.NextDouble() < p;
        return new IntakeAnswers
        {
            Name = "random",
            OperatorRole = Enum.GetValues<OperatorRole>()[random.Next(6)],
            EuNexus = Flag(0.92),
            Exclusions = Some(random, Enum.GetValues<ScopeExclusion>(), 0.06),
            ProhibitedPractices = practices,
            ProhibitedExceptions = exceptions,
            AnnexIProduct = Flag(0.1),
            AnnexIii = annexIii,
            Art63Exemption = annexIii.Count > 0 && Flag(0.4) ? Enum.GetValues<Art63Exemption>()[random.Next(4)] : null,
            Profiling = Flag(0.3),
            Transparency = new TransparencyAnswers
            {
                InteractsWithNaturalPersons = Flag(),
                GeneratesSyntheticContent = Flag(),
                EmotionRecognitionOrBiometricCategorisation = Flag(0.1),
                DeepFake = Flag(0.1),
                PublicInterestText = Flag(0.1),
            },
            Gpai = Flag(0.2)
                ? new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = Math.Pow(10, 22 + (random.NextDouble() * 5)), DesignatedSystemicRisk = Flag(0.1), OpenLicence = Flag(0.3) }
                : new GpaiAnswers(),
            DeployerContext = new DeployerContext { PublicBodyOrPublicService = Flag(0.2) },
            Deployment = Flag(0.5) ? Deployment.External : Deployment.Internal,
            Autonomy = Enum.GetValues<Autonomy>()[random.Next(4)],
            PersonalData = Enum.GetValues<PersonalDataKind>()[random.Next(3)],
            AffectedPeople = (long)Math.Pow(10, random.Next(8)),
            UsesGenerativeAi = Flag(0.4),
            ThirdPartyModel = Flag(0.4),
        };
    }

    [Fact]
    public void Every_classification_keeps_the_invariants_of_the_tests()
    {
        var random = new Random(20260802);
        var seen = new HashSet<EuAiActClass>();
        for (var i = 0; i < 5000; i++)
        {
            var answers = RandomIntake(random);
            var c = Intakes.Classify(answers);
            seen.Add(c.Class);
            var context = $"intake #{i}: {c.Class} {string.Join(",", c.Basis)}";

            c.Status.ShouldBe(ClassificationStatus.Complete, context); // every answer is known
            c.Reasons.ShouldNotBeEmpty(context);
            c.Reasons.ShouldAllBe(r => r.Contains("Art ", StringComparison.Ordinal), context);
            (c.Basis.Count == 0).ShouldBe(c.Class == EuAiActClass.MinimalRisk && !c.Art63ExemptionApplied, context);
            if (c.Class == EuAiActClass.Prohibited)
                c.Tier.ShouldBe(RiskTier.Critical, context);
            if (c.Class == EuAiActClass.HighRisk)
                ((int)c.Tier!.Value).ShouldBeGreaterThanOrEqualTo((int)RiskTier.High, context);
            if (c.Obligations.Any(o => o.Article is "Art 6(4)" or "Art 49(2)"))
                (c.Art63ExemptionApplied && c.AnnexIiiPoints.Count > 0 && !c.HighRiskRoutes.Contains(HighRiskRoute.AnnexI)).ShouldBeTrue(context);
            if (c.Class is EuAiActClass.OutOfScope)
                c.Obligations.ShouldAllBe(o => o.Article.StartsWith("Art 5", StringComparison.Ordinal) && o.Milestone == CalendarMilestone.GpaiModels, context);
            if (c.Class is EuAiActClass.Prohibited or EuAiActClass.OutOfScope)
                c.Transparency.ShouldBeEmpty(context);
            if (!answers.EuNexus)
                c.Class.ShouldBe(EuAiActClass.OutOfScope, context);
            if (c.Class == EuAiActClass.HighRisk && answers.Profiling && answers.AnnexIii.Count > 0)
                c.Art63ExemptionApplied.ShouldBeFalse(context);
            c.Obligations.ShouldAllBe(o => o.AppliesFrom == RegulatoryCalendar.Original2024.DateOf(o.Milestone), context);
            // Chapter V follows the model unless the Regulation does not apply (Art 2(1)) or the exclusion names AI models (Art 2(6), 2(8)).
            (c.Gpai != GpaiStatus.None).ShouldBe(answers.Gpai.IsGpaiModel && !c.Basis.Any(b => b is "Art 2(1)" or "Art 2(6)" or "Art 2(8)"), context);
            if (c.Basis.Contains("Art 2(10)"))
                answers.OperatorRole.ShouldBe(OperatorRole.Deployer, context);

            var again = Intakes.Classify(answers);
            again.Basis.ShouldBe(c.Basis);
            again.Reasons.ShouldBe(c.Reasons);
            again.Obligations.ShouldBe(c.Obligations);
        }
        seen.Count.ShouldBe(5, "the random intakes reach every class");
    }
}
