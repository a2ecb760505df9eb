using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Risks;

/// <summary>Records a risk in a system's register (optionally for one model version), open or already mitigated.</summary>
public sealed class RecordRisk(AttestDbContext db, GovernedWrites writes, IdGenerator ids, ComplianceData compliance)
{
    public async Task<Result<RiskDto>> ExecuteAsync(string systemIdOrSlug, RiskInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("title", input.Title);
        errors.MaxLength("title", input.Title, RiskRules.MaxTitleLength);
        errors.MaxLength("description", input.Description, RiskRules.MaxTextLength);
        if (input.Severity is null)
            errors.Add("severity", $"is required: one of {SnakeCase.Allowed<RiskSeverity>()}");
        RiskRules.CheckTreatment(errors, input.Treatment);
        if (input.Treatment == RiskTreatment.Mitigated && string.IsNullOrWhiteSpace(input.Mitigation))
            errors.Add("mitigation", "is required when the treatment is mitigated: say how the risk was mitigated");
        errors.MaxLength("mitigation", input.Mitigation, RiskRules.MaxTextLength);
        errors.Required("owner", input.Owner);
        errors.MaxLength("owner", input.Owner, 200);
        RiskRules.CheckControl(errors, compliance, input.Control);
        if (errors.Any)
            return errors.ToResult<RiskDto>();

        return await writes.ChangeAsync(caller, Permissions.RisksWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<RiskDto>(db, system, input.ModelVersion, "model_version", ct);
            if (error is not null)
                return error;
            var risk = new Risk
            {
                Id = ids.New("rsk"),
                SystemId = system.Id,
                ModelVersionId = version?.Id,
                ModelVersionLabel = version?.Label,
                Title = input.Title!.Trim(),
                Description = RiskRules.Trimmed(input.Description),
                Severity = input.Severity!.Value,
                Likelihood = input.Likelihood,
                Treatment = input.Treatment ?? RiskTreatment.Open,
                Mitigation = RiskRules.Trimmed(input.Mitigation),
                ControlId = input.Control,
                Owner = input.Owner!.Trim(),
                RecordedBy = change.Actor.Id,
                RecordedAt = change.Now,
                Version = 1,
            };
            db.Risks.Add(risk);
            await change.RecordAsync(LedgerActions.RiskRecorded, RiskRules.Payload(risk), ct);
            return Result<RiskDto>.Ok(RiskDto.From(risk));
        }, ct);
    }
}
