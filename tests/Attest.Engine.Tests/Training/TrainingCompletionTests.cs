using Attest.Engine.Kpis;
using Attest.Engine.Training;

namespace Attest.Engine.Tests.Training;

/// <summary>
/// Training completion worked by hand (as of 2026-06-30): reviewers need rai + oversight, ML engineers rai + secure-ml,
/// auditors nothing. ana (reviewer, Risk) did both; ben (ml_engineer, Risk) did rai only; cai (reviewer and ml_engineer,
/// Marketing) did rai, oversight and secure-ml — secure-ml only on 07-02, after the as-of day; dee (auditor) needs nothing;
/// eve (reviewer, Risk) was listed only on 07-01.
/// </summary>
public sealed class TrainingCompletionTests
{
    private static readonly DateTimeOffset AsOf = At("2026-06-30T12:00:00Z");
    private static readonly DateTimeOffset Listed = At("2026-05-01T00:00:00Z");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static TrainingFacts Facts { get; } = new(
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["reviewer"] = ["rai", "oversight"],
            ["ml_engineer"] = ["rai", "secure-ml"],
            ["auditor"] = [],
        },
        [
            new("ana", "reviewer", "rai", At("2026-01-10T00:00:00Z"), "Risk", Listed),
            new("ana", "reviewer", "oversight", At("2026-02-10T00:00:00Z"), "Risk", Listed),
            new("ben", "ml_engineer", "rai", At("2026-03-01T00:00:00Z"), "Risk", Listed),
            new("ben", "ml_engineer", "secure-ml", null, "Risk", Listed),
            new("cai", "reviewer", "rai", At("2026-03-01T00:00:00Z"), "Marketing", Listed),
            new("cai", "reviewer", "oversight", At("2026-03-02T00:00:00Z"), "Marketing", Listed),
            new("cai", "ml_engineer", "secure-ml", At("2026-07-02T00:00:00Z"), "Marketing", Listed),
            new("dee", "auditor", "rai", null, "Risk", Listed),
            new("eve", "reviewer", "rai", At("2026-07-01T00:00:00Z"), "Risk", At("2026-07-01T00:00:00Z")),
        ]);

    private static readonly KpiDefinition Definition = new("training_completion", "Training", "wording", "numerator", "denominator", KpiUnit.Percent,
        [KpiSegment.BusinessUnit], 100, KpiDirection.AtLeast, KpiFrequency.Monthly);

    [Fact]
    public void A_person_is_complete_on_every_course_any_of_their_roles_requires_by_the_as_of_time()
    {
        var people = TrainingCompletion.Standings(Facts, AsOf);
        people.Select(p => (p.Person, p.Complete, string.Join(' ', p.Missing))).ShouldBe(
        [
            ("ana", true, ""),
            ("ben", false, "secure-ml"),
            ("cai", false, "secure-ml"),
        ]);
        people.Single(p => p.Person == "cai").Roles.ShouldBe(["ml_engineer", "reviewer"]);
    }

    [Fact]
    public void The_kpi_is_people_complete_over_people_with_a_role_that_requires_training()
    {
        var v = KpiCalculator.TrainingCompletionValue(Definition, Facts, KpiSegmentFilter.All, AsOf);
        (v.Numerator, v.Denominator, v.Value, v.Status).ShouldBe((1.0, 3.0, 33.3, KpiStatus.NotMet));
        v.Members.ShouldBeEmpty("training is counted per person, not per system");

        var later = KpiCalculator.TrainingCompletionValue(Definition, Facts, KpiSegmentFilter.All, At("2026-07-03T00:00:00Z"));
        (later.Numerator, later.Denominator, later.Value).ShouldBe((2.0, 4.0, 50.0), "cai finished secure-ml on 07-02; eve, listed on 07-01, lacks oversight");
    }

    [Fact]
    public void The_kpi_segments_by_business_unit_and_refuses_a_tier()
    {
        var risk = KpiCalculator.TrainingCompletionValue(Definition, Facts, new KpiSegmentFilter(BusinessUnit: "risk"), AsOf);
        (risk.Numerator, risk.Denominator, risk.Value).ShouldBe((1.0, 2.0, 50.0));
        var tier = KpiCalculator.TrainingCompletionValue(Definition, Facts, new KpiSegmentFilter(Tier: "high"), AsOf);
        (tier.Status, tier.Value, tier.Reason).ShouldBe((KpiStatus.NotMeasured, (double?)null, KpiCalculator.TrainingHasNoTier));
    }

    [Fact]
    public void Without_records_the_kpi_is_not_measured()
    {
        var none = KpiCalculator.TrainingCompletionValue(Definition, new TrainingFacts(Facts.RequiredByRole, []), KpiSegmentFilter.All, AsOf);
        (none.Status, none.Value, none.Reason).ShouldBe((KpiStatus.NotMeasured, (double?)null, KpiCalculator.NoTrainingRecords));
        KpiCalculator.TrainingCompletionValue(Definition, null, KpiSegmentFilter.All, AsOf).Reason.ShouldBe(KpiCalculator.NoFactsYet);
    }
}
