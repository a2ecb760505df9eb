using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;

namespace Attest.Core.Features.Incidents;

/// <summary>An incident category: its plain name and the OECD harm types it maps to.</summary>
public sealed record IncidentCategory(string Id, string Name, string Description, IReadOnlyList<string> OecdHarmTypes);

/// <summary>One of the OECD AI incident harm types.</summary>
public sealed record OecdHarmType(string Id, string Name, string Reference);

/// <summary>A root-cause category of a post-incident review.</summary>
public sealed record RootCauseCategory(string Id, string Name);

/// <summary>
/// The incident taxonomy (<c>incidents/taxonomy.yaml</c>) and clock rules (<c>incidents/clocks.yaml</c>) in force: the
/// organisation's file where it has one, the shipped one otherwise. Loaded before the server accepts requests; a bad
/// file fails the start with file, line and field.
/// </summary>
public sealed class IncidentData
{
    public const string TaxonomyFormat = "attest.incident-taxonomy/v1";
    public const string ClocksFormat = "attest.incident-clocks/v1";

    public IncidentData(Data.DatabaseSettings settings)
        : this(Load(settings.DataDirectory))
    {
    }

    private IncidentData(IncidentData loaded)
    {
        Categories = loaded.Categories;
        HarmTypes = loaded.HarmTypes;
        RootCauses = loaded.RootCauses;
        Rules = loaded.Rules;
        TimeZone = loaded.TimeZone;
    }

    private IncidentData(IReadOnlyList<IncidentCategory> categories, IReadOnlyList<OecdHarmType> harmTypes, IReadOnlyList<RootCauseCategory> rootCauses,
        IReadOnlyList<ClockRule> rules, TimeZoneInfo zone)
    {
        Categories = categories;
        HarmTypes = harmTypes;
        RootCauses = rootCauses;
        Rules = rules;
        TimeZone = zone;
    }

    public IReadOnlyList<IncidentCategory> Categories { get; }
    public IReadOnlyList<OecdHarmType> HarmTypes { get; }
    public IReadOnlyList<RootCauseCategory> RootCauses { get; }
    public IReadOnlyList<ClockRule> Rules { get; }
    /// <summary>The organisation's time zone: calendar days and the end of a period's last day are counted in it.</summary>
    public TimeZoneInfo TimeZone { get; }

    public IncidentCategory? Category(string? id) => Categories.FirstOrDefault(c => c.Id == id);
    public RootCauseCategory? RootCause(string? id) => RootCauses.FirstOrDefault(c => c.Id == id);

    /// <summary>Loads both files over an organisation's data directory (null: shipped data only).</summary>
    public static IncidentData Load(string? organisationDataDirectory)
    {
        var errors = new List<DataError>();
        var (taxonomyText, taxonomyFile) = Pick(organisationDataDirectory, "taxonomy.yaml");
        var (clocksText, clocksFile) = Pick(organisationDataDirectory, "clocks.yaml");
        var (categories, harms, causes) = ReadTaxonomy(taxonomyText, taxonomyFile, errors);
        var (rules, zone) = ReadClocks(clocksText, clocksFile, errors);
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new IncidentData(categories, harms, causes, rules, zone!);
    }

    private static (string Text, string Display) Pick(string? org, string name)
    {
        var own = org is null ? null : Path.Combine(org, "incidents", name);
        return own is not null && File.Exists(own) ? (File.ReadAllText(own), own) : (File.ReadAllText(ShippedData.PathOf("incidents", name)), "data/incidents/" + name);
    }

