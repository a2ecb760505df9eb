using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Asks for an exception to one required control: justification, compensating controls, risk owner and an expiry
/// no later than the tier's maximum (data/reviews/policy.yaml). It counts only once someone else approves it.
/// </summary>
public sealed class RequestWaiver(AttestDbContext db, GovernedWrites writes, IdGenerator ids, GateData gates, ComplianceData compliance)
{
    public const int MaxTextLength = 4000;

    public async Task<Result<WaiverDto>> ExecuteAsync(WaiverInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("system", input.System);
        errors.Required("control", input.Control);
        errors.Required("justification", input.Justification);
        errors.Required("compensating_controls", input.CompensatingControls);
        errors.Required("risk_owner", input.RiskOwner);
        errors.MaxLength("justification", input.Justification, MaxTextLength);
        errors.MaxLength("compensating_controls", input.CompensatingControls, MaxTextLength);
        errors.MaxLength("risk_owner", input.RiskOwner, 200);
        if (input.ExpiresOn is null)
            errors.Add("expires_on", "is required (yyyy-MM-dd)");
        if (errors.Any)
            return errors.ToResult<WaiverDto>();

        return await writes.ChangeAsync(caller, Permissions.WaiversRequest, WriteTarget.System(input.System!), async change =>
        {
            var system = change.System;
            var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<WaiverDto>(db, system, input.ModelVersion, "model_version", ct);
            if (error is not null)
                return error;
            var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
            if (latest is null)
                return Result<WaiverDto>.Conflict($"AI system '{system.Slug}' has not been classified yet, so it requires no controls to waive.");
            if (!(await RequiredControls.OfAsync(db, compliance, system.Id, latest, ct)).Any(c => c.Id == input.Control))
                return Result<WaiverDto>.Invalid("control", $"AI system '{system.Slug}' does not require {input.Control} under its current classification.");
            var now = change.Now;
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (!latest.IsComplete)
                return Result<WaiverDto>.Conflict(ClassificationRecords.NotReady(system, latest)!);
            var policy = gates.PolicyFor(latest.Tier);
            var latestAllowed = today.AddDays(policy.WaiverMaxDays);
            if (input.ExpiresOn!.Value <= today)
                return Result<WaiverDto>.Invalid("expires_on", $"must be after today ({Day(today)}).");
            if (input.ExpiresOn.Value > latestAllowed)
                return Result<WaiverDto>.Invalid("expires_on",
                    $"a waiver for a {WireName.Of(latest.Tier)}-tier system runs at most {policy.WaiverMaxDays} days: on or before {Day(latestAllowed)}.");

            var waiver = new Waiver
            {
                Id = ids.New("wv"),
                SystemId = system.Id,
                ModelVersionId = version?.Id,
                ControlId = input.Control!,
                Justification = input.Justification!.Trim(),
                CompensatingControls = input.CompensatingControls!.Trim(),
                RiskOwner = input.RiskOwner!.Trim(),
                ExpiresOn = input.ExpiresOn.Value,
                State = WaiverState.Requested,
                RequestedBy = change.Actor.Id,
                RequestedAt = now,
                Version = 1,
            };
            db.Waivers.Add(waiver);
            await change.RecordAsync(LedgerActions.WaiverRequested, new JsonObject
            {
                ["waiver_id"] = waiver.Id,
                ["control_id"] = waiver.ControlId,
                ["model_version"] = version?.Label,
                ["justification"] = waiver.Justification,
                ["compensating_controls"] = waiver.CompensatingControls,
                ["risk_owner"] = waiver.RiskOwner,
                ["expires_on"] = Day(waiver.ExpiresOn),
            }, ct);
            return Result<WaiverDto>.Ok(WaiverDto.From(waiver));
        }, ct);
    }

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
