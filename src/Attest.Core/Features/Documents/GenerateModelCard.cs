using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>
/// A model card (sections after Mitchell et al., "Model Cards for Model Reporting", and Google's Model Card
/// Toolkit) for one model version of a system, generated from the inventory, the classification and the
/// latest fairness report stored as evidence, with Hugging Face model-card front matter whose
/// <c>model-index</c> carries the evaluation results.
/// </summary>
public sealed class GenerateModelCard(AttestDbContext db, BlobStore blobs, TimeProvider time)
{
    public async Task<Result<GeneratedDocument>> ExecuteAsync(string systemIdOrSlug, string? modelVersion, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().Include(s => s.ModelVersions).ThenInclude(m => m.TrainingDatasets).ThenInclude(t => t.Dataset)
            .FirstOrDefaultAsync(s => s.Id == systemIdOrSlug || s.Slug == systemIdOrSlug, ct);
        if (system is null) return Result<GeneratedDocument>.NotFound($"No AI system '{systemIdOrSlug}'.");
        ModelVersion? model;
        if (modelVersion is null)
        {
            var current = await SystemEvidenceFacts.CurrentModelVersionAsync(db, system.Id, ct);
            model = system.ModelVersions.FirstOrDefault(m => m.Id == current);
            if (model is null) return Result<GeneratedDocument>.Invalid("model_version", $"system '{system.Slug}' has no model versions");
        }
        else
        {
            model = system.ModelVersions.FirstOrDefault(m => m.Id == modelVersion || m.Label == modelVersion);
            if (model is null) return Result<GeneratedDocument>.Invalid("model_version", $"system '{system.Slug}' has no model version '{modelVersion}'");
        }

        var fairness = await StoredFairness.LatestAsync(db, blobs, system.Id, model.Id, ct);
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        var imported = ImportedCardMetadata.From(model.ImportedMetadataJson);
        var reported = imported?.ReportedResults is { } r ? (fairness is null ? " " : "\n\n") + r : "";
        var sections = new List<DocumentSection>
        {
            Details(system, model, imported),
            new("intended_use", "Intended use", !string.IsNullOrWhiteSpace(system.IntendedUse),
                string.IsNullOrWhiteSpace(system.IntendedUse) ? "the system's intended use (inventory field intended_use)."
                : $"{Text(system.IntendedUse)}\n\n- Purpose: {Text(system.Purpose)}\n- Users: {List(system.UserPopulations)}\n- Jurisdictions: {List(system.Jurisdictions)}"),
            new("factors", "Factors", fairness is { Features.Count: > 0 },
                fairness is { Features.Count: > 0 }
                    ? "Groups evaluated: " + string.Join("; ", fairness.Features.Select(f => $"**{Text(f.Name)}** ({string.Join(", ", f.Groups.Select(g => Text(g.Name)))})")) + "."
                    : "the groups the model is evaluated across: store a fairness report (attest evaluate fairness --system)."),
            new("metrics", "Metrics", fairness is not null,
                (fairness is not null
                    ? "Overall: " + string.Join(", ", FairnessEvidence.Headline.Where(fairness.Overall.ContainsKey).Select(m => $"{m} {FairnessEvidence.Format(fairness.Overall[m])}")) +
                      $" on n = {fairness.N.ToString(CultureInfo.InvariantCulture)} (fairness report `{fairness.EvidenceId}`)."
                    : "performance measures: store a fairness report (attest evaluate fairness --system).") + reported),
            new("evaluation_data", "Evaluation data", fairness is not null,
                fairness is not null ? $"Prediction log `{Text(Path.GetFileName(fairness.Input))}`, {fairness.N.ToString(CultureInfo.InvariantCulture)} rows." : "the data the model was evaluated on."),
            new("training_data", "Training data", model.TrainingDatasets.Count > 0,
                model.TrainingDatasets.Count > 0
                    ? string.Join("\n", model.TrainingDatasets.Where(t => t.Dataset is not null).Select(t => $"- {Text(t.Dataset!.Name)} (`{t.Dataset.Slug}`), source: {Text(t.Dataset.Source)}"))
                    : "the datasets this model version was trained on (inventory training_datasets)."),
            Quantitative(fairness),
            new("ethical_considerations", "Ethical considerations", latest is not null,
                latest is not null
                    ? $"EU AI Act class: **{WireName.Of(latest.EffectiveClass).Replace('_', ' ')}**; internal risk tier: **{(latest.Document.Tier is { } tier ? WireName.Of(tier) : "incomplete")}**. Personal data classes: {List(system.DataClasses)}."
                    : "the system's classification: answer its intake."),
            new("caveats", "Caveats and recommendations", false, "known limitations and recommendations, written by the model's authors."),
        };
        var front = FrontMatter(system, model, fairness, imported);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var narrative = await DocumentNarratives.TextsAsync(db, DocumentKind.ModelCard.Id, model.Id, ct);
        return Result<GeneratedDocument>.Ok(new GeneratedDocument("model_card", $"Model card: {model.Label}",
            $"Model version `{model.Label}` of **{Text(system.Name)}** (`{system.Slug}`).", sections, front,
            $"Generated by Attest on {today:yyyy-MM-dd} from the inventory and stored evidence.").WithNarratives(narrative));
    }

