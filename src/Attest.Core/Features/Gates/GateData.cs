using Attest.Core.Features.Compliance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// The gate catalog and review policy in force: shipped gates merged with the data directory's <c>gates/</c> (checked
/// against the control library in force) and <c>reviews/policy.yaml</c>. Loaded when the singleton is made, which the
/// server does before it accepts requests; a bad file fails the start with file, line and field.
/// </summary>
public sealed class GateData
{
    private readonly IReadOnlyDictionary<RiskTier, ReviewPolicy> _policies;

    public GateData(ComplianceData compliance, Data.DatabaseSettings settings)
        : this(compliance, settings.DataDirectory)
    {
    }

    private GateData(ComplianceData compliance, string? organisationDataDirectory)
    {
        var org = organisationDataDirectory is not null && Directory.Exists(organisationDataDirectory) ? organisationDataDirectory : null;
        Catalog = GateCatalogLoader.LoadDefault(compliance.Library, org is not null && Directory.Exists(Path.Combine(org, "gates")) ? org : null);
        _policies = ReviewPolicyLoader.LoadDefault(org is not null && Directory.Exists(Path.Combine(org, "reviews")) ? org : null);
    }

    public GateCatalog Catalog { get; }

    public ReviewPolicy PolicyFor(RiskTier tier) => _policies[tier];

    /// <summary>Loads the gates and policy over an organisation's data directory (null: shipped data only).</summary>
    public static GateData Load(ComplianceData compliance, string? organisationDataDirectory) => new(compliance, organisationDataDirectory);
}
