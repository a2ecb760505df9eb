using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.Kpis;

namespace Attest.Core.Features.Kpis;

/// <summary>
/// The programme's KPI definitions in force (<c>kpis/kpis.yaml</c>, format attest.kpis/v1): the organisation's file where it
/// has one, the shipped one otherwise. Loaded before the server accepts requests; a bad file fails the start with file,
/// line and field.
/// </summary>
public sealed class KpiCatalog
{
    public const string Format = "attest.kpis/v1";

    public KpiCatalog(Data.DatabaseSettings settings)
        : this(Load(settings?.DataDirectory).Definitions)
    {
    }

    private KpiCatalog(IReadOnlyList<KpiDefinition> definitions) => Definitions = definitions;

    public IReadOnlyList<KpiDefinition> Definitions { get; }

    public KpiDefinition? Find(string? id) => Definitions.FirstOrDefault(d => d.Id == id);

    /// <summary>Loads the file over an organisation's data directory (null: the shipped file only).</summary>
    public static KpiCatalog Load(string? organisationDataDirectory)
    {
        var own = organisationDataDirectory is null ? null : Path.Combine(organisationDataDirectory, "kpis", "kpis.yaml");
        return own is not null && File.Exists(own)
            ? Parse(File.ReadAllText(own), own)
            : Parse(File.ReadAllText(ShippedData.PathOf("kpis", "kpis.yaml")), "data/kpis/kpis.yaml");
    }

    /// <summary>Parses and checks one file; every error (file, line, field) is collected into one <see cref="DataFileException"/>.</summary>
    public static KpiCatalog Parse(string text, string file)
    {
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        var definitions = new List<KpiDefinition>();
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is { } root)
        {
            b.RejectUnknownKeys(root, "", ["format", "kpis"]);
            if (b.String(root, "format", "", required: true) is { } format && format != Format)
                b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {Format}, got \"{format}\"");
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            definitions.AddRange(b.List(root, "kpis", "", (node, path) =>
            {
                if (b.AsMapping(node, path) is not { } m) return null;
                b.RejectUnknownKeys(m, path, ["id", "name", "wording", "numerator", "denominator", "unit", "segmentation", "target", "frequency"]);
                var id = b.String(m, "id", path, required: true, maxLength: 60);
                if (id is not null && !id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
                {
                    b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), $"expected a snake_case word, got \"{id}\"");
                    id = null;
                }
                if (id is not null && !seen.TryAdd(id, m.Line))
                {
                    b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), $"duplicate KPI id \"{id}\" (first defined on line {seen[id]})");
                    id = null;
                }
                var name = b.String(m, "name", path, required: true, maxLength: 100);
                var wording = b.String(m, "wording", path, required: true, maxLength: 1000);
                var numerator = b.String(m, "numerator", path, required: true, maxLength: 300);
                var denominator = b.String(m, "denominator", path, required: true, maxLength: 300);
                var unit = b.Enum<KpiUnit>(m, "unit", path, required: true);
                var segmentation = b.EnumList<KpiSegment>(m, "segmentation", path);
                var frequency = b.Enum<KpiFrequency>(m, "frequency", path, required: true);
                var (target, direction) = Target(b, m, path);
                if (id is null || name is null || wording is null || numerator is null || denominator is null || unit is null || frequency is null
                    || target is null || direction is null)
                    return null;
                return new KpiDefinition(id, name, wording, numerator, denominator, unit.Value, segmentation, target.Value, direction.Value, frequency.Value);
            }, required: true));
            foreach (var missing in KpiCalculator.Measured.Where(id => !seen.ContainsKey(id)).Order(StringComparer.Ordinal))
                b.Error(DataBinder.LineOf(root, "kpis"), "kpis", $"the KPI \"{missing}\" Attest computes is not defined");
        }
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new KpiCatalog(definitions);
    }

    private static (double?, KpiDirection?) Target(DataBinder b, DataMapping kpi, string path)
    {
        var targetPath = DataBinder.Join(path, "target");
        if (b.AsMapping(kpi["target"], targetPath, optional: true) is not { } m)
        {
            if (kpi["target"] is null)
                b.Error(kpi.Line, targetPath, "required key is missing");
            return (null, null);
        }
        b.RejectUnknownKeys(m, targetPath, ["value", "direction"]);
        var value = b.Number(m, "value", targetPath, required: true);
        var direction = b.Enum<KpiDirection>(m, "direction", targetPath, required: true);
        return (value, direction);
    }

    /// <summary>The wire names of the units, for messages and docs.</summary>
    public static string UnitWords => string.Join(" | ", WireName.All<KpiUnit>());
}
