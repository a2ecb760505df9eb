using Attest.Engine.Access;

namespace Attest.Engine.Tests.Access;

public sealed class SeparationOfDutiesTests
{
    [Fact]
    public void Nobody_approves_their_own_request()
    {
        SeparationOfDuties.CheckApproval("user:dana", new DutyHolder("user:dana", [Roles.GovernanceLead])).ShouldNotBeNull();
        SeparationOfDuties.CheckApproval("user:dana", new DutyHolder("user:lee", [Roles.GovernanceLead])).ShouldBeNull();
    }

    [Theory]
    [InlineData(true, Roles.GovernanceLead, false)]
    [InlineData(true, Roles.ExecutiveApprover, true)]
    [InlineData(false, Roles.GovernanceLead, true)]
    public void Residual_risk_of_a_high_risk_system_needs_an_executive_approver(bool highRisk, string role, bool allowed) =>
        (SeparationOfDuties.CheckResidualRiskAcceptance(highRisk, new DutyHolder("user:lee", [role])) is null).ShouldBe(allowed);
}

public sealed class OversightSeparationOfDutiesTests
{
    private static readonly OversightTeam Team = new("sys_1", "Markus Becker", ["usr_po"]);

    [Fact]
    public void A_policy_version_is_approved_by_a_second_person_never_its_author()
    {
        SeparationOfDuties.CheckPolicyApproval("user:markus", new DutyHolder("user:markus", [Roles.GovernanceLead])).ShouldNotBeNull();
        SeparationOfDuties.CheckPolicyApproval("user:markus", new DutyHolder("user:lena", [Roles.GovernanceLead])).ShouldBeNull();
    }

    [Fact]
    public void The_service_identity_and_the_systems_own_product_owner_cannot_review_its_decisions()
    {
        SeparationOfDuties.CheckOversightReview(new DutyHolder("key:svc", [Roles.Service]) { ScopedSystemId = "sys_1" }, Team).ShouldNotBeNull();
        SeparationOfDuties.CheckOversightReview(new DutyHolder("key:svc", [Roles.Service, Roles.Reviewer]), Team).ShouldNotBeNull();
        SeparationOfDuties.CheckOversightReview(new DutyHolder("user:po", [Roles.Reviewer]) { UserId = "usr_po" }, Team)!.ShouldContain("product owner");
        SeparationOfDuties.CheckOversightReview(new DutyHolder("user:mb", [Roles.Reviewer]) { Names = ["markus becker"] }, Team)!.ShouldContain("business owner");
        SeparationOfDuties.CheckOversightReview(new DutyHolder("user:eva", [Roles.Reviewer]) { UserId = "usr_eva", Names = ["Eva Novak"] }, Team).ShouldBeNull();
    }
}