    public static (IReadOnlyList<IncidentCategory>, IReadOnlyList<OecdHarmType>, IReadOnlyList<RootCauseCategory>) ReadTaxonomy(string text, string file, List<DataError> errors)
    {
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root)
            return ([], [], []);
        b.RejectUnknownKeys(root, "", ["format", "source", "oecd_harm_types", "categories", "root_causes"]);
        if (b.String(root, "format", "", required: true) is { } format && format != TaxonomyFormat)
            b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {TaxonomyFormat}, got \"{format}\"");
        var harms = b.List(root, "oecd_harm_types", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } m) return null;
            b.RejectUnknownKeys(m, path, ["id", "name", "reference"]);
            var id = Id(b, m, path);
            var name = b.String(m, "name", path, required: true, maxLength: 300);
            var reference = b.String(m, "reference", path, required: true, maxLength: 300);
            return id is null || name is null || reference is null ? null : new OecdHarmType(id, name, reference);
        }, required: true);
        Unique(b, root, "oecd_harm_types", harms.Select(h => h.Id));
        var categories = b.List(root, "categories", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } m) return null;
            b.RejectUnknownKeys(m, path, ["id", "name", "description", "oecd_harm_types"]);
            var id = Id(b, m, path);
            var name = b.String(m, "name", path, required: true, maxLength: 100);
            var description = b.String(m, "description", path, required: true, maxLength: 1000);
            var mapped = b.StringList(m, "oecd_harm_types", path, required: true);
            foreach (var harm in mapped.Where(h => harms.All(x => x.Id != h)))
                b.Error(DataBinder.LineOf(m, "oecd_harm_types"), DataBinder.Join(path, "oecd_harm_types"),
                    $"unknown OECD harm type \"{harm}\"; expected one of {string.Join(", ", harms.Select(h => h.Id))}");
            if (mapped.Count == 0 && m["oecd_harm_types"] is not null)
                b.Error(DataBinder.LineOf(m, "oecd_harm_types"), DataBinder.Join(path, "oecd_harm_types"), "map the category to at least one OECD harm type");
            return id is null || name is null || description is null ? null : new IncidentCategory(id, name, description, mapped);
        }, required: true);
        Unique(b, root, "categories", categories.Select(c => c.Id));
        var causes = b.List(root, "root_causes", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } m) return null;
            b.RejectUnknownKeys(m, path, ["id", "name"]);
            var id = Id(b, m, path);
            var name = b.String(m, "name", path, required: true, maxLength: 100);
            return id is null || name is null ? null : new RootCauseCategory(id, name);
        }, required: true);
        Unique(b, root, "root_causes", causes.Select(c => c.Id));
        return (categories, harms, causes);
    }

    public static (IReadOnlyList<ClockRule>, TimeZoneInfo?) ReadClocks(string text, string file, List<DataError> errors)
    {
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root)
            return ([], null);
        b.RejectUnknownKeys(root, "", ["format", "time_zone", "rules"]);
        if (b.String(root, "format", "", required: true) is { } format && format != ClocksFormat)
            b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {ClocksFormat}, got \"{format}\"");
        TimeZoneInfo? zone = null;
        if (b.String(root, "time_zone", "", required: true, maxLength: 100) is { } zoneId)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
                b.Error(DataBinder.LineOf(root, "time_zone"), "time_zone", $"unknown time zone \"{zoneId}\"; use an IANA id such as UTC or Europe/Brussels");
        }
        var rules = b.List(root, "rules", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } m) return null;
            b.RejectUnknownKeys(m, path, ["regime", "obligation", "label", "period", "when", "citation"]);
            var regime = b.Enum<ClockRegime>(m, "regime", path, required: true);
            var obligation = Id(b, m, path, "obligation");
            var label = b.String(m, "label", path, required: true, maxLength: 200);
            var citation = b.String(m, "citation", path, required: true, maxLength: 400);
            var periodText = b.String(m, "period", path, required: true, maxLength: 10);
            var period = ClockPeriod.Parse(periodText);
            if (periodText is not null && period is null)
                b.Error(DataBinder.LineOf(m, "period"), DataBinder.Join(path, "period"), $"expected whole hours or days such as 24h or 15d, got \"{periodText}\"");
            var when = Condition(b, m, path);
            if (regime is null || obligation is null || label is null || citation is null || period is null || when is null)
                return null;
            return new ClockRule(regime.Value, obligation, label, period, when, citation) { Source = $"{file}:{m.Line}" };
        }, required: true);
        return (rules, zone);
    }

    private static ClockCondition? Condition(DataBinder b, DataMapping rule, string path)
    {
        var whenPath = DataBinder.Join(path, "when");
        switch (rule["when"])
        {
            case null:
                b.Error(rule.Line, whenPath, "required key is missing");
                return null;
            case DataScalar { Kind: ScalarKind.String, Text: "always" }:
                return new ClockCondition { Always = true };
            case DataMapping m:
                b.RejectUnknownKeys(m, whenPath, ["high_risk_only", "serious", "widespread_infringement", "personal_data_breach"]);
                var condition = new ClockCondition
                {
                    HighRiskOnly = b.Bool(m, "high_risk_only", whenPath),
                    Serious = b.EnumList<SeriousHarm>(m, "serious", whenPath),
                    WidespreadInfringement = b.Bool(m, "widespread_infringement", whenPath),
                    PersonalDataBreach = b.Bool(m, "personal_data_breach", whenPath),
                };
                if (condition.Serious.Count == 0 && !condition.WidespreadInfringement && !condition.PersonalDataBreach)
                    b.Error(m.Line, whenPath, "name at least one of serious, widespread_infringement, personal_data_breach (or write: when: always)");
                return condition;
            case var other:
                b.Error(other, whenPath, $"expected always or a mapping, got {other.Describe()}");
                return null;
        }
    }

    private static string? Id(DataBinder b, DataMapping m, string path, string key = "id")
    {
        var id = b.String(m, key, path, required: true, maxLength: 60);
        if (id is not null && !id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
        {
            b.Error(DataBinder.LineOf(m, key), DataBinder.Join(path, key), $"expected a snake_case word, got \"{id}\"");
            return null;
        }
        return id;
    }

    private static void Unique(DataBinder b, DataMapping root, string key, IEnumerable<string> ids)
    {
        foreach (var duplicate in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
            b.Error(DataBinder.LineOf(root, key), key, $"\"{duplicate.Key}\" is listed more than once");
    }

    /// <summary>The wire names of the serious-harm values, for messages.</summary>
    public static string SeriousWords => string.Join(" | ", WireName.All<SeriousHarm>());
}