    private static DocumentSection Details(AiSystem system, ModelVersion m, ImportedCardMetadata? imported)
    {
        var md = new StringBuilder();
        md.Append("- Name and version: `").Append(m.Label).Append("`\n");
        md.Append("- Kind: ").Append(SnakeCase.FromEnum(m.Kind)).Append("; provider: ").Append(SnakeCase.FromEnum(m.Provider))
          .Append(m.ProviderName is null ? "" : $" ({Text(m.ProviderName)})").Append('\n');
        md.Append("- Licence: ").Append(m.License is null ? "not recorded" : Text(m.License)).Append('\n');
        if (m.ArtifactUri is not null) md.Append("- Artifact: `").Append(m.ArtifactUri).Append("`").Append(m.ArtifactSha256 is null ? "" : $" (SHA-256 `{m.ArtifactSha256}`)").Append('\n');
        foreach (var line in imported?.DetailLines() ?? []) md.Append("- ").Append(line).Append('\n');
        md.Append("- Owners: ").Append(Text(system.TechnicalOwner)).Append(" (technical), ").Append(Text(system.BusinessOwner)).Append(" (business), ").Append(Text(system.BusinessUnit));
        return new DocumentSection("model_details", "Model details", true, md.ToString());
    }

    private static DocumentSection Quantitative(FairnessEvidence? fairness)
    {
        if (fairness is null || fairness.Features.All(f => f.Groups.Count == 0))
            return new DocumentSection("quantitative_analyses", "Quantitative analyses", false, "per-group results with confidence intervals: store a fairness report.");
        var md = new StringBuilder();
        foreach (var f in fairness.Features)
        {
            var metrics = FairnessEvidence.Headline.Where(m => f.Groups.Any(g => g.Metrics.ContainsKey(m))).ToArray();
            md.Append("**").Append(Text(f.Name)).Append("**\n\n| group | count | ").Append(string.Join(" | ", metrics)).Append(" |\n|---|---|").Append(string.Concat(metrics.Select(_ => "---|"))).Append('\n');
            foreach (var g in f.Groups)
            {
                md.Append("| ").Append(Text(g.Name)).Append(" | ")
                  .Append(g.Metrics.TryGetValue("count", out var n) ? FairnessEvidence.Format(n) : "—");
                foreach (var m in metrics)
                {
                    md.Append(" | ").Append(g.Metrics.TryGetValue(m, out var v) ? FairnessEvidence.Format(v) : "—");
                    if (g.Ci.TryGetValue(m, out var ci)) md.Append(" [").Append(FairnessEvidence.Format(ci[0])).Append(", ").Append(FairnessEvidence.Format(ci[1])).Append(']');
                }
                md.Append(" |\n");
            }
            if (f.Disparities.Count > 0)
                md.Append("\nDisparities: ").Append(string.Join(", ", f.Disparities.Where(d => !d.Key.EndsWith("_to_overall", StringComparison.Ordinal))
                    .Select(d => $"{d.Key} {FairnessEvidence.Format(d.Value)}"))).Append(".\n");
            md.Append('\n');
        }
        md.Append("Intervals in brackets are 95% bootstrap confidence intervals where the report has them.");
        return new DocumentSection("quantitative_analyses", "Quantitative analyses", true, md.ToString());
    }

