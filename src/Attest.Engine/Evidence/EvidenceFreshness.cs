using Attest.Engine.Controls;

namespace Attest.Engine.Evidence;

/// <summary>Where a control stands on evidence alone.</summary>
public enum EvidenceState
{
    /// <summary>No active evidence names the control.</summary>
    Missing,
    /// <summary>Active evidence exists, but every item expired or concerns another model version.</summary>
    Stale,
    /// <summary>At least one active item is unexpired and concerns the system's current model version (or no model version).</summary>
    Satisfied,
}

/// <summary>The facts of one evidence item that decide whether it is still valid.</summary>
/// <param name="ModelVersionIds">The model versions it concerns; empty when it concerns the system as a whole.</param>
/// <param name="ValidUntil">The last day it is valid.</param>
public sealed record EvidenceFacts(string Id, IReadOnlyList<string> Controls, IReadOnlyList<string> ModelVersionIds, DateOnly ValidUntil, bool Active);

/// <summary>The verdict for one control: the state, the items that make it valid, and how long that lasts.</summary>
/// <param name="ValidUntil">The latest valid-until among the valid items (satisfied only).</param>
/// <param name="ExpiringSoon">Satisfied, but every valid item expires within the warning window.</param>
/// <param name="Reason">Why the control is stale or missing, in words ("expired on 2026-09-01").</param>
public sealed record ControlEvidence(string ControlId, EvidenceState State, IReadOnlyList<string> ValidEvidence, DateOnly? ValidUntil, bool ExpiringSoon, string? Reason);

/// <summary>
/// Decides freshness: a control is satisfied only while it has active evidence that has not expired
/// (today is on or before its valid-until day) and that concerns the system's current model version;
/// evidence about no model in particular stays valid across model versions. Pure and deterministic.
/// </summary>
public static class EvidenceFreshness
{
    public const int DefaultExpiringSoonDays = 30;

    public static ControlEvidence Evaluate(string controlId, IEnumerable<EvidenceFacts> evidence, string? currentModelVersionId, DateOnly today, int expiringSoonDays = DefaultExpiringSoonDays)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var forControl = evidence.Where(e => e.Active && e.Controls.Contains(controlId, StringComparer.Ordinal)).ToArray();
        if (forControl.Length == 0)
            return new ControlEvidence(controlId, EvidenceState.Missing, [], null, false, "no evidence");

        var valid = forControl.Where(e => e.ValidUntil >= today && ConcernsCurrentModel(e, currentModelVersionId)).ToArray();
        if (valid.Length == 0)
        {
            var current = forControl.Where(e => ConcernsCurrentModel(e, currentModelVersionId)).ToArray();
            var reason = current.Length == 0
                ? "evidence concerns an earlier model version"
                : $"evidence expired on {current.Max(e => e.ValidUntil):yyyy-MM-dd}";
            return new ControlEvidence(controlId, EvidenceState.Stale, [], null, false, reason);
        }
        var until = valid.Max(e => e.ValidUntil);
        return new ControlEvidence(controlId, EvidenceState.Satisfied, valid.Select(e => e.Id).ToArray(), until,
            until < today.AddDays(expiringSoonDays), null);
    }

    private static bool ConcernsCurrentModel(EvidenceFacts e, string? currentModelVersionId) =>
        e.ModelVersionIds.Count == 0 || currentModelVersionId is null || e.ModelVersionIds.Contains(currentModelVersionId, StringComparer.Ordinal);

    /// <summary>
    /// The status the compliance matrix shows: a waiver or "not applicable" decided by people stands; otherwise
    /// fresh evidence makes the control satisfied and stale evidence makes it stale; without any evidence the
    /// recorded status stands (not started, in progress, or satisfied as attested by hand).
    /// </summary>
    public static ControlStatus EffectiveStatus(ControlStatus recorded, EvidenceState evidence) => recorded switch
    {
        ControlStatus.Waived or ControlStatus.NotApplicable => recorded,
        _ => evidence switch
        {
            EvidenceState.Satisfied => ControlStatus.Satisfied,
            EvidenceState.Stale => ControlStatus.Stale,
            _ => recorded,
        },
    };

    /// <summary>
    /// Evidence completeness of a system: the share of required controls with fresh evidence, in [0, 1];
    /// 1 when nothing is required.
    /// </summary>
    public static double Completeness(IReadOnlyCollection<ControlEvidence> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        return controls.Count == 0 ? 1.0 : (double)controls.Count(c => c.State == EvidenceState.Satisfied) / controls.Count;
    }
}
