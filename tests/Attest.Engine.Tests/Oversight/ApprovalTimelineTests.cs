using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

/// <summary>The approval in force at a moment, and whether a model version ran under it.</summary>
public sealed class ApprovalTimelineTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Day(int n) => Day0.AddDays(n);

    private static ApprovalTimeline Timeline(IEnumerable<CoverageAssessment>? assessments = null) => new(
    [
        new ApprovalRecord("rev_1", "mv_a", Day(10), LapsedAt: Day(40)),
        new ApprovalRecord("rev_2", "mv_b", Day(50), LapsedAt: null),
    ], assessments ?? []);

    [Theory]
    [InlineData(5, null)]       // before any approval
    [InlineData(10, "rev_1")]   // from the moment it is decided
    [InlineData(39, "rev_1")]
    [InlineData(40, null)]      // lapsed at day 40
    [InlineData(45, null)]
    [InlineData(50, "rev_2")]
    [InlineData(400, "rev_2")]
    public void The_approval_in_force_is_the_latest_decided_and_not_yet_lapsed(int day, string? review) =>
        Timeline().InForceAt(Day(day))?.ReviewId.ShouldBe(review);

    [Fact]
    public void The_approved_version_is_covered_and_another_only_after_an_assessment_found_nothing_material()
    {
        var timeline = Timeline([
            new CoverageAssessment("mca_1", "mv_c", "rev_2", Day(60), Material: false),
            new CoverageAssessment("mca_2", "mv_d", "rev_2", Day(60), Material: true),
        ]);
        timeline.CoverageAt("mv_b", "b@1", Day(55)).Covered.ShouldBeTrue();
        timeline.CoverageAt("mv_c", "c@1", Day(55)).Covered.ShouldBeFalse("not assessed yet on day 55");
        var covered = timeline.CoverageAt("mv_c", "c@1", Day(61));
        covered.Covered.ShouldBeTrue();
        covered.AssessmentId.ShouldBe("mca_1");
        timeline.CoverageAt("mv_d", "d@1", Day(61)).Covered.ShouldBeFalse();
        timeline.CoverageAt("mv_d", "d@1", Day(61)).Why.ShouldContain("material change");
        timeline.CoverageAt("mv_a", "a@1", Day(45)).Why.ShouldContain("lapsed");
        timeline.CoverageAt("mv_a", "a@1", Day(5)).Why.ShouldContain("No release approval");
    }

    [Fact]
    public void The_latest_assessment_at_the_time_counts()
    {
        var timeline = Timeline([
            new CoverageAssessment("mca_1", "mv_c", "rev_2", Day(60), Material: false),
            new CoverageAssessment("mca_2", "mv_c", "rev_2", Day(70), Material: true),
        ]);
        timeline.CoverageAt("mv_c", "c@1", Day(65)).Covered.ShouldBeTrue();
        timeline.CoverageAt("mv_c", "c@1", Day(75)).Covered.ShouldBeFalse();
    }
}
