using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Compliance;

/// <summary>Where a system stands on one required control (<see cref="ControlStanding"/>).</summary>
/// <param name="Met">Satisfied, waived by a waiver in force, or not applicable.</param>
/// <param name="WaiverId">The waiver in force, or the expired one that no longer waives the control (<paramref name="WaiverExpired"/>).</param>
public sealed record ControlStandingDto(
    string ControlId, string Title, ControlStatus Status, bool Met, ControlStatus Recorded, Attest.Engine.Evidence.EvidenceState Evidence,
    DateOnly? EvidenceValidUntil, string? WaiverId, DateOnly? WaiverExpiresOn, bool WaiverExpired);

/// <summary>The system's pre-launch gate for the system as a whole, as the gate page shows it first.</summary>
public sealed record GateStandingDto(GateStage Stage, GateDecision Decision, int Requirements, int Unmet, DateOnly EvaluatedOn);

/// <summary>The go or conditional go in force (not lapsed), if any.</summary>
public sealed record ApprovalStandingDto(string ReviewId, BoardDecision Decision, GateStage Stage, string? ModelVersion, DateTimeOffset? DecidedAt);

/// <summary>
/// One answer to "where does this system stand": its classification (<c>classified</c>, <c>incomplete</c> or
/// <c>not_classified</c>, with class and tier only from a complete one), each required control's status, the
/// pre-launch gate's verdict (null until the class is decided, <see cref="GateUnavailable"/> says why) and the approval in force.
/// </summary>
public sealed record SystemStandingView(
    string SystemId, string SystemSlug, string SystemName, string Classification, EuAiActClass? EuAiActClass, RiskTier? Tier,
    IReadOnlyList<MissingAnswerDto> Missing, int ControlsRequired, int ControlsMet, IReadOnlyList<ControlStandingDto> Controls,
    GateStandingDto? Gate, string? GateUnavailable, ApprovalStandingDto? ApprovalInForce);

/// <summary>
/// The one query of a system's standing that the system page, the standing API and the consistency test read: the
/// classification (<see cref="ClassificationRecords"/>), the controls (<see cref="ControlStandings"/>), the gate
/// (<see cref="EvaluateGate"/>, pre-launch, the system as a whole) and the approval in force (<see cref="ApprovalsInForce"/>).
/// </summary>
public sealed class GetSystemStanding(AttestDbContext db, GetSystemControls controls, EvaluateGate gate)
{
    public const string Classified = "classified";
    public const string Incomplete = "incomplete";
    public const string NotClassified = "not_classified";

    public async Task<Result<SystemStandingView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<SystemStandingView>.NotFound($"No AI system '{idOrSlug}'.");
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        var state = latest is null ? NotClassified : latest.IsComplete ? Classified : Incomplete;

        var view = (await controls.ExecuteAsync(system.Id, ct)).Value!;
        var standings = view.Controls.Select(c => new ControlStandingDto(c.ControlId, c.Title, c.Status,
            c.Status is ControlStatus.Satisfied or ControlStatus.Waived or ControlStatus.NotApplicable,
            c.RecordedStatus ?? c.Status, c.Evidence ?? Attest.Engine.Evidence.EvidenceState.Missing, c.EvidenceValidUntil,
            c.WaiverId, c.WaiverExpiresOn, c.WaiverExpired)).ToArray();

        GateStandingDto? gateStanding = null;
        string? unavailable = ClassificationRecords.NotReady(system, latest);
        if (unavailable is null)
        {
            var report = await gate.ExecuteAsync(system.Id, null, GateStage.PreLaunch, ct);
            if (report.IsOk)
                gateStanding = new GateStandingDto(report.Value!.Stage, report.Value.Decision, report.Value.Requirements.Count, report.Value.Unmet.Count, report.Value.EvaluatedOn);
            else
                unavailable = report.Message;
        }

        var approval = await ApprovalsInForce.LatestAsync(db, system.Id, ct);
        return Result<SystemStandingView>.Ok(new SystemStandingView(system.Id, system.Slug, system.Name, state,
            state == Classified ? latest!.EffectiveClass : null, state == Classified ? latest!.Tier : null, latest?.Missing ?? [],
            standings.Length, standings.Count(s => s.Met), standings, gateStanding, unavailable,
            approval is null ? null : new ApprovalStandingDto(approval.Id, approval.Decision!.Value, approval.Stage, approval.ModelVersionLabel, approval.DecidedAt)));
    }
}
