using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Controls;
using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Compliance.Tables;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Intake;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The data the intake and the compliance views decide with: the control library (shipped data merged
/// with the organisation's data directory), the regulatory calendar in force, the intake questions,
/// the Annex III points, the review routing rules, and the classifier's tables (obligations per role, the tier policy,
/// the Annex III area titles). Loaded once at start; a bad file fails the start
/// with a <see cref="DataFileException"/> naming file, line and field, so nothing is half-loaded.
/// </summary>
public sealed class ComplianceData
{
    private ComplianceData(ControlLibrary library, RegulatoryCalendars calendars, RegulatoryCalendar calendar,
        IntakeQuestionnaire questions, AnnexIiiCatalog annexIii, IReadOnlyList<RoutingRule> routing, ClassificationTables tables)
    {
        Tables = tables;
        Library = library;
        Calendars = calendars;
        Calendar = calendar;
        Questions = questions;
        AnnexIii = annexIii;
        Routing = routing;
    }

    public ControlLibrary Library { get; }
    public RegulatoryCalendars Calendars { get; }
    /// <summary>The calendar in force: chosen by configuration (Attest:Calendar / ATTEST_CALENDAR), else the default.</summary>
    public RegulatoryCalendar Calendar { get; }
    public IntakeQuestionnaire Questions { get; }
    public AnnexIiiCatalog AnnexIii { get; }
    public IReadOnlyList<RoutingRule> Routing { get; }
    /// <summary>What the classifier decides with: data/eu-ai-act/obligations.yaml, data/intake/tier-policy-v1.yaml, Annex III area titles.</summary>
    public ClassificationTables Tables { get; }

    /// <summary>
    /// Loads the shipped data, merging controls and framework packs from <paramref name="organisationDataDirectory"/>
    /// when it exists. <paramref name="calendarName"/> null or empty selects the default calendar.
    /// </summary>
    public static ComplianceData Load(string? organisationDataDirectory, string? calendarName)
    {
        var orgDir = organisationDataDirectory is not null && Directory.Exists(organisationDataDirectory) ? organisationDataDirectory : null;
        var library = ControlLibraryLoader.LoadDefault(orgDir);
        var calendars = RegulatoryCalendars.LoadDefault();
        var name = string.IsNullOrWhiteSpace(calendarName) ? null : calendarName.Trim();
        var calendar = calendars.Find(name) ?? throw new DataFileException([new DataError("configuration", null, "Attest:Calendar",
            $"unknown calendar \"{name}\"; expected one of {string.Join(", ", calendars.All.Select(c => c.Name))}")]);
        var annexIii = AnnexIiiCatalog.LoadDefault();
        return new ComplianceData(library, calendars, calendar, IntakeQuestionnaire.LoadDefault(), annexIii, ReviewRoutingRules.LoadDefault(),
            ClassificationTablesLoader.LoadDefault(annexIii));
    }
}
