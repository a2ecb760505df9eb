using Attest.Engine.Inventory;
using static Attest.Engine.Inventory.LifecycleStage;

namespace Attest.Engine.Tests.Inventory;

public sealed class LifecycleTransitionTests
{
    public static TheoryData<LifecycleStage, LifecycleStage, bool> Moves => new()
    {
        { Proposed, InDevelopment, true },
        { Proposed, InReview, false },
        { Proposed, Deployed, false },
        { InDevelopment, InReview, true },
        { InReview, Approved, true },
        { InReview, InDevelopment, true },
        { Approved, Deployed, true },
        { Approved, Monitoring, false },
        { Deployed, Monitoring, true },
        { Deployed, Approved, false },
        { Monitoring, InDevelopment, true },
        { Monitoring, Retired, true },
        { Proposed, Retired, true },
        { Retired, InDevelopment, false },
        { Retired, Proposed, false },
        { Deployed, Deployed, true },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Lifecycle_moves_one_step_forward_back_to_development_or_to_retirement(LifecycleStage from, LifecycleStage to, bool allowed) =>
        LifecycleTransitions.IsAllowed(from, to).ShouldBe(allowed);

    [Fact]
    public void A_retired_system_has_nowhere_to_go() => LifecycleTransitions.AllowedFrom(Retired).ShouldBeEmpty();

    [Fact]
    public void In_review_can_be_approved_sent_back_or_retired() =>
        LifecycleTransitions.AllowedFrom(InReview).ShouldBe([InDevelopment, Approved, Retired]);
}
