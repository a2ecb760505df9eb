using Attest.Engine.Classification;

namespace Attest.Engine.Gates;

/// <summary>
/// A self-contained gate policy and evidence snapshot of one system (and model version), exported from the
/// governance server so a CI job can evaluate the gate offline (<c>attest gate --bundle</c>): the gate
/// definition of every lifecycle transition for the system's tier, and the facts as gathered at export.
/// Serialised as <see cref="Format"/> by <see cref="GateBundleJson"/>.
/// </summary>
public sealed record GateBundle
{
    public const string Format = "attest.gate-bundle/v1";

    public required string AttestVersion { get; init; }
    public required DateTimeOffset ExportedAt { get; init; }
    public required string SystemId { get; init; }
    public required string SystemSlug { get; init; }
    public required RiskTier Tier { get; init; }

    /// <summary>The model version the bundle was exported for; null for the system as a whole.</summary>
    public BundleModelVersion? ModelVersion { get; init; }

    /// <summary>One gate per lifecycle transition, for <see cref="Tier"/>.</summary>
    public required IReadOnlyList<GateDefinition> Gates { get; init; }

    public required GateSnapshot Facts { get; init; }

    public GateDefinition? GateFor(GateStage stage) => Gates.FirstOrDefault(g => g.Stage == stage);

    /// <summary>Whether <paramref name="reference"/> (id or slug) names the bundle's system.</summary>
    public bool IsForSystem(string reference) => reference == SystemId || reference == SystemSlug;
}

/// <summary>A model version as the bundle names it; a reference matches its id, version or name@version label.</summary>
public sealed record BundleModelVersion(string Id, string Version, string Label)
{
    public bool Matches(string reference) => reference == Id || reference == Version || reference == Label;
}
