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
