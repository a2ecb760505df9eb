using InventoryStage = Attest.Engine.Inventory.LifecycleStage;
using RuleStage = Attest.Engine.Rules.LifecycleStage;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The inventory's lifecycle stages as the stages control applicability rules name (ISO/IEC 22989,
/// simplified): a proposal is design, review is validation, an approved system is being deployed,
/// a deployed or monitored one is in operation.
/// </summary>
public static class LifecycleStages
{
    public static RuleStage ToRuleStage(InventoryStage stage) => stage switch
    {
        InventoryStage.Proposed => RuleStage.Design,
        InventoryStage.InDevelopment => RuleStage.Development,
        InventoryStage.InReview => RuleStage.Validation,
        InventoryStage.Approved => RuleStage.Deployment,
        InventoryStage.Deployed => RuleStage.Operation,
        InventoryStage.Monitoring => RuleStage.Operation,
        InventoryStage.Retired => RuleStage.Retirement,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown lifecycle stage"),
    };
}
