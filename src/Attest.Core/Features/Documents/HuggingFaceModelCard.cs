using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Attest.Core.Features.Documents;

/// <summary>One evaluation result of a Hugging Face card's <c>model-index</c>: a metric on a task and dataset.</summary>
/// <param name="Value">The value as written; <paramref name="Number"/> when it is a number.</param>
public sealed record HuggingFaceResult(string? Model, string? TaskType, string? TaskName, string? DatasetType, string? DatasetName,
    string? DatasetConfig, string? DatasetSplit, string MetricType, string? MetricName, string Value, double? Number);

/// <summary>The Markdown of a card mapped to a model-card section (see <see cref="HuggingFaceCardSections"/>).</summary>
public sealed record HuggingFaceSection(string SectionId, string Text, IReadOnlyList<string> Headings);

/// <summary>What Attest reads from a Hugging Face model card: its YAML front matter and its Markdown sections.</summary>
public sealed record HuggingFaceModelCard(string? License, IReadOnlyList<string> BaseModels, IReadOnlyList<string> Datasets,
    IReadOnlyList<string> Languages, IReadOnlyList<string> Tags, string? PipelineTag, string? LibraryName,
    IReadOnlyList<HuggingFaceResult> Results, IReadOnlyList<HuggingFaceSection> Sections)
{
    public const int MaxLicenseLength = 200;

    /// <summary>
    /// Parses the card. Returns null and a problem naming the line (counted in the whole file) and the key when the
    /// file is not a model card: no front matter, invalid YAML, fields of the wrong shape, or a section too long.
    /// </summary>
    public static HuggingFaceModelCard? TryParse(byte[] content, out string? problem)
    {
        problem = null;
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            problem = "line 1: a Hugging Face model card starts with YAML front matter between '---' lines";
            return null;
        }
        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            problem = "the YAML front matter has no closing '---' line";
            return null;
        }
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text[4..(end + 1)]));
        }
        catch (YamlException e)
        {
            problem = $"line {e.Start.Line + 1}: invalid YAML front matter ({e.Message})";
            return null;
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            problem = "line 2: the front matter must be a mapping of keys such as license, datasets, model-index";
            return null;
        }
        var reader = new FrontMatterReader();
        var license = reader.Scalar(root, "license");
        if (license is { Length: > MaxLicenseLength }) reader.Fail(root.Children[new YamlScalarNode("license")], $"'license' must be at most {MaxLicenseLength} characters");
        var card = new HuggingFaceModelCard(license, reader.Strings(root, "base_model"), reader.Strings(root, "datasets"),
            reader.Strings(root, "language"), reader.Strings(root, "tags"), reader.Scalar(root, "pipeline_tag"), reader.Scalar(root, "library_name"),
            reader.Results(root), []);
        if (reader.Problem is not null)
        {
            problem = reader.Problem;
            return null;
        }
        var bodyStart = text.IndexOf('\n', end + 4);
        var firstBodyLine = text[..(end + 1)].Count(c => c == '\n') + 2;
        var sections = HuggingFaceCardSections.Map(bodyStart < 0 ? "" : text[(bodyStart + 1)..], firstBodyLine, out problem);
        return problem is null ? card with { Sections = sections } : null;
    }

    /// <summary>The metadata kept with the model version (<c>imported_metadata</c>).</summary>
    public JsonObject ToMetadata() => new()
    {
        ["license"] = License,
        ["base_model"] = Array(BaseModels),
        ["datasets"] = Array(Datasets),
        ["language"] = Array(Languages),
        ["tags"] = Array(Tags),
        ["pipeline_tag"] = PipelineTag,
        ["library_name"] = LibraryName,
        ["results"] = new JsonArray(Results.Select(r => (JsonNode)new JsonObject
        {
            ["model"] = r.Model,
            ["task_type"] = r.TaskType,
            ["task_name"] = r.TaskName,
            ["dataset_type"] = r.DatasetType,
            ["dataset_name"] = r.DatasetName,
            ["dataset_config"] = r.DatasetConfig,
            ["dataset_split"] = r.DatasetSplit,
            ["metric_type"] = r.MetricType,
            ["metric_name"] = r.MetricName,
            ["value"] = r.Number is { } n ? JsonValue.Create(n) : JsonValue.Create(r.Value),
        }).ToArray()),
        ["sections"] = Array(Sections.Select(s => s.SectionId).ToArray()),
    };

    private static JsonArray Array(IReadOnlyList<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    public string Summary =>
        "Hugging Face model card" + (License is null ? "" : $"; license {License}") +
        (BaseModels.Count == 0 ? "" : BaseModels.Count == 1 ? $"; base model {BaseModels[0]}" : $"; base models {string.Join(", ", BaseModels)}") +
        (Datasets.Count == 0 ? "" : $"; datasets {string.Join(", ", Datasets)}") +
        (Results.Count == 0 ? "" : $"; results: {string.Join(", ", Results.Select(r => $"{r.MetricType} {r.Value}"))}") + ".";

    /// <summary>Reads typed values from the front matter, keeping the first problem (with its file line).</summary>
    private sealed class FrontMatterReader
    {
        public string? Problem { get; private set; }

        // The front matter starts on line 2 of the file.
        public void Fail(YamlNode node, string message) => Problem ??= $"line {node.Start.Line + 1}: {message}";

        public string? Scalar(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
            if (node is YamlScalarNode s) return string.IsNullOrWhiteSpace(s.Value) ? null : s.Value.Trim();
            Fail(node, $"'{key}' must be a single value");
            return null;
        }

        public IReadOnlyList<string> Strings(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return [];
            if (node is YamlScalarNode s) return string.IsNullOrWhiteSpace(s.Value) ? [] : [s.Value.Trim()];
            if (node is YamlSequenceNode seq && seq.All(i => i is YamlScalarNode)) return seq.Cast<YamlScalarNode>().Select(i => i.Value ?? "").Where(v => v.Length > 0).ToArray();
            Fail(node, $"'{key}' must be a value or a list of values");
            return [];
        }

        private YamlMappingNode? Mapping(YamlMappingNode map, string key, string path)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
            if (node is YamlMappingNode m) return m;
            Fail(node, $"'{path}' must be a mapping");
            return null;
        }

        private IEnumerable<YamlMappingNode> List(YamlNode node, string path)
        {
            if (node is not YamlSequenceNode seq)
            {
                Fail(node, $"'{path}' must be a list");
                yield break;
            }
            foreach (var item in seq)
            {
                if (item is YamlMappingNode m) yield return m;
                else Fail(item, $"each item of '{path}' must be a mapping");
            }
        }

        public IReadOnlyList<HuggingFaceResult> Results(YamlMappingNode root)
        {
            var found = new List<HuggingFaceResult>();
            if (!root.Children.TryGetValue(new YamlScalarNode("model-index"), out var index)) return found;
            if (index is not YamlSequenceNode)
            {
                Fail(index, "'model-index' must be a list of models");
                return found;
            }
            foreach (var model in List(index, "model-index"))
            {
                var name = Scalar(model, "name");
                if (!model.Children.TryGetValue(new YamlScalarNode("results"), out var results)) continue;
                foreach (var result in List(results, "model-index[].results"))
                {
                    var task = Mapping(result, "task", "model-index[].results[].task");
                    var dataset = Mapping(result, "dataset", "model-index[].results[].dataset");
                    if (!result.Children.TryGetValue(new YamlScalarNode("metrics"), out var metrics)) continue;
                    foreach (var metric in List(metrics, "model-index[].results[].metrics"))
                    {
                        var type = metric.Children.TryGetValue(new YamlScalarNode("type"), out var t) ? (t as YamlScalarNode)?.Value : null;
                        metric.Children.TryGetValue(new YamlScalarNode("value"), out var v);
                        if (string.IsNullOrWhiteSpace(type) || v is null)
                        {
                            Fail(metric, "a model-index metric needs 'type' and 'value'");
                            continue;
                        }
                        if (v is not YamlScalarNode { Value: { } value })
                        {
                            Fail(v, $"the value of model-index metric '{type}' must be a single number or text");
                            continue;
                        }
                        double? number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
                        found.Add(new HuggingFaceResult(name, task is null ? null : Scalar(task, "type"), task is null ? null : Scalar(task, "name"),
                            dataset is null ? null : Scalar(dataset, "type"), dataset is null ? null : Scalar(dataset, "name"),
                            dataset is null ? null : Scalar(dataset, "config"), dataset is null ? null : Scalar(dataset, "split"),
                            type.Trim(), Scalar(metric, "name"), value.Trim(), number));
                    }
                }
            }
            return found;
        }
    }
}
