using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Attest.Core.Documents;

/// <summary>What Attest reads from a Hugging Face model card's YAML front matter.</summary>
public sealed record HuggingFaceModelCard(string? License, string? BaseModel, IReadOnlyList<string> Datasets, IReadOnlyList<string> Metrics)
{
    /// <summary>
    /// Parses the front matter (between the first two <c>---</c> lines). Returns null and a problem naming the
    /// line when the file is not a model card: no front matter, invalid YAML, or fields of the wrong shape.
    /// </summary>
    public static HuggingFaceModelCard? TryParse(byte[] content, out string? problem)
    {
        problem = null;
        var text = Encoding.UTF8.GetString(content).Replace("\r\n", "\n", StringComparison.Ordinal);
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
        string? issue = null;
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
        string? Scalar(string key)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
            if (node is YamlScalarNode s) return s.Value;
            issue ??= $"line {node.Start.Line + 1}: '{key}' must be a single value";
            return null;
        }
        IReadOnlyList<string> Strings(string key)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node)) return [];
            if (node is YamlScalarNode s && s.Value is not null) return [s.Value];
            if (node is YamlSequenceNode seq && seq.All(i => i is YamlScalarNode)) return seq.Cast<YamlScalarNode>().Select(i => i.Value ?? "").ToArray();
            issue ??= $"line {node.Start.Line + 1}: '{key}' must be a value or a list of values";
            return [];
        }
        var license = Scalar("license");
        var baseModel = Scalar("base_model");
        var datasets = Strings("datasets");
        var metrics = new List<string>();
        if (root.Children.TryGetValue(new YamlScalarNode("model-index"), out var index))
        {
            if (index is not YamlSequenceNode models) issue ??= $"line {index.Start.Line + 1}: 'model-index' must be a list of models";
            else
                foreach (var model in models.OfType<YamlMappingNode>())
                    if (model.Children.TryGetValue(new YamlScalarNode("results"), out var results) && results is YamlSequenceNode resultList)
                        foreach (var result in resultList.OfType<YamlMappingNode>())
                            if (result.Children.TryGetValue(new YamlScalarNode("metrics"), out var ms) && ms is YamlSequenceNode metricList)
                                foreach (var metric in metricList.OfType<YamlMappingNode>())
                                {
                                    var type = metric.Children.TryGetValue(new YamlScalarNode("type"), out var t) ? (t as YamlScalarNode)?.Value : null;
                                    var value = metric.Children.TryGetValue(new YamlScalarNode("value"), out var v) ? (v as YamlScalarNode)?.Value : null;
                                    if (type is null || value is null) issue ??= $"line {metric.Start.Line + 1}: a model-index metric needs 'type' and 'value'";
                                    else metrics.Add($"{type} {value}");
                                }
        }
        problem = issue;
        return issue is null ? new HuggingFaceModelCard(license, baseModel, datasets, metrics) : null;
    }

    public string Summary =>
        "Hugging Face model card" + (License is null ? "" : $"; license {License}") + (BaseModel is null ? "" : $"; base model {BaseModel}") +
        (Datasets.Count == 0 ? "" : $"; datasets {string.Join(", ", Datasets)}") + (Metrics.Count == 0 ? "" : $"; results: {string.Join(", ", Metrics)}") + ".";
}
