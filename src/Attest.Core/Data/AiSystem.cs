using Attest.Engine.Inventory;

namespace Attest.Core.Data;

/// <summary>An AI system in the inventory: the unit everything else (classification, controls, approvals) hangs off.</summary>
public sealed class AiSystem : Governance.ILedgerSubject
{
    string Governance.ILedgerSubject.LedgerSubject => $"system:{Id}";

    public required string Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string Purpose { get; set; }
    public string? IntendedUse { get; set; }
    public required string BusinessOwner { get; set; }
    public required string TechnicalOwner { get; set; }
    public required string BusinessUnit { get; set; }
    public LifecycleStage Stage { get; set; }
    public List<string> DeploymentSurfaces { get; set; } = [];
    public List<string> UserPopulations { get; set; } = [];
    public List<string> Jurisdictions { get; set; } = [];
    public List<string> DataClasses { get; set; } = [];
    public List<string> ThirdPartyDependencies { get; set; } = [];
    public List<SystemLink> Links { get; set; } = [];
    /// <summary>EU AI Act class (prohibited, high_risk, ...) — null until classified.</summary>
    public string? EuAiActClass { get; set; }
    /// <summary>Internal risk tier (critical, high, medium, low) — null until classified.</summary>
    public string? Tier { get; set; }
    /// <summary>Concurrency token: incremented on every change; the API's ETag.</summary>
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<ModelVersion> ModelVersions { get; set; } = [];
    public List<Deployment> Deployments { get; set; } = [];
}

public sealed class SystemLink
{
    public required string Title { get; set; }
    public required string Url { get; set; }
}
