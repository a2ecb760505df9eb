using System.Globalization;
using Attest.Core.DataFiles;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The regulatory calendars in data/calendar/*.yaml, one of them the default. Each file must give a
/// date for every <see cref="CalendarMilestone"/>; a bad file fails the whole load, naming file, line and key.
/// </summary>
public sealed class RegulatoryCalendars
{
    private RegulatoryCalendars(IReadOnlyList<RegulatoryCalendar> all, RegulatoryCalendar @default)
    {
        All = all;
        Default = @default;
    }

    public IReadOnlyList<RegulatoryCalendar> All { get; }
    public RegulatoryCalendar Default { get; }

    public static string DefaultDirectory => ShippedData.PathOf("calendar");

    /// <summary>The calendar with this name, or the default when <paramref name="name"/> is null.</summary>
    public RegulatoryCalendar? Find(string? name) => name is null ? Default : All.FirstOrDefault(c => c.Name == name);

    public static RegulatoryCalendars LoadDefault() => Load(DefaultDirectory);

    public static RegulatoryCalendars Load(string directory)
    {
        var errors = new List<DataError>();
        var calendars = new List<(RegulatoryCalendar Calendar, bool IsDefault, string File)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var display = Path.GetFileName(file);
            if (ReadOne(File.ReadAllText(file), display, errors) is { } loaded)
                calendars.Add((loaded.Calendar, loaded.IsDefault, display));
        }
        foreach (var duplicate in calendars.GroupBy(c => c.Calendar.Name).Where(g => g.Count() > 1))
            errors.Add(new DataError(duplicate.Last().File, null, "name", $"calendar name '{duplicate.Key}' is used by more than one file"));
        var defaults = calendars.Where(c => c.IsDefault).ToArray();
        if (errors.Count == 0 && defaults.Length != 1)
            errors.Add(new DataError(directory, null, "default", $"exactly one calendar must have default: true, found {defaults.Length}"));
        if (errors.Count > 0)
            throw new DataFileException(errors);
        // The default first, then by name, so listings start with the calendar in force.
        var ordered = calendars.OrderByDescending(c => c.IsDefault).ThenBy(c => c.Calendar.Name, StringComparer.Ordinal).Select(c => c.Calendar).ToArray();
        return new RegulatoryCalendars(ordered, defaults[0].Calendar);
    }

    internal static (RegulatoryCalendar Calendar, bool IsDefault)? ReadOne(string text, string file, List<DataError> errors)
    {
        var before = errors.Count;
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } m)
            return null;
        b.RejectUnknownKeys(m, "", ["format", "name", "title", "verified", "default", "sources", "notes", "milestones"]);
        if (b.String(m, "format", "", required: true) is { } format && format != "attest.calendar/v1")
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected attest.calendar/v1, got \"{format}\"");
        var name = b.String(m, "name", "", required: true);
        var title = b.String(m, "title", "", required: true);
        var verified = b.Bool(m, "verified", "", required: true);
        var isDefault = b.Bool(m, "default", "");
        var sources = b.StringList(m, "sources", "", required: true);
        var notes = b.StringList(m, "notes", "");
        var dates = new Dictionary<CalendarMilestone, DateOnly>();
        if (b.AsMapping(m["milestones"], "milestones") is { } milestones)
        {
            b.RejectUnknownKeys(milestones, "milestones", WireName.All<CalendarMilestone>().ToArray());
            foreach (var milestone in Enum.GetValues<CalendarMilestone>())
            {
                var key = WireName.Of(milestone);
                var path = "milestones." + key;
                if (milestones[key] is null)
                {
                    b.Error(milestones.Line, path, "required milestone is missing");
                    continue;
                }
                if (b.AsMapping(milestones[key], path) is not { } entry)
                    continue;
                b.RejectUnknownKeys(entry, path, ["date", "source"]);
                b.String(entry, "source", path, required: true);
                if (b.String(entry, "date", path, required: true) is not { } text2)
                    continue;
                if (DateOnly.TryParseExact(text2, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    dates[milestone] = date;
                else
                    b.Error(DataBinder.LineOf(entry, "date"), path + ".date", $"expected a date as YYYY-MM-DD, got \"{text2}\"");
            }
        }
        if (errors.Count > before || name is null || title is null)
            return null;
        return (new RegulatoryCalendar { Name = name, Title = title, Verified = verified, Dates = dates, Sources = sources, Notes = notes }, isDefault);
    }
}
