using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Engine.Classification;

namespace Attest.Core.Tests.Calendar;

public class RegulatoryCalendarsTests
{
    [Fact]
    public void The_shipped_default_calendar_is_the_published_Regulation_with_the_Art_113_dates()
    {
        var calendars = RegulatoryCalendars.LoadDefault();

        var original = calendars.Default;
        original.Name.ShouldBe("eu-ai-act");
        original.Verified.ShouldBeTrue();
        // Art 113 (shared/frameworks/eu-ai-act/eu-ai-act-structure.json, application_timeline_original).
        original.Dates.ShouldBe(RegulatoryCalendar.Original2024.Dates, ignoreOrder: true);
    }

    [Fact]
    public void The_reported_2026_amendment_is_an_unverified_calendar_selectable_by_name()
    {
        var amended = RegulatoryCalendars.LoadDefault().Find("eu-ai-act-omnibus-2026").ShouldNotBeNull();

        amended.Verified.ShouldBeFalse();
        // amendment_reported_NOT_VERIFIED: Annex III to 2 Dec 2027, Annex I to 2 Aug 2028, Art 50(1),(3),(4) unchanged.
        amended.DateOf(CalendarMilestone.AnnexIiiHighRisk).ShouldBe(new DateOnly(2027, 12, 2));
        amended.DateOf(CalendarMilestone.AnnexIHighRisk).ShouldBe(new DateOnly(2028, 8, 2));
        amended.DateOf(CalendarMilestone.Transparency).ShouldBe(new DateOnly(2026, 8, 2));
        RegulatoryCalendars.LoadDefault().Find("no-such-calendar").ShouldBeNull();
    }

    [Fact]
    public void A_calendar_with_a_bad_date_or_a_missing_milestone_fails_naming_file_line_and_key()
    {
        var dir = Directory.CreateTempSubdirectory("attest-calendar-");
        try
        {
            var text = File.ReadAllText(Path.Combine(RegulatoryCalendars.DefaultDirectory, "eu-ai-act.yaml"))
                .Replace("date: 2026-08-02\n    source: \"Art 113, second paragraph: general date of application\"\n  annex_i_high_risk", "date: 2 Aug 2026\n    source: \"x\"\n  annex_i_high_risk", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir.FullName, "eu-ai-act.yaml"), text);

            var error = Should.Throw<DataFileException>(() => RegulatoryCalendars.Load(dir.FullName));

            // Line 21 of data/calendar/eu-ai-act.yaml holds the annex_iii_high_risk date.
            error.Errors.ShouldHaveSingleItem().ToString().ShouldBe("eu-ai-act.yaml:21: milestones.annex_iii_high_risk.date: expected a date as YYYY-MM-DD, got \"2 Aug 2026\"");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
