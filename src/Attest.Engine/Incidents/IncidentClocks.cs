namespace Attest.Engine.Incidents;

/// <summary>
/// The deadlines an incident is on, from its awareness time, its facts and the clock rules (data). Pure: the time zone
/// (for calendar days) comes in, nothing reads a clock. Where several rules give the same obligation of the same regime
/// (a death that is also a widespread infringement), the earliest due date wins, with its citation.
/// </summary>
public static class IncidentClocks
{
    public static IReadOnlyList<IncidentDeadline> Compute(
        IncidentClockFacts facts, IReadOnlyList<ClockRule> rules, TimeZoneInfo zone,
        IReadOnlyDictionary<(ClockRegime Regime, string Obligation), DateTimeOffset>? met = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(zone);
        var result = new List<IncidentDeadline>();
        foreach (var group in rules.Where(r => r.When.Holds(facts)).GroupBy(r => (r.Regime, r.Obligation)))
        {
            var best = group.Select(r => (Rule: r, Due: DueAt(facts.AwareAt, r.Period, zone))).OrderBy(x => x.Due).First();
            var legal = best.Rule.Regime != ClockRegime.Internal;
            DateTimeOffset? metAt = met is not null && met.TryGetValue(group.Key, out var m) ? m : null;
            result.Add(new IncidentDeadline(best.Rule.Regime, best.Rule.Obligation, best.Rule.Label, best.Rule.Citation, best.Rule.Period,
                best.Due, legal ? LastDayEndsAt(facts.AwareAt, best.Rule.Period, zone) : null, metAt));
        }
        return result.OrderBy(d => d.DueAt).ThenBy(d => d.Regime).ThenBy(d => d.Obligation, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Awareness plus the period; for days, the earlier of N × 24 hours and N calendar days in <paramref name="zone"/>.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset awareAt, ClockPeriod period, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(zone);
        var utc = awareAt.ToUniversalTime();
        if (period.Unit == PeriodUnit.Hours)
            return utc.AddHours(period.Amount);
        var elapsed = utc.AddDays(period.Amount);
        var local = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
        var calendar = EarliestInstant(DateTime.SpecifyKind(local.AddDays(period.Amount), DateTimeKind.Unspecified), zone);
        return calendar < elapsed ? calendar : elapsed;
    }

    /// <summary>The end of the period under Reg. 1182/71 Art 3 (see <see cref="IncidentDeadline"/>).</summary>
    public static DateTimeOffset LastDayEndsAt(DateTimeOffset awareAt, ClockPeriod period, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(zone);
        var utc = awareAt.ToUniversalTime();
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        if (period.Unit == PeriodUnit.Hours)
        {
            // Art 3(1): the hour of the event is not counted; 3(2)(a): the period ends with the expiry of its last hour.
            var hourStarted = utc - TimeSpan.FromTicks(local.TimeOfDay.Ticks % TimeSpan.TicksPerHour);
            return hourStarted.AddHours(period.Amount + 1);
        }
        // Art 3(1): the day of the event is not counted; 3(2)(b): the period ends with the expiry of the last hour of its last day;
        // 3(4): a last day on a Saturday or Sunday moves to the following working day.
        var lastDay = local.Date.AddDays(period.Amount);
        while (lastDay.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            lastDay = lastDay.AddDays(1);
        return LatestInstant(DateTime.SpecifyKind(lastDay.AddDays(1), DateTimeKind.Unspecified), zone);
    }

    // A wall-clock time that falls in a daylight-saving gap does not exist, and one in an overlap exists twice. For a due
    // date take the earliest instant it can mean; for the end of a day the start of the next one, as it is kept there.
    private static DateTimeOffset EarliestInstant(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsAmbiguousTime(wall))
        {
            var largest = zone.GetAmbiguousTimeOffsets(wall).Max();
            return new DateTimeOffset(wall, largest).ToUniversalTime();
        }
        if (zone.IsInvalidTime(wall))
        {
            var offset = new[] { zone.GetUtcOffset(wall.AddHours(-6)), zone.GetUtcOffset(wall.AddHours(6)) }.Max();
            return new DateTimeOffset(wall, offset).ToUniversalTime();
        }
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    private static DateTimeOffset LatestInstant(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsAmbiguousTime(wall))
        {
            var smallest = zone.GetAmbiguousTimeOffsets(wall).Min();
            return new DateTimeOffset(wall, smallest).ToUniversalTime();
        }
        if (zone.IsInvalidTime(wall))
        {
            // Midnight skipped: the day ends when the clock jumps, i.e. at the wall time under the offset before the gap.
            var before = zone.GetUtcOffset(wall.AddHours(-6));
            return new DateTimeOffset(wall, before).ToUniversalTime();
        }
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }
}
