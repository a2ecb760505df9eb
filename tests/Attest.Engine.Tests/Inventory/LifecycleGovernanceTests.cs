using Attest.Engine.Inventory;

namespace Attest.Engine.Tests.Inventory;

public sealed class LifecycleGovernanceTests
{
    private static readonly LifecycleFacts Nothing = new(null, []);
    private static readonly LifecycleFacts Approved = new("screener@1.0", []);
    private static readonly LifecycleFacts ApprovedAndRunning = new("screener@1.0", [new ProductionVersion("screener@1.0", true)]);
    private static readonly LifecycleFacts RunningUncovered = new("screener@1.0", [new ProductionVersion("screener@1.0", true), new ProductionVersion("screener@2.0", false)]);

    [Fact]
    public void Moves_that_are_not_into_approved_or_deployed_need_no_decision()
    {
        foreach (var (from, to) in new[]
        {
            (LifecycleStage.Proposed, LifecycleStage.InDevelopment), (LifecycleStage.InDevelopment, LifecycleStage.InReview),
            (LifecycleStage.Deployed, LifecycleStage.Monitoring), (LifecycleStage.Approved, LifecycleStage.InDevelopment),
            (LifecycleStage.Deployed, LifecycleStage.Retired), (LifecycleStage.Approved, LifecycleStage.Approved),
        })
            LifecycleGovernance.Missing(from, to, Nothing).ShouldBeEmpty($"{from} → {to}");
    }

    [Fact]
    public void Entering_approved_takes_a_go_in_force()
    {
        LifecycleGovernance.Missing(LifecycleStage.InReview, LifecycleStage.Approved, Nothing)
            .ShouldBe(["no go or conditional go of the review board is in force (request a release review and have it decided)"]);
        LifecycleGovernance.Missing(LifecycleStage.InReview, LifecycleStage.Approved, Approved).ShouldBeEmpty();
    }

    [Fact]
    public void Entering_deployed_takes_every_production_version_covered_by_the_approval()
    {
        LifecycleGovernance.Missing(LifecycleStage.Approved, LifecycleStage.Deployed, Nothing).ShouldBe(
        [
            "no go or conditional go of the review board is in force (request a release review and have it decided)",
            "no production deployment is recorded (record the deployment of the approved model version first)",
        ]);
        LifecycleGovernance.Missing(LifecycleStage.Approved, LifecycleStage.Deployed, Approved)
            .ShouldBe(["no production deployment is recorded (record the deployment of the approved model version first)"]);
        LifecycleGovernance.Missing(LifecycleStage.Approved, LifecycleStage.Deployed, RunningUncovered)
            .ShouldBe(["model version screener@2.0 runs in production without an approval in force"]);
        LifecycleGovernance.Missing(LifecycleStage.Approved, LifecycleStage.Deployed, ApprovedAndRunning).ShouldBeEmpty();
    }
}
