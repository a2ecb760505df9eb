using Attest.Engine.Classification;

namespace Attest.Engine.Gates;

/// <summary>The loaded gate definitions (one per stage and tier) and material-change triggers.</summary>
public sealed record GateCatalog(IReadOnlyList<GateDefinition> Gates, IReadOnlyList<MaterialChangeTrigger> MaterialChangeTriggers)
{
    public GateDefinition? For(GateStage stage, RiskTier tier) => Gates.FirstOrDefault(g => g.Stage == stage && g.Tier == tier);
}
