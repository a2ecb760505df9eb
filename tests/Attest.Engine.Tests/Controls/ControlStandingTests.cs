using Attest.Engine.Controls;
using Attest.Engine.Evidence;
using Attest.Engine.Gates;

namespace Attest.Engine.Tests.Controls;

public sealed class ControlStandingTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static ControlEvidence Evidence(EvidenceState state) => new("ATT-DATA-02", state, [], null, false, null);

    [Theory]
    // Fresh evidence satisfies a control nobody marked; stale evidence makes it stale; without evidence the recorded status stands.
    [InlineData(ControlStatus.NotStarted, EvidenceState.Satisfied, null, ControlStatus.Satisfied)]
    [InlineData(ControlStatus.Satisfied, EvidenceState.Stale, null, ControlStatus.Stale)]
    [InlineData(ControlStatus.InProgress, EvidenceState.Missing, null, ControlStatus.InProgress)]
    [InlineData(ControlStatus.NotApplicable, EvidenceState.Missing, "in_force", ControlStatus.NotApplicable)]
    // Waived only while an approved waiver is in force (its expiry day included); a waiver that ended leaves the control open.
    [InlineData(ControlStatus.NotStarted, EvidenceState.Missing, "in_force", ControlStatus.Waived)]
    [InlineData(ControlStatus.Waived, EvidenceState.Missing, "ends_today", ControlStatus.Waived)]
    [InlineData(ControlStatus.Waived, EvidenceState.Missing, "expired", ControlStatus.NotStarted)]
    [InlineData(ControlStatus.Waived, EvidenceState.Missing, null, ControlStatus.NotStarted)]
    [InlineData(ControlStatus.Waived, EvidenceState.Missing, "requested", ControlStatus.NotStarted)]
    public void A_control_stands_on_its_recorded_status_evidence_and_waivers(ControlStatus recorded, EvidenceState evidence, string? waiver, ControlStatus expected)
    {
        WaiverFact[] waivers = waiver switch
        {
            "in_force" => [new("wv_1", "ATT-DATA-02", WaiverState.Approved, Today.AddDays(10))],
            "ends_today" => [new("wv_1", "ATT-DATA-02", WaiverState.Approved, Today)],
            "expired" => [new("wv_1", "ATT-DATA-02", WaiverState.Approved, Today.AddDays(-1))],
            "requested" => [new("wv_1", "ATT-DATA-02", WaiverState.Requested, Today.AddDays(10))],
            _ => [],
        };

        var standing = ControlStanding.Decide(recorded, Evidence(evidence), waivers, Today);

        standing.Status.ShouldBe(expected);
        standing.Met.ShouldBe(expected is ControlStatus.Satisfied or ControlStatus.Waived or ControlStatus.NotApplicable);
        (standing.ExpiredWaiver is not null).ShouldBe(waiver == "expired");
    }

    [Fact]
    public void A_waiver_of_another_control_does_not_count()
    {
        var standing = ControlStanding.Decide(ControlStatus.NotStarted, Evidence(EvidenceState.Missing),
            [new WaiverFact("wv_2", "ATT-OVS-02", WaiverState.Approved, Today.AddDays(10))], Today);

        standing.Status.ShouldBe(ControlStatus.NotStarted);
        standing.WaiverInForce.ShouldBeNull();
    }
}
