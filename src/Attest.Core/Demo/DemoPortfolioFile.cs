namespace Attest.Core.Demo;

// The shape of data/demo/portfolio.yaml (format attest.demo-portfolio/v1).
internal sealed class DemoPortfolioFile
{
    public string Format { get; set; } = "";
    public List<DemoDataset> Datasets { get; set; } = [];
    public List<DemoSystem> Systems { get; set; } = [];
}

internal sealed class DemoDataset
{
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string Source { get; set; } = "";
    public string Owner { get; set; } = "";
    public List<string> PersonalDataClasses { get; set; } = [];
    public string? LegalBasis { get; set; }
    public bool? ConsentObtained { get; set; }
    public string? Retention { get; set; }
    public List<string> Parents { get; set; } = [];
}

internal sealed class DemoSystem
{
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string? IntendedUse { get; set; }
    public string BusinessOwner { get; set; } = "";
    public string TechnicalOwner { get; set; } = "";
    public string BusinessUnit { get; set; } = "";
    public string Stage { get; set; } = "";
    public string? EuAiActClass { get; set; }
    public string? Tier { get; set; }
    public List<string> DeploymentSurfaces { get; set; } = [];
    public List<string> UserPopulations { get; set; } = [];
    public List<string> Jurisdictions { get; set; } = [];
    public List<string> DataClasses { get; set; } = [];
    public List<string> ThirdPartyDependencies { get; set; } = [];
    public List<DemoLink> Links { get; set; } = [];
    public List<DemoModel> Models { get; set; } = [];
    public List<DemoDeployment> Deployments { get; set; } = [];
}

internal sealed class DemoLink
{
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
}

internal sealed class DemoModel
{
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Provider { get; set; } = "";
    public string? ProviderName { get; set; }
    public string? License { get; set; }
    public string? ArtifactUri { get; set; }
    public string? ArtifactSha256 { get; set; }
    public List<string> TrainingDatasets { get; set; } = [];
    public Dictionary<string, string?> Config { get; set; } = [];
    public string? PromptTemplateSha256 { get; set; }
    public string? RetrievalCorpusSha256 { get; set; }
}

internal sealed class DemoDeployment
{
    public string Model { get; set; } = "";
    public string Environment { get; set; } = "";
    public string Region { get; set; } = "";
    public string? DeployedOn { get; set; }
    public string? Status { get; set; }
}
