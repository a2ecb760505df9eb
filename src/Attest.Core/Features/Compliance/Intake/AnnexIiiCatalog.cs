using Attest.Core.DataFiles;

namespace Attest.Core.Features.Compliance.Intake;

/// <summary>One point of Annex III, e.g. III.4(a), with its area and text.</summary>
public sealed record AnnexIiiPoint(string Id, string Area, string AreaTitle, string Text);

/// <summary>
/// The points of Annex III, loaded from data/eu-ai-act/annex-iii.json (a copy of
/// shared/frameworks/eu-ai-act/annex-iii.json; EU legal text, reuse with acknowledgement), and each area's short title
/// (<c>short_title</c>, Attest's lower-case form of the heading, cited in classification reasons).
/// </summary>
public sealed class AnnexIiiCatalog
{
    public AnnexIiiCatalog(IReadOnlyList<AnnexIiiPoint> points, IReadOnlyDictionary<string, string>? areaTitles = null)
    {
        Points = points;
        AreaTitles = areaTitles ?? points.GroupBy(p => p.Area).ToDictionary(g => g.Key, g => g.First().AreaTitle);
    }

    public IReadOnlyList<AnnexIiiPoint> Points { get; }

    /// <summary>Area number → short title, e.g. "4" → "employment, workers' management and access to self-employment".</summary>
    public IReadOnlyDictionary<string, string> AreaTitles { get; }

    public bool Contains(string id) => Points.Any(p => p.Id == id);

    public static string DefaultPath => ShippedData.PathOf("eu-ai-act", "annex-iii.json");

    public static AnnexIiiCatalog LoadDefault() => Load(DefaultPath);

    public static AnnexIiiCatalog Load(string path)
    {
        var errors = new List<DataError>();
        var root = DataDocument.Parse(File.ReadAllText(path), path, errors);
        var binder = new DataBinder(path, errors);
        var points = new List<AnnexIiiPoint>();
        var shortTitles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (binder.AsMapping(root, "") is { } mapping)
        {
            foreach (var (areaNode, areaPath) in Items(binder, mapping, "areas", ""))
            {
                if (binder.AsMapping(areaNode, areaPath) is not { } area)
                    continue;
                var number = binder.String(area, "point", areaPath, required: true) ?? "";
                var title = binder.String(area, "area", areaPath, required: true) ?? "";
                if (binder.String(area, "short_title", areaPath, required: true) is { } shortTitle && !shortTitles.TryAdd(number, shortTitle))
                    binder.Error(DataBinder.LineOf(area, "point"), areaPath + ".point", $"area {number} is listed more than once");
                foreach (var (itemNode, itemPath) in Items(binder, area, "items", areaPath))
                {
                    if (binder.AsMapping(itemNode, itemPath) is not { } item)
                        continue;
                    var id = binder.String(item, "id", itemPath, required: true);
                    var text = binder.String(item, "text", itemPath, required: true);
                    if (id is not null && text is not null)
                        points.Add(new AnnexIiiPoint(id, number, title, text));
                }
            }
        }
        if (errors.Count == 0 && points.Count == 0)
            errors.Add(new DataError(path, null, "areas", "no Annex III points"));
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new AnnexIiiCatalog(points, shortTitles);
    }

    private static IEnumerable<(DataNode Node, string Path)> Items(DataBinder binder, DataMapping mapping, string key, string path)
    {
        var node = mapping[key];
        if (node is not DataSequence sequence)
        {
            binder.Error(node?.Line ?? mapping.Line, DataBinder.Join(path, key), "expected a list");
            yield break;
        }
        for (var i = 0; i < sequence.Items.Count; i++)
            yield return (sequence.Items[i], $"{DataBinder.Join(path, key)}[{i}]");
    }
}
