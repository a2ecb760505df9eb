namespace Attest.Engine.Oversight;

/// <summary>One resolved review as analytics see it.</summary>
/// <param name="ReviewSeconds">From claim to resolution; null when the item was resolved without being claimed first.</param>
public sealed record ResolvedReview(string Reviewer, bool Overridden, double ResolveSeconds, double? ReviewSeconds, bool WithinSla);

/// <summary>How one reviewer resolves: agreement with the model, time spent, and whether that looks like rubber-stamping.</summary>
public sealed record ReviewerStatistics(string Reviewer, int Resolved, int Confirmed, int Overridden, double AgreementRate, double? MedianReviewSeconds, int UnclaimedResolutions, bool RubberStampSignal);

/// <summary>
/// The statistics of oversight analytics: percentiles (linear interpolation between closest ranks, as NumPy's default)
/// and the rubber-stamping signal — a reviewer who agrees with the model almost always, after very short reviews.
/// </summary>
public static class OversightStatistics
{
    /// <summary>A reviewer needs this many resolutions before the signal is judged at all.</summary>
    public const int RubberStampMinimumReviews = 20;

    /// <summary>Agreement (confirmed / resolved) at or above this share…</summary>
    public const double RubberStampAgreement = 0.95;

    /// <summary>…with a median review (claim to resolution) at or below this many seconds raises the signal.</summary>
    public const double RubberStampMedianSeconds = 15;

    /// <summary>The p-th percentile (0 ≤ p ≤ 100) of the values, or null for none.</summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (p is < 0 or > 100 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "A percentile is from 0 to 100.");
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var rank = p / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
    }

    public static IReadOnlyList<ReviewerStatistics> ByReviewer(IEnumerable<ResolvedReview> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        return reviews.GroupBy(r => r.Reviewer, StringComparer.Ordinal)
            .Select(g =>
            {
                var resolved = g.Count();
                var overridden = g.Count(r => r.Overridden);
                var agreement = (double)(resolved - overridden) / resolved;
                var timed = g.Where(r => r.ReviewSeconds is not null).Select(r => r.ReviewSeconds!.Value).ToList();
                var median = Percentile(timed, 50);
                var unclaimed = resolved - timed.Count;
                // Resolving without claiming takes no visible time: it counts as a very short review.
                var effectiveMedian = Percentile(g.Select(r => r.ReviewSeconds ?? 0), 50);
                var signal = resolved >= RubberStampMinimumReviews && agreement >= RubberStampAgreement && effectiveMedian <= RubberStampMedianSeconds;
                return new ReviewerStatistics(g.Key, resolved, resolved - overridden, overridden, agreement, median, unclaimed, signal);
            })
            .OrderByDescending(s => s.Resolved).ThenBy(s => s.Reviewer, StringComparer.Ordinal)
            .ToList();
    }
}
