namespace Attest.Core.Features.Documents;

/// <summary>What a generated document is about, and so what its narrative is stored against.</summary>
public enum NarrativeSubject { System, ModelVersion, Dataset }

/// <summary>
/// A kind of generated document, the subject its narrative belongs to, and its sections in order. Every section
/// accepts an author's narrative (shown under the generated part); <see cref="NarrativeFills"/> lists the sections
/// whose missing generated part the narrative may stand in for — text only a person can write (intended use,
/// ethical considerations, caveats, the standards applied) — while sections that report numbers, lineage or
/// evidence stay missing until the records hold them.
/// </summary>
public sealed record DocumentKind(string Id, string UrlName, string Title, NarrativeSubject Subject, IReadOnlyList<string> Sections, IReadOnlySet<string> NarrativeFills)
{
    public static readonly DocumentKind ModelCard = new("model_card", "model-card", "Model card", NarrativeSubject.ModelVersion,
        ["model_details", "intended_use", "factors", "metrics", "evaluation_data", "training_data", "quantitative_analyses", "ethical_considerations", "caveats"],
        new HashSet<string>(StringComparer.Ordinal) { "intended_use", "evaluation_data", "training_data", "ethical_considerations", "caveats" });

    public static readonly DocumentKind SystemCard = new("system_card", "system-card", "System card", NarrativeSubject.System,
        ["purpose_and_use", "components", "datasets", "deployments", "classification", "human_oversight", "monitoring", "controls"],
        new HashSet<string>(StringComparer.Ordinal) { "purpose_and_use" });

    public static readonly DocumentKind AnnexIv = new("annex_iv", "annex-iv", "Annex IV outline", NarrativeSubject.System,
        ["general_description", "development", "monitoring_functioning", "performance_metrics", "risk_management", "lifecycle_changes", "standards",
         "declaration_of_conformity", "post_market_monitoring"],
        new HashSet<string>(StringComparer.Ordinal) { "standards" });

    public static readonly DocumentKind Datasheet = new("datasheet", "datasheet", "Datasheet", NarrativeSubject.Dataset,
        ["motivation", "composition", "collection", "preprocessing", "uses", "distribution", "maintenance"],
        new HashSet<string>(StringComparer.Ordinal) { "motivation", "preprocessing", "maintenance" });

    public static readonly IReadOnlyList<DocumentKind> All = [ModelCard, SystemCard, AnnexIv, Datasheet];

    /// <summary>The kind by its id (model_card) or its URL name (model-card); null when there is none.</summary>
    public static DocumentKind? Find(string? name) => All.FirstOrDefault(k => k.Id == name || k.UrlName == name);

    public string SubjectType => Subject switch
    {
        NarrativeSubject.ModelVersion => "model_version",
        NarrativeSubject.Dataset => "dataset",
        _ => "system",
    };
}
