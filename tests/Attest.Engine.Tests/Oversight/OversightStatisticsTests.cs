using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

public sealed class OversightStatisticsTests
{
    // Expected values: numpy.percentile(values, p) (method "linear", NumPy's default).
    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2.5)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 90, 3.7)]
    [InlineData(new double[] { 10 }, 90, 10)]
    [InlineData(new double[] { 5, 1, 9, 3, 7 }, 50, 5)]
    [InlineData(new double[] { 5, 1, 9, 3, 7 }, 90, 8.2)]
    [InlineData(new double[] { 0, 100 }, 25, 25)]
    public void Percentiles_interpolate_between_closest_ranks_like_NumPy(double[] values, double p, double expected) =>
        OversightStatistics.Percentile(values, p)!.Value.ShouldBe(expected, 1e-12);

    [Fact]
    public void No_values_have_no_percentile() => OversightStatistics.Percentile([], 50).ShouldBeNull();

    [Fact]
    public void Fast_near_total_agreement_raises_the_rubber_stamp_signal_and_careful_review_does_not()
    {
        var stamper = Enumerable.Range(0, 30).Select(i => new ResolvedReview("user:quick", Overridden: false, 60, ReviewSeconds: 4 + i % 3, WithinSla: true));
        var careful = Enumerable.Range(0, 30).Select(i => new ResolvedReview("user:careful", Overridden: i % 5 == 0, 3600, ReviewSeconds: 240, WithinSla: true));
        var few = Enumerable.Range(0, 5).Select(i => new ResolvedReview("user:new", Overridden: false, 60, ReviewSeconds: 3, WithinSla: true));
        var stats = OversightStatistics.ByReviewer([.. stamper, .. careful, .. few]).ToDictionary(s => s.Reviewer);
        stats["user:quick"].RubberStampSignal.ShouldBeTrue();
        stats["user:quick"].AgreementRate.ShouldBe(1.0);
        stats["user:quick"].MedianReviewSeconds.ShouldBe(5);
        stats["user:careful"].RubberStampSignal.ShouldBeFalse();
        stats["user:careful"].Overridden.ShouldBe(6);
        stats["user:careful"].AgreementRate.ShouldBe(0.8);
        stats["user:new"].RubberStampSignal.ShouldBeFalse("too few reviews to judge");
    }

    [Fact]
    public void Resolving_without_claiming_counts_as_no_time_spent()
    {
        var unclaimed = Enumerable.Range(0, 25).Select(_ => new ResolvedReview("user:api", Overridden: false, 30, ReviewSeconds: null, WithinSla: true));
        var stats = OversightStatistics.ByReviewer(unclaimed).Single();
        stats.UnclaimedResolutions.ShouldBe(25);
        stats.MedianReviewSeconds.ShouldBeNull();
        stats.RubberStampSignal.ShouldBeTrue();
    }
}
