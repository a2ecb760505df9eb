using Attest.Engine.Gates;
using Attest.Engine.Incidents;

namespace Attest.Engine.Tests.Incidents;

public sealed class IncidentWorkflowTests
{
    [Theory]
    [InlineData(IncidentStatus.Open, IncidentStatus.Triaged)]
    [InlineData(IncidentStatus.Triaged, IncidentStatus.Contained)]
    [InlineData(IncidentStatus.Contained, IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Resolved, IncidentStatus.Closed)]
    [InlineData(IncidentStatus.Open, IncidentStatus.Closed)]
    public void Each_step_forward_and_closing_are_allowed(IncidentStatus from, IncidentStatus to) =>
        IncidentWorkflow.Refusal(from, to, IncidentSeverity.Moderate, reviewed: false).ShouldBeNull();

    [Theory]
    [InlineData(IncidentStatus.Open, IncidentStatus.Contained, "from open the next step is triaged, not contained")]
    [InlineData(IncidentStatus.Open, IncidentStatus.Resolved, "from open the next step is triaged, not resolved")]
    [InlineData(IncidentStatus.Contained, IncidentStatus.Triaged, "the incident is already contained; it does not move back to triaged")]
    [InlineData(IncidentStatus.Triaged, IncidentStatus.Triaged, "the incident is already triaged")]
    [InlineData(IncidentStatus.Closed, IncidentStatus.Open, "the incident is closed; nothing moves it any more")]
    [InlineData(IncidentStatus.Closed, IncidentStatus.Closed, "the incident is closed; nothing moves it any more")]
    public void Other_moves_are_refused_in_words(IncidentStatus from, IncidentStatus to, string refusal) =>
        IncidentWorkflow.Refusal(from, to, IncidentSeverity.Minor, reviewed: true).ShouldBe(refusal);

    [Theory]
    [InlineData(IncidentSeverity.Minor, false, true)]
    [InlineData(IncidentSeverity.Moderate, false, true)]
    [InlineData(IncidentSeverity.Severe, false, false)]
    [InlineData(IncidentSeverity.Critical, false, false)]
    [InlineData(IncidentSeverity.Severe, true, true)]
    [InlineData(IncidentSeverity.Critical, true, true)]
    public void Severe_and_critical_incidents_close_only_after_their_review(IncidentSeverity severity, bool reviewed, bool allowed) =>
        (IncidentWorkflow.Refusal(IncidentStatus.Resolved, IncidentStatus.Closed, severity, reviewed) is null).ShouldBe(allowed);

    [Fact]
    public void The_next_steps_are_the_one_forward_and_closing() =>
        IncidentWorkflow.Next(IncidentStatus.Triaged, IncidentSeverity.Critical, reviewed: true).ShouldBe([IncidentStatus.Contained, IncidentStatus.Closed]);
}
