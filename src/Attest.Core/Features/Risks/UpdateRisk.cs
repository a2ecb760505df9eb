using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Risks;

/// <summary>
/// Changes a risk (only the fields given). Mitigating needs a mitigation text. An accepted risk whose severity
/// changes is open again: the acceptance was given for the old severity.
/// </summary>
public sealed class UpdateRisk(AttestDbContext db, GovernedWrites writes, ComplianceData compliance)
{
    public async Task<Result<RiskDto>> ExecuteAsync(string riskId, RiskUpdateInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Title is not null) errors.Required("title", input.Title);
        errors.MaxLength("title", input.Title, RiskRules.MaxTitleLength);
        errors.MaxLength("description", input.Description, RiskRules.MaxTextLength);
        errors.MaxLength("mitigation", input.Mitigation, RiskRules.MaxTextLength);
        if (input.Owner is not null) errors.Required("owner", input.Owner);
        errors.MaxLength("owner", input.Owner, 200);
        RiskRules.CheckTreatment(errors, input.Treatment);
        RiskRules.CheckControl(errors, compliance, input.Control);
        if (errors.Any)
            return errors.ToResult<RiskDto>();

        return await writes.ChangeAsync(caller, Permissions.RisksWrite,
            WriteTarget.SystemOf(db.Risks.Where(x => x.Id == riskId).Select(x => x.SystemId), $"No risk '{riskId}'."), async change =>
        {
            var risk = await db.Risks.FirstAsync(x => x.Id == riskId, ct);
            if (expectedVersion is { } expected && expected != risk.Version)
                return Result<RiskDto>.PreconditionFailed($"Risk {risk.Id} is at version {risk.Version}, not {expected}: read it again and retry.");
            var mitigation = input.Mitigation is null ? risk.Mitigation : RiskRules.Trimmed(input.Mitigation);
            if (input.Treatment == RiskTreatment.Mitigated && mitigation is null)
                return Result<RiskDto>.Invalid("mitigation", "is required when the treatment is mitigated: say how the risk was mitigated");

            var previousSeverity = risk.Severity;
            var previousTreatment = risk.Treatment;
            if (input.Title is not null) risk.Title = input.Title.Trim();
            if (input.Description is not null) risk.Description = RiskRules.Trimmed(input.Description);
            if (input.Severity is { } severity) risk.Severity = severity;
            if (input.Likelihood is { } likelihood) risk.Likelihood = likelihood;
            if (input.Control is not null) risk.ControlId = input.Control;
            if (input.Owner is not null) risk.Owner = input.Owner.Trim();
            risk.Mitigation = mitigation;
            if (input.Treatment is { } treatment) risk.Treatment = treatment;
            else if (previousTreatment == RiskTreatment.Accepted && risk.Severity != previousSeverity) risk.Treatment = RiskTreatment.Open;
            if (risk.Treatment != RiskTreatment.Accepted)
            {
                risk.AcceptedBy = null;
                risk.AcceptedAt = null;
                risk.AcceptanceRationale = null;
            }
            risk.UpdatedBy = change.Actor.Id;
            risk.UpdatedAt = change.Now;
            risk.Version++;
            var payload = RiskRules.Payload(risk);
            payload["treatment_from"] = WireName.Of(previousTreatment);
            payload["severity_from"] = WireName.Of(previousSeverity);
            await change.RecordAsync(LedgerActions.RiskUpdated, payload, ct);
            return Result<RiskDto>.Ok(RiskDto.From(risk));
        }, ct);
    }
}
