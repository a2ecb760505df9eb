using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attest.Core.Features.Documents;

/// <summary>
/// A model version's <c>imported_metadata</c> (written by the Hugging Face model-card import) as the generated model
/// card shows it: details lines, front-matter keys, and the results the card reported — quoted as reported, never as
/// measurements (the card's own metrics still come from stored evaluation evidence).
/// </summary>
public sealed record ImportedCardMetadata(string? EvidenceId, IReadOnlyList<string> BaseModels, IReadOnlyList<string> Datasets, IReadOnlyList<string> Languages,
    IReadOnlyList<string> Tags, string? PipelineTag, string? LibraryName, IReadOnlyList<string> Results)
{
    /// <summary>Null when nothing was imported (or the column holds something else).</summary>
    public static ImportedCardMetadata? From(string? json)
    {
        if (json is null) return null;
        JsonObject? o;
        try { o = JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { return null; }
        if (o is null) return null;
        var results = (o["results"] as JsonArray ?? []).OfType<JsonObject>().Select(r =>
        {
            var on = string.Join(", ", new[] { Str(r["task_name"]) ?? Str(r["task_type"]), Str(r["dataset_name"]) ?? Str(r["dataset_type"]) }.Where(x => x is not null));
            var split = Str(r["dataset_split"]);
            return $"{Str(r["metric_type"])} {Value(r["value"])}" + (on.Length == 0 ? "" : $" ({on}{(split is null ? "" : $", {split} split")})");
        }).ToArray();
        return new ImportedCardMetadata(Str(o["evidence_id"]), Strings(o["base_model"]), Strings(o["datasets"]), Strings(o["language"]), Strings(o["tags"]),
            Str(o["pipeline_tag"]), Str(o["library_name"]), results);
    }

    public IEnumerable<string> DetailLines()
    {
        if (BaseModels.Count > 0) yield return "Base model: " + string.Join(", ", BaseModels.Select(b => $"`{b}`"));
        if (PipelineTag is not null || LibraryName is not null)
            yield return "Task: " + (PipelineTag ?? "not stated") + (LibraryName is null ? "" : $"; library: {LibraryName}");
        if (Languages.Count > 0) yield return "Languages: " + string.Join(", ", Languages);
        if (Datasets.Count > 0) yield return "Datasets named by the card: " + string.Join(", ", Datasets.Select(d => $"`{d}`"));
        if (EvidenceId is not null) yield return $"Imported from a Hugging Face model card (evidence `{EvidenceId}`)";
    }

    /// <summary>The results the card reported, or null when it reported none.</summary>
    public string? ReportedResults => Results.Count == 0 ? null : "Reported by the imported Hugging Face card (not measured by Attest): " + string.Join("; ", Results) + ".";

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s.Replace('\n', ' ').Replace("`", "'", StringComparison.Ordinal) : null;

    private static string Value(JsonNode? n) =>
        n is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : Str(n) ?? "?";

    private static string[] Strings(JsonNode? n) => (n as JsonArray ?? []).Select(Str).OfType<string>().ToArray();
}
