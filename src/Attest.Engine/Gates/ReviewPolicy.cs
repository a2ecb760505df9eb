using Attest.Engine.Classification;

namespace Attest.Engine.Gates;

/// <summary>Per tier: how many business days the review board has for a release review, and the longest a waiver may run.</summary>
public sealed record ReviewPolicy(RiskTier Tier, int SlaBusinessDays, int WaiverMaxDays);

/// <summary>Business-day arithmetic for SLA due dates: Monday to Friday count, weekends do not.</summary>
public static class BusinessDays
{
    /// <summary>The day <paramref name="days"/> business days after <paramref name="start"/> (start itself not counted).</summary>
    public static DateOnly Add(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = start;
        while (days > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                days--;
        }
        return day;
    }

    /// <summary>Business days from <paramref name="from"/> to <paramref name="to"/> (negative when overdue).</summary>
    public static int Between(DateOnly from, DateOnly to)
    {
        var sign = to >= from ? 1 : -1;
        var (a, b) = sign > 0 ? (from, to) : (to, from);
        var count = 0;
        for (var d = a.AddDays(1); d <= b; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                count++;
        }
        return sign * count;
    }
}
