using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Ledger;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Risks;

/// <summary>
/// Accepts the residual risk of a register entry, with a rationale. Separation of duties: never by whoever recorded
/// the risk, and a high or critical risk only by an executive approver. A key scoped to a system accepts only that system's risks.
/// </summary>
public sealed class AcceptRisk(AttestDbContext db, TimeProvider time)
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

        return await db.InTransactionAsync(async () =>
        {
            var risk = await db.Risks.FirstOrDefaultAsync(r => r.Id == riskId, ct);
            if (risk is null)
                return Result<RiskDto>.NotFound($"No risk '{riskId}'.");
            if (expectedVersion is { } expected && expected != risk.Version)
                return Result<RiskDto>.PreconditionFailed($"Risk {risk.Id} is at version {risk.Version}, not {expected}: read it again and retry.");
            if (risk.Treatment == RiskTreatment.Accepted)
                return Result<RiskDto>.Conflict($"Risk {risk.Id} is already accepted (by {risk.AcceptedBy}).");
            if (caller.SystemId is { } scoped && scoped != risk.SystemId)
                return Result<RiskDto>.Forbidden($"This key is scoped to another system than the one of risk {risk.Id}.");
            var acceptor = new DutyHolder(caller.Actor.Id, caller.Roles);
            if (SeparationOfDuties.CheckApproval(risk.RecordedBy, acceptor) is not null)
                return Result<RiskDto>.Forbidden($"Separation of duties: risk {risk.Id} was recorded by {risk.RecordedBy}, who cannot accept it.");
            if (SeparationOfDuties.CheckResidualRiskAcceptance(risk.Severity >= RiskSeverity.High, acceptor) is not null)
                return Result<RiskDto>.Forbidden($"Accepting a {WireName.Of(risk.Severity)} risk requires the executive_approver role.");

            var previous = risk.Treatment;
            var now = time.GetUtcNow();
            risk.Treatment = RiskTreatment.Accepted;
            risk.AcceptedBy = caller.Actor.Id;
            risk.AcceptedAt = now;
            risk.AcceptanceRationale = input.Rationale!.Trim();
            risk.UpdatedBy = caller.Actor.Id;
            risk.UpdatedAt = now;
            risk.Version++;
            await LedgerWriter.AppendAsync(db, time, caller.Actor, "risk.accepted", $"system:{risk.SystemId}", new JsonObject
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
