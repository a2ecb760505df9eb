using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Compliance.Tables;
using Attest.Engine.Classification;

namespace Attest.Core.Tests.Support;

/// <summary>The classifier's tables as shipped (data/eu-ai-act/obligations.yaml, data/intake/tier-policy-v1.yaml, Annex III titles).</summary>
internal static class ShippedTables
{
    public static ClassificationTables Regulation { get; } = ClassificationTablesLoader.LoadDefault(AnnexIiiCatalog.LoadDefault());
}
