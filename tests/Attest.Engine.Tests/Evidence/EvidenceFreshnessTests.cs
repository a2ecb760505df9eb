using Attest.Engine.Controls;
using Attest.Engine.Evidence;

namespace Attest.Engine.Tests.Evidence;

public sealed class EvidenceFreshnessTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);

    private static EvidenceFacts Item(string id, DateOnly until, bool active = true, params string[] models) =>
        new(id, ["ATT-DATA-02"], models, until, active);

    [Theory]
    // valid-until is the last valid day: on that day still satisfied, the day after stale.
    [InlineData("2026-03-01", EvidenceState.Satisfied)]
    [InlineData("2026-02-28", EvidenceState.Stale)]
    public void Evidence_is_valid_through_its_valid_until_day(string until, EvidenceState expected) =>
        EvidenceFreshness.Evaluate("ATT-DATA-02", [Item("ev_1", DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture))], null, Today).State.ShouldBe(expected);

    [Fact]
    public void Retired_evidence_and_evidence_for_other_controls_count_as_missing()
    {
        var other = new EvidenceFacts("ev_2", ["ATT-DEV-02"], [], Today.AddDays(300), true);
        EvidenceFreshness.Evaluate("ATT-DATA-02", [Item("ev_1", Today.AddDays(300), active: false), other], null, Today).State.ShouldBe(EvidenceState.Missing);
    }

    [Fact]
    public void Evidence_for_an_earlier_model_version_is_stale_while_system_wide_evidence_stays_valid()
    {
        var verdict = EvidenceFreshness.Evaluate("ATT-DATA-02", [Item("ev_1", Today.AddDays(300), true, "mv_1")], "mv_2", Today);
        (verdict.State, verdict.Reason).ShouldBe((EvidenceState.Stale, "evidence concerns an earlier model version"));
        EvidenceFreshness.Evaluate("ATT-DATA-02", [Item("ev_2", Today.AddDays(300))], "mv_2", Today).State.ShouldBe(EvidenceState.Satisfied);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, false)]
    public void Evidence_expiring_within_30_days_is_flagged(int daysLeft, bool expiringSoon) =>
        EvidenceFreshness.Evaluate("ATT-DATA-02", [Item("ev_1", Today.AddDays(daysLeft))], null, Today).ExpiringSoon.ShouldBe(expiringSoon);

    [Theory]
    [InlineData(ControlStatus.Waived, EvidenceState.Stale, ControlStatus.Waived)]
    [InlineData(ControlStatus.NotApplicable, EvidenceState.Satisfied, ControlStatus.NotApplicable)]
    [InlineData(ControlStatus.InProgress, EvidenceState.Satisfied, ControlStatus.Satisfied)]
    [InlineData(ControlStatus.Satisfied, EvidenceState.Stale, ControlStatus.Stale)]
    [InlineData(ControlStatus.InProgress, EvidenceState.Missing, ControlStatus.InProgress)]
    public void Evidence_overlays_the_recorded_status_except_waivers(ControlStatus recorded, EvidenceState evidence, ControlStatus expected) =>
        EvidenceFreshness.EffectiveStatus(recorded, evidence).ShouldBe(expected);

    [Fact]
    public void Completeness_is_the_share_of_required_controls_with_fresh_evidence()
    {
        var verdicts = new[]
        {
            new ControlEvidence("A", EvidenceState.Satisfied, ["ev_1"], Today, false, null),
            new ControlEvidence("B", EvidenceState.Stale, [], null, false, "x"),
            new ControlEvidence("C", EvidenceState.Missing, [], null, false, "x"),
            new ControlEvidence("D", EvidenceState.Satisfied, ["ev_2"], Today, false, null),
        };
        EvidenceFreshness.Completeness(verdicts).ShouldBe(0.5);
        EvidenceFreshness.Completeness([]).ShouldBe(1.0);
    }
}
