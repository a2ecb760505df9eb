using Attest.Engine.Incidents;

namespace Attest.Engine.Tests.Incidents;

/// <summary>
/// Incident deadlines from awareness. Expected dates are worked by hand from the Regulation: EU AI Act Art 73(2) 15 days,
/// 73(3) 2 days, 73(4) 10 days; GDPR Art 33(1) 72 hours; end of period per Reg. 1182/71 Art 3(1), 3(2)(a)/(b), 3(4).
/// </summary>
public sealed class IncidentClocksTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    private static readonly ClockRule[] Rules =
    [
        new(ClockRegime.Internal, "triage", "Triage", new ClockPeriod(24, PeriodUnit.Hours), new ClockCondition { Always = true }, "internal SLA"),
        new(ClockRegime.Internal, "containment_plan", "Containment plan", new ClockPeriod(72, PeriodUnit.Hours), new ClockCondition { Always = true }, "internal SLA"),
        new(ClockRegime.EuAiActArt73, "initial_report", "Report", new ClockPeriod(15, PeriodUnit.Days),
            new ClockCondition { HighRiskOnly = true, Serious = [SeriousHarm.Health, SeriousHarm.FundamentalRights, SeriousHarm.PropertyOrEnvironment] }, "Art 73(2)"),
        new(ClockRegime.EuAiActArt73, "initial_report", "Report", new ClockPeriod(2, PeriodUnit.Days),
            new ClockCondition { HighRiskOnly = true, Serious = [SeriousHarm.CriticalInfrastructure], WidespreadInfringement = true }, "Art 73(3)"),
        new(ClockRegime.EuAiActArt73, "initial_report", "Report", new ClockPeriod(10, PeriodUnit.Days),
            new ClockCondition { HighRiskOnly = true, Serious = [SeriousHarm.Death] }, "Art 73(4)"),
        new(ClockRegime.GdprArt33, "supervisory_authority_notification", "Notify", new ClockPeriod(72, PeriodUnit.Hours),
            new ClockCondition { PersonalDataBreach = true }, "GDPR Art 33(1)"),
    ];

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static IncidentDeadline Only(IReadOnlyList<IncidentDeadline> deadlines, ClockRegime regime) => deadlines.Single(d => d.Regime == regime);

    [Fact]
    public void Every_incident_gets_the_internal_triage_and_containment_clocks_and_nothing_else_without_legal_facts()
    {
        var deadlines = IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-10T14:37:00Z"), HighRisk: true, null, false, false), Rules, Utc);
        deadlines.Select(d => (d.Regime, d.Obligation, d.DueAt, d.LastDayEndsAt)).ShouldBe(
        [
            (ClockRegime.Internal, "triage", At("2026-03-11T14:37:00Z"), (DateTimeOffset?)null),
            (ClockRegime.Internal, "containment_plan", At("2026-03-13T14:37:00Z"), null),
        ]);
    }

    [Theory]
    // Tuesday 2026-03-10 14:37 UTC; the day of awareness is not counted (1182/71 Art 3(1)), the last day ends at midnight.
    [InlineData("death", false, "2026-03-20T14:37:00Z", "2026-03-21T00:00:00Z", "Art 73(4)")]                  // Friday
    [InlineData("critical_infrastructure", false, "2026-03-12T14:37:00Z", "2026-03-13T00:00:00Z", "Art 73(3)")] // Thursday
    [InlineData(null, true, "2026-03-12T14:37:00Z", "2026-03-13T00:00:00Z", "Art 73(3)")]                      // widespread infringement
    [InlineData("health", false, "2026-03-25T14:37:00Z", "2026-03-26T00:00:00Z", "Art 73(2)")]                  // Wednesday
    [InlineData("fundamental_rights", false, "2026-03-25T14:37:00Z", "2026-03-26T00:00:00Z", "Art 73(2)")]
    [InlineData("property_or_environment", false, "2026-03-25T14:37:00Z", "2026-03-26T00:00:00Z", "Art 73(2)")]
    [InlineData("death", true, "2026-03-12T14:37:00Z", "2026-03-13T00:00:00Z", "Art 73(3)")]                    // the shorter period wins
    public void Art_73_runs_for_a_serious_incident_of_a_high_risk_system(string? serious, bool widespread, string due, string lastDayEnds, string citation)
    {
        var harm = serious is null ? (SeriousHarm?)null : Enum.Parse<SeriousHarm>(serious.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        var art73 = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-10T14:37:00Z"), true, harm, widespread, false), Rules, Utc), ClockRegime.EuAiActArt73);
        art73.DueAt.ShouldBe(At(due));
        art73.LastDayEndsAt.ShouldBe(At(lastDayEnds));
        art73.Citation.ShouldBe(citation);
    }

    [Fact]
    public void Art_73_does_not_run_for_a_system_that_is_not_high_risk()
    {
        var deadlines = IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-10T14:37:00Z"), false, SeriousHarm.Death, true, false), Rules, Utc);
        deadlines.ShouldNotContain(d => d.Regime == ClockRegime.EuAiActArt73);
    }

    [Fact]
    public void Gdpr_art_33_runs_72_hours_for_a_personal_data_breach_whatever_the_tier()
    {
        var gdpr = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-10T14:37:00Z"), false, null, false, true), Rules, Utc), ClockRegime.GdprArt33);
        gdpr.DueAt.ShouldBe(At("2026-03-13T14:37:00Z"));
        // The hour of awareness (14:00–15:00) is not counted; 72 whole hours from 15:00.
        gdpr.LastDayEndsAt.ShouldBe(At("2026-03-13T15:00:00Z"));
    }

    [Fact]
    public void A_period_in_hours_counts_whole_hours_of_the_local_clock_in_a_half_hour_zone()
    {
        // 14:37 UTC is 20:07 in Kolkata (+05:30): the hour 20:00–21:00 local (14:30–15:30 UTC) is not counted.
        var gdpr = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-10T14:37:00Z"), false, null, false, true), Rules, Kolkata), ClockRegime.GdprArt33);
        gdpr.DueAt.ShouldBe(At("2026-03-13T14:37:00Z"));
        gdpr.LastDayEndsAt.ShouldBe(At("2026-03-13T15:30:00Z"));
    }

    [Fact]
    public void A_last_day_on_a_weekend_moves_the_end_to_monday_but_never_the_due_date()
    {
        // Thursday 2026-03-12 + 2 days = Saturday 14th: 1182/71 Art 3(4) ends the period with Monday 16th.
        var art73 = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-12T09:00:00Z"), true, SeriousHarm.CriticalInfrastructure, false, false), Rules, Utc), ClockRegime.EuAiActArt73);
        art73.DueAt.ShouldBe(At("2026-03-14T09:00:00Z"));
        art73.LastDayEndsAt.ShouldBe(At("2026-03-17T00:00:00Z"));
    }

    [Theory]
    // Leap year: Saturday 2028-02-27 + 2 days lands on Tuesday 29 February.
    [InlineData("2028-02-27T12:00:00Z", "critical_infrastructure", "2028-02-29T12:00:00Z", "2028-03-01T00:00:00Z")]
    // 15 days from 20 February counts 29 February: Monday 6 March 2028.
    [InlineData("2028-02-20T08:00:00Z", "health", "2028-03-06T08:00:00Z", "2028-03-07T00:00:00Z")]
    // The same in 2027 (no leap day) ends on Sunday 7 March, so the period ends with Monday 8 March.
    [InlineData("2027-02-20T08:00:00Z", "health", "2027-03-07T08:00:00Z", "2027-03-09T00:00:00Z")]
    // Awareness on the leap day itself, 10 days: Thursday 9 March 2028 (the date, not 1 March + 9).
    [InlineData("2028-02-29T23:59:00Z", "death", "2028-03-10T23:59:00Z", "2028-03-11T00:00:00Z")]
    public void Leap_days_count_as_days(string aware, string serious, string due, string lastDayEnds)
    {
        var harm = Enum.Parse<SeriousHarm>(serious.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        var art73 = Only(IncidentClocks.Compute(new IncidentClockFacts(At(aware), true, harm, false, false), Rules, Utc), ClockRegime.EuAiActArt73);
        art73.DueAt.ShouldBe(At(due));
        art73.LastDayEndsAt.ShouldBe(At(lastDayEnds));
    }

    [Fact]
    public void Across_the_spring_clock_change_two_calendar_days_are_47_hours_and_the_earlier_wins()
    {
        // Berlin moves from +01:00 to +02:00 on Sunday 2026-03-29 at 02:00. Aware Saturday 10:00 local (09:00 UTC).
        var art73 = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-28T10:00:00+01:00"), true, SeriousHarm.CriticalInfrastructure, false, false), Rules, Berlin), ClockRegime.EuAiActArt73);
        art73.DueAt.ShouldBe(At("2026-03-30T08:00:00Z"));          // Monday 10:00 CEST, 47 hours later (48 would be 11:00 CEST)
        art73.LastDayEndsAt.ShouldBe(At("2026-03-30T22:00:00Z"));  // midnight after Monday, CEST
    }

    [Fact]
    public void Across_the_autumn_clock_change_48_hours_come_before_two_calendar_days()
    {
        // Berlin moves from +02:00 to +01:00 on Sunday 2026-10-25 at 03:00. Aware Saturday 10:00 CEST (08:00 UTC).
        var art73 = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-10-24T10:00:00+02:00"), true, SeriousHarm.CriticalInfrastructure, false, false), Rules, Berlin), ClockRegime.EuAiActArt73);
        art73.DueAt.ShouldBe(At("2026-10-26T08:00:00Z"));          // 09:00 CET (calendar days would give 10:00 CET, 49 hours)
        art73.LastDayEndsAt.ShouldBe(At("2026-10-26T23:00:00Z"));  // midnight after Monday, CET
    }

    [Fact]
    public void A_calendar_due_time_inside_the_spring_gap_takes_the_earliest_instant_it_can_mean()
    {
        // Friday 02:30 CET + 2 days = Sunday 02:30, a time Berlin skips: read with the summer offset, 00:30 UTC.
        var art73 = Only(IncidentClocks.Compute(new IncidentClockFacts(At("2026-03-27T02:30:00+01:00"), true, SeriousHarm.CriticalInfrastructure, false, false), Rules, Berlin), ClockRegime.EuAiActArt73);
        art73.DueAt.ShouldBe(At("2026-03-29T00:30:00Z"));
        // The last day (Sunday) is a weekend day: the period ends with Monday, midnight CEST.
        art73.LastDayEndsAt.ShouldBe(At("2026-03-30T22:00:00Z"));
    }

    [Fact]
    public void The_day_of_awareness_is_the_local_day_of_the_organisation()
    {
        // 23:30 UTC on Tuesday is already 00:30 on Wednesday in Berlin.
        var facts = new IncidentClockFacts(At("2026-03-10T23:30:00Z"), true, SeriousHarm.CriticalInfrastructure, false, false);
        Only(IncidentClocks.Compute(facts, Rules, Utc), ClockRegime.EuAiActArt73).LastDayEndsAt.ShouldBe(At("2026-03-13T00:00:00Z"));
        var berlin = Only(IncidentClocks.Compute(facts, Rules, Berlin), ClockRegime.EuAiActArt73);
        berlin.DueAt.ShouldBe(At("2026-03-12T23:30:00Z"));
        berlin.LastDayEndsAt.ShouldBe(At("2026-03-13T23:00:00Z"));
    }

    [Fact]
    public void A_met_obligation_keeps_its_time_and_reads_as_met_or_met_late()
    {
        var aware = At("2026-03-10T14:37:00Z");
        var met = new Dictionary<(ClockRegime, string), DateTimeOffset>
        {
            [(ClockRegime.Internal, "triage")] = At("2026-03-11T14:37:00Z"),             // exactly on time
            [(ClockRegime.Internal, "containment_plan")] = At("2026-03-13T14:37:01Z"),   // one second late
        };
        var deadlines = IncidentClocks.Compute(new IncidentClockFacts(aware, false, null, false, true), Rules, Utc, met);
        var now = At("2026-03-14T00:00:00Z");
        deadlines.Select(d => (d.Obligation, d.MetAt, d.StateAt(now))).ShouldBe(
        [
            ("triage", (DateTimeOffset?)At("2026-03-11T14:37:00Z"), DeadlineState.Met),
            // Due at the same moment: legal regimes list before internal ones.
            ("supervisory_authority_notification", null, DeadlineState.Overdue),
            ("containment_plan", At("2026-03-13T14:37:01Z"), DeadlineState.MetLate),
        ]);
        deadlines[1].StateAt(At("2026-03-13T14:37:00Z")).ShouldBe(DeadlineState.Running);
    }

    [Theory]
    [InlineData("24h", 24, PeriodUnit.Hours)]
    [InlineData("2d", 2, PeriodUnit.Days)]
    [InlineData("15d", 15, PeriodUnit.Days)]
    public void Periods_read_as_hours_or_days(string text, int amount, PeriodUnit unit) =>
        ClockPeriod.Parse(text).ShouldBe(new ClockPeriod(amount, unit));

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("0d")]
    [InlineData("-2d")]
    [InlineData("2w")]
    [InlineData("1.5d")]
    [InlineData("+2d")]
    [InlineData("367d")]
    public void Periods_that_are_not_whole_hours_or_days_do_not_read(string text) => ClockPeriod.Parse(text).ShouldBeNull();
}
