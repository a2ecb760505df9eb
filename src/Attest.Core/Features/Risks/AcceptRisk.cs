using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Risks;

/// <summary>
/// Accepts the residual risk of a register entry, with a rationale. Separation of duties: never by whoever recorded
/// the risk, and a high or critical risk only by an executive approver. A key scoped to a system accepts only that system's risks.
/// </summary>
public sealed class AcceptRisk(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<RiskDto>> ExecuteAsync(string riskId, RiskAcceptanceInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        errors.Required("rationale", input.Rationale);
        errors.MaxLength("rationale", input.Rationale, RiskRules.MaxTextLength);
        if (errors.Any)
            return errors.ToResult<RiskDto>();

        return await writes.ChangeAsync(caller, Permissions.RisksAccept,
            WriteTarget.SystemOf(db.Risks.Where(x => x.Id == riskId).Select(x => x.SystemId), $"No risk '{riskId}'."), async change =>
        {
            var risk = await db.Risks.FirstAsync(x => x.Id == riskId, ct);
            if (expectedVersion is { } expected && expected != risk.Version)
                return Result<RiskDto>.PreconditionFailed($"Risk {risk.Id} is at version {risk.Version}, not {expected}: read it again and retry.");
            if (risk.Treatment == RiskTreatment.Accepted)
                return Result<RiskDto>.Conflict($"Risk {risk.Id} is already accepted (by {risk.AcceptedBy}).");
            var acceptor = new DutyHolder(caller.Actor.Id, caller.Roles);
            if (SeparationOfDuties.CheckApproval(risk.RecordedBy, acceptor) is not null)
                return Result<RiskDto>.Forbidden($"Separation of duties: risk {risk.Id} was recorded by {risk.RecordedBy}, who cannot accept it.");
            if (await change.IndependenceRefusalAsync(risk.RecordedBy, ct) is { } refusal)
                return Result<RiskDto>.Forbidden(refusal);
            if (SeparationOfDuties.CheckResidualRiskAcceptance(risk.Severity >= RiskSeverity.High, acceptor) is not null)
                return Result<RiskDto>.Forbidden($"Accepting a {WireName.Of(risk.Severity)} risk requires the executive_approver role.");

            var previous = risk.Treatment;
            var now = change.Now;
            risk.Treatment = RiskTreatment.Accepted;
            risk.AcceptedBy = caller.Actor.Id;
            risk.AcceptedAt = now;
            risk.AcceptanceRationale = input.Rationale!.Trim();
            risk.UpdatedBy = caller.Actor.Id;
            risk.UpdatedAt = now;
            risk.Version++;
            await change.RecordAsync(LedgerActions.RiskAccepted, new JsonObject
            {
                ["risk_id"] = risk.Id,
                ["severity"] = WireName.Of(risk.Severity),
                ["treatment_from"] = WireName.Of(previous),
                ["rationale"] = risk.AcceptanceRationale,
                ["version"] = risk.Version,
            }, ct);
            return Result<RiskDto>.Ok(RiskDto.From(risk));
        }, ct);
    }
}
