namespace Attest.Core.Demo;

/// <summary>
/// The clock the demo's history runs on: the portfolio is registered months before the day of seeding and its
/// governance story (evidence, waivers, reviews) unfolds on the days the story file names, so the ledger, the
/// evidence freshness and the waiver expiries read like a real programme's. Time only moves forward and never
/// past the real now, so the ledger stays in time order.
/// </summary>
internal sealed class DemoClock : TimeProvider
{
    private static readonly TimeSpan UsualStep = TimeSpan.FromMinutes(3);
    private readonly DateTimeOffset realNow;
    private TimeSpan step = UsualStep;
    private DateTimeOffset now;

    public DemoClock(DateTimeOffset realNow, int startDaysAgo)
    {
        this.realNow = realNow;
        Today = DateOnly.FromDateTime(realNow.UtcDateTime);
        now = At(-startDaysAgo);
    }

    /// <summary>The real day of seeding; story days count from it (day -30 is thirty days earlier).</summary>
    public DateOnly Today { get; }

    public override DateTimeOffset GetUtcNow()
    {
        // Every reading is a little later than the last, as records made one after another would be.
        now += step;
        if (now > realNow) now = realNow;
        return now;
    }

    /// <summary>
    /// Readings a second apart until disposed: bulk work (thousands of logged decisions, a reviewer working through the
    /// queue) reads the clock for every record, and three minutes apiece would carry it days ahead.
    /// </summary>
    public IDisposable Busy()
    {
        step = TimeSpan.FromSeconds(1);
        return new Restore(this);
    }

    /// <summary>
    /// Moves to 09:00 UTC of a story day; the story must be in time order and in the past. Day 0 is the moment of
    /// seeding itself (an hour before it), for what should still be under way when a newcomer opens the demo.
    /// </summary>
    public void MoveTo(int day, string where)
    {
        if (day > 0)
            throw new InvalidDataException($"{where}: day must not be after seeding (0 or negative), got {day}.");
        var target = day == 0 ? realNow.AddHours(-1) : At(day);
        if (Today.AddDays(day) < DateOnly.FromDateTime(now.UtcDateTime))
            throw new InvalidDataException($"{where}: day {day} comes before the previous step; the story must be in time order.");
        if (target > now) now = target;
    }

    public DateOnly Day(int day) => Today.AddDays(day);

    private sealed class Restore(DemoClock clock) : IDisposable
    {
        public void Dispose() => clock.step = UsualStep;
    }

    private DateTimeOffset At(int day) => new(Today.AddDays(day).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
}
