namespace Attest.Engine.Incidents;

/// <summary>What harm made an incident serious (EU AI Act Art 3(49)(a)–(d)).</summary>
public enum SeriousHarm { Death, Health, CriticalInfrastructure, FundamentalRights, PropertyOrEnvironment }

/// <summary>Whose clock a deadline is on.</summary>
public enum ClockRegime { EuAiActArt73, GdprArt33, Internal }

public enum PeriodUnit { Hours, Days }

/// <summary>A reporting period: so many hours or so many (calendar) days.</summary>
public sealed record ClockPeriod(int Amount, PeriodUnit Unit)
{
    /// <summary>"24h", "72h", "10d", "2d"; null when it is not such a text.</summary>
    public static ClockPeriod? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
            return null;
        var unit = text[^1] switch { 'h' => PeriodUnit.Hours, 'd' => PeriodUnit.Days, _ => (PeriodUnit?)null };
        if (unit is null || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            || amount < 1 || amount > (unit == PeriodUnit.Hours ? 24 * 366 : 366))
            return null;
        return new ClockPeriod(amount, unit.Value);
    }

    public override string ToString() => Unit == PeriodUnit.Hours ? $"{Amount}h" : $"{Amount}d";

    public string Words => Unit == PeriodUnit.Hours ? $"{Amount} hours" : Amount == 1 ? "1 day" : $"{Amount} days";
}

/// <summary>
/// When a rule applies: always, or when the incident is serious with one of the listed harms, or involves a widespread
/// infringement, or a personal-data breach (any one of the listed facts is enough). <see cref="HighRiskOnly"/> limits it
/// to systems classified high-risk (EU AI Act Art 73 applies to providers of high-risk AI systems).
/// </summary>
public sealed record ClockCondition
{
    public bool Always { get; init; }
    public IReadOnlyList<SeriousHarm> Serious { get; init; } = [];
    public bool WidespreadInfringement { get; init; }
    public bool PersonalDataBreach { get; init; }
    public bool HighRiskOnly { get; init; }

    public bool Holds(IncidentClockFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (HighRiskOnly && !facts.HighRisk)
            return false;
        return Always
            || (facts.Serious is { } harm && Serious.Contains(harm))
            || (WidespreadInfringement && facts.WidespreadInfringement)
            || (PersonalDataBreach && facts.PersonalDataBreach);
    }
}

/// <summary>One deadline rule: an obligation of a regime, due a period after awareness, with the article it comes from.</summary>
public sealed record ClockRule(ClockRegime Regime, string Obligation, string Label, ClockPeriod Period, ClockCondition When, string Citation)
{
    /// <summary>Where the rule was read (file:line), for messages.</summary>
    public string Source { get; init; } = "";
}

/// <summary>The facts the clocks run on.</summary>
/// <param name="AwareAt">When the organisation became aware of the incident (the clocks run from here, not from occurrence).</param>
/// <param name="HighRisk">The system is classified high-risk under the EU AI Act.</param>
public sealed record IncidentClockFacts(DateTimeOffset AwareAt, bool HighRisk, SeriousHarm? Serious, bool WidespreadInfringement, bool PersonalDataBreach);

/// <summary>
/// One deadline of an incident.
/// <paramref name="DueAt"/> is awareness plus the period — for periods in days the earlier of 24-hour days and calendar days
/// in the organisation's time zone (they differ across a daylight-saving change), so it is never later than the law allows.
/// <paramref name="LastDayEndsAt"/> (legal regimes only) is when the period ends under Regulation (EEC, Euratom) No 1182/71
/// Art 3: the hour (or day) of awareness is not counted, the period ends with the expiry of its last hour (or day), and a
/// period in days whose last day is a Saturday or Sunday ends with the following working day (public holidays are not
/// known to Attest, so this can only be earlier than the Regulation's end, never later).
/// </summary>
public sealed record IncidentDeadline(
    ClockRegime Regime, string Obligation, string Label, string Citation, ClockPeriod Period,
    DateTimeOffset DueAt, DateTimeOffset? LastDayEndsAt, DateTimeOffset? MetAt)
{
    public DeadlineState StateAt(DateTimeOffset now) => MetAt is { } met
        ? met <= DueAt ? DeadlineState.Met : DeadlineState.MetLate
        : now > DueAt ? DeadlineState.Overdue : DeadlineState.Running;
}

public enum DeadlineState { Running, Overdue, Met, MetLate }