    /// <summary>Hugging Face model-card metadata; strings are written as JSON strings, which YAML reads as double-quoted scalars.</summary>
    private static string FrontMatter(AiSystem system, ModelVersion model, FairnessEvidence? fairness, ImportedCardMetadata? imported)
    {
        var y = new StringBuilder();
        y.Append("license: ").Append(Q(model.License is null ? "unknown" : model.License.ToLowerInvariant())).Append('\n');
        if (imported is not null)
        {
            // Keys only an imported card knows; written back so the card round-trips to the Hugging Face Hub.
            if (imported.BaseModels.Count > 0) y.Append("base_model:\n").Append(string.Concat(imported.BaseModels.Select(b => $"  - {Q(b)}\n")));
            if (imported.Languages.Count > 0) y.Append("language:\n").Append(string.Concat(imported.Languages.Select(l => $"  - {Q(l)}\n")));
            if (imported.LibraryName is not null) y.Append("library_name: ").Append(Q(imported.LibraryName)).Append('\n');
            if (imported.PipelineTag is not null) y.Append("pipeline_tag: ").Append(Q(imported.PipelineTag)).Append('\n');
        }
        y.Append("tags:\n").Append(string.Concat(new[] { "attest", SnakeCase.FromEnum(model.Kind) }.Concat(imported?.Tags ?? []).Distinct(StringComparer.Ordinal).Select(t => $"  - {Q(t)}\n")));
        var datasets = model.TrainingDatasets.Where(t => t.Dataset is not null).Select(t => t.Dataset!.Slug).Concat(imported?.Datasets ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (datasets.Length > 0)
            y.Append("datasets:\n").Append(string.Concat(datasets.Select(d => $"  - {Q(d)}\n")));
        y.Append("model-index:\n  - name: ").Append(Q(model.Label)).Append('\n');
        if (fairness is null)
        {
            y.Append("    results: []\n");
            return y.ToString();
        }
        y.Append("    results:\n      - task:\n          type: ").Append(Q("tabular-classification")).Append("\n          name: ").Append(Q(system.Name)).Append('\n');
        y.Append("        dataset:\n          type: ").Append(Q("prediction-log")).Append("\n          name: ").Append(Q(Path.GetFileName(fairness.Input))).Append('\n');
        y.Append("        metrics:\n");
        foreach (var m in FairnessEvidence.Headline.Where(fairness.Overall.ContainsKey))
            y.Append("          - type: ").Append(Q(m)).Append("\n            value: ").Append(fairness.Overall[m].ToString("R", CultureInfo.InvariantCulture))
             .Append("\n            name: ").Append(Q($"{m} (overall)")).Append('\n');
        foreach (var f in fairness.Features)
            foreach (var d in f.Disparities.Where(d => d.Key is "demographic_parity_ratio" or "equalized_odds_difference"))
                y.Append("          - type: ").Append(Q(d.Key)).Append("\n            value: ").Append(d.Value.ToString("R", CultureInfo.InvariantCulture))
                 .Append("\n            name: ").Append(Q($"{d.Key} by {f.Name}")).Append('\n');
        y.Append("        source:\n          name: ").Append(Q("Attest evidence " + fairness.EvidenceId)).Append('\n');
        return y.ToString();
    }

    private static string Q(string s) => JsonSerializer.Serialize(s);

    // Record fields are plain text in the Markdown, never markup (MarkdownText).
    private static string Text(string value) => MarkdownText.Inline(value);

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "none recorded" : Text(string.Join(", ", values));
}
