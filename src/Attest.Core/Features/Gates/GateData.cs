using Attest.Core.Features.Compliance;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// The gate catalog in force: shipped gates merged with the data directory's <c>gates/</c>, checked against the
/// control library in force. Loaded once per process on first use; a bad file fails with file, line and field.
/// </summary>
public sealed class GateData(ComplianceData compliance, Data.DatabaseSettings settings)
{
    private readonly Lazy<GateCatalog> _catalog = new(() =>
        GateCatalogLoader.LoadDefault(compliance.Library, Directory.Exists(Path.Combine(settings.DataDirectory, "gates")) ? settings.DataDirectory : null));

    private readonly Lazy<IReadOnlyDictionary<Engine.Classification.RiskTier, ReviewPolicy>> _policies = new(() =>
        ReviewPolicyLoader.LoadDefault(Directory.Exists(Path.Combine(settings.DataDirectory, "reviews")) ? settings.DataDirectory : null));

    public GateCatalog Catalog => _catalog.Value;

    public ReviewPolicy PolicyFor(Engine.Classification.RiskTier tier) => _policies.Value[tier];
}
