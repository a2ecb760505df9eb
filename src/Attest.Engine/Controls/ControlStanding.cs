using Attest.Engine.Evidence;
using Attest.Engine.Gates;

namespace Attest.Engine.Controls;

/// <summary>
/// Where one required control of a system stands today — the one answer every page, the API, the gate and the CLI give.
/// </summary>
/// <param name="Status">
/// The status people see: not applicable; waived only while an approved waiver is in force; otherwise the recorded status
/// overlaid with evidence freshness (<see cref="EvidenceFreshness.EffectiveStatus"/>). A control marked waived without a
/// waiver in force is open again: not started.
/// </param>
/// <param name="GateStatus">The status the gate judges (recorded status overlaid with freshness), from which it words its reasons.</param>
/// <param name="WaiverInForce">The approved waiver that waives the control today, if any.</param>
/// <param name="ExpiredWaiver">The latest approved waiver of the control that expired, if no waiver is in force.</param>
public sealed record ControlStanding(
    string ControlId, ControlStatus Status, ControlStatus Recorded, ControlStatus GateStatus, ControlEvidence Evidence,
    WaiverFact? WaiverInForce, WaiverFact? ExpiredWaiver)
{
    /// <summary>Satisfied, waived by a waiver in force, or not applicable; anything else keeps a gate's control requirement unmet.</summary>
    public bool Met => Status is ControlStatus.Satisfied or ControlStatus.Waived or ControlStatus.NotApplicable;

    /// <summary>Decides the standing of a control from what people recorded, its evidence verdict and the waivers of the control.</summary>
    public static ControlStanding Decide(ControlStatus recorded, ControlEvidence evidence, IEnumerable<WaiverFact> waivers, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(waivers);
        var own = waivers.Where(w => w.ControlId == evidence.ControlId).ToList();
        var inForce = own.Where(w => w.IsValidOn(today)).OrderByDescending(w => w.ExpiresOn).ThenBy(w => w.WaiverId, StringComparer.Ordinal).FirstOrDefault();
        var expired = inForce is null ? own.Where(w => w.HasExpiredOn(today)).MaxBy(w => w.ExpiresOn) : null;
        var gateStatus = EvidenceFreshness.EffectiveStatus(recorded, evidence.State);
        var status = gateStatus switch
        {
            ControlStatus.NotApplicable => ControlStatus.NotApplicable,
            _ when inForce is not null => ControlStatus.Waived,
            ControlStatus.Waived => ControlStatus.NotStarted,
            _ => gateStatus,
        };
        return new ControlStanding(evidence.ControlId, status, recorded, gateStatus, evidence, inForce, expired);
    }
}
