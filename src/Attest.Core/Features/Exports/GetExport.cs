using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Kpis;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Exports;

/// <summary>One exportable register: its name (in URLs and on the command line) and the permission its page reads with.</summary>
public sealed record ExportKind(string Name, string Title, string Permission, string Description, bool HasPeriod = false);

/// <summary>The period of an export that has one (the KPI history): two days, YYYY-MM-DD, inclusive.</summary>
public sealed record ExportPeriod(string? From = null, string? To = null);

/// <summary>
/// The registers leadership and auditors take away as CSV or XLSX — the compliance matrix, the portfolio's risk register,
/// the waiver register and the programme's KPI values — over what the reader may see (<see cref="ReadScope"/>). Each is
/// read by the same use case as the page it comes from, and needs the same permission.
/// </summary>
public sealed class GetExport(AttestDbContext db, GetComplianceMatrix matrix, ListWaivers waivers, GetKpis kpis, GetKpiSeries series)
{
    public static readonly IReadOnlyList<ExportKind> Kinds =
    [
        new("compliance-matrix", "Compliance matrix", Permissions.ControlsRead, "every system × every control it requires, with its status"),
        new("risk-register", "Risk register", Permissions.RisksRead, "every recorded risk of every system, its severity, likelihood, treatment and owner"),
        new("waiver-register", "Waiver register", Permissions.GatesRead, "every waiver: control, justification, risk owner, state and expiry"),
        new("kpis", "Programme KPIs", Permissions.InventoryRead, "every KPI's value, target, status, numerator and denominator as of now"),
        new("kpi-history", "KPI history", Permissions.InventoryRead,
            "one row per KPI per day from the daily snapshots of the whole portfolio (from, to: YYYY-MM-DD; default the 90 days to yesterday)", HasPeriod: true),
    ];

    public static ExportKind? Find(string? name) => Kinds.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    /// <summary>Parses "csv" or "xlsx"; null for anything else.</summary>
    public static ExportFormat? ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    public Task<Result<ExportTable>> ExecuteAsync(string name, ReadScope scope, CancellationToken ct) => ExecuteAsync(name, new ExportPeriod(), scope, ct);

    /// <summary>The export <paramref name="name"/>; <paramref name="period"/> is read by the exports that have one (the KPI history).</summary>
    public async Task<Result<ExportTable>> ExecuteAsync(string name, ExportPeriod period, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        return Find(name)?.Name switch
        {
            "compliance-matrix" => Result<ExportTable>.Ok(ComplianceMatrixTable(await matrix.ExecuteAsync(scope, ct))),
            "risk-register" => Result<ExportTable>.Ok(await RiskRegisterAsync(scope, ct)),
            "waiver-register" => Result<ExportTable>.Ok(WaiverRegister((await waivers.ExecuteAsync(new WaiverQuery(), scope, ct)).Value ?? [])),
            "kpis" => await KpisAsync(scope, ct),
            "kpi-history" => await KpiHistoryAsync(period, scope, ct),
            _ => Result<ExportTable>.NotFound($"No export \"{name}\"; the exports are {string.Join(", ", Kinds.Select(k => k.Name))}."),
        };
    }

    private async Task<Result<ExportTable>> KpisAsync(ReadScope scope, CancellationToken ct)
    {
        var report = await kpis.ExecuteAsync(scope, new KpiQuery(), ct);
        return report.IsOk ? Result<ExportTable>.Ok(KpiTable(report.Value!)) : report.As<ExportTable>();
    }

    private async Task<Result<ExportTable>> KpiHistoryAsync(ExportPeriod period, ReadScope scope, CancellationToken ct)
    {
        var history = await series.AllAsync(scope, period.From, period.To, ct);
        return history.IsOk ? Result<ExportTable>.Ok(KpiHistoryTable(history.Value!)) : history.As<ExportTable>();
    }

    /// <summary>One row per KPI per day: the day, the KPI, its value, unit, target and direction, status, numerator, denominator and p90.</summary>
    public static ExportTable KpiHistoryTable(KpiHistoryView history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var rows = history.Points.Select(p => new object?[]
        {
            p.Point.Day, p.Kpi.Id, p.Kpi.Name, p.Point.Value, WireName.Of(p.Kpi.Unit), p.Kpi.Target, WireName.Of(p.Kpi.Direction), WireName.Of(p.Point.Status),
            p.Point.Numerator, p.Point.Denominator, p.Point.P90,
        }).ToList();
        return new ExportTable("kpi-history", "KPI history",
            ["day", "kpi", "name", "value", "unit", "target", "direction", "status", "numerator", "denominator", "p90"], rows);
    }

    /// <summary>One row per system and required control, the columns of the matrix's CSV (<see cref="GetComplianceMatrix.CsvHeader"/>).</summary>
    public static ExportTable ComplianceMatrixTable(ComplianceMatrix m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var rows = new List<object?[]>();
        foreach (var system in m.Systems.Where(s => s.Classified))
        {
            foreach (var control in m.Controls.Where(c => system.Statuses.ContainsKey(c.Id)))
            {
                rows.Add([system.Slug, system.Name, WireName.Of(system.EffectiveClass!.Value), WireName.Of(system.Tier!.Value),
                    control.Id, control.Title, WireName.Of(system.Statuses[control.Id]), string.Join(' ', control.Requirements)]);
            }
        }
        return new ExportTable("compliance-matrix", "Compliance matrix", GetComplianceMatrix.CsvHeader.Split(','), rows);
    }

    private async Task<ExportTable> RiskRegisterAsync(ReadScope scope, CancellationToken ct)
    {
        var risks = await scope.Filter(db.Risks.AsNoTracking(), r => r.SystemId).ToListAsync(ct);
        var ids = risks.Select(r => r.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Slug, s.Name, s.Tier })
            .ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        var rows = risks
            .OrderBy(r => systems[r.SystemId].Name, StringComparer.OrdinalIgnoreCase).ThenByDescending(r => r.Severity).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new object?[]
            {
                r.Id, systems[r.SystemId].Slug, systems[r.SystemId].Name, systems[r.SystemId].Tier, r.Title, r.Description,
                WireName.Of(r.Severity), r.Likelihood is { } l ? SnakeCase.FromEnum(l) : null, WireName.Of(r.Treatment), r.Owner, r.Mitigation, r.ControlId,
                r.ModelVersionLabel, r.RecordedBy, r.RecordedAt, r.AcceptedBy, r.AcceptedAt, r.AcceptanceRationale,
            }).ToList();
        return new ExportTable("risk-register", "Risk register",
            ["risk", "system", "system_name", "tier", "title", "description", "severity", "likelihood", "treatment", "owner", "mitigation", "control",
                "model_version", "recorded_by", "recorded_at", "accepted_by", "accepted_at", "acceptance_rationale"], rows);
    }

    public static ExportTable WaiverRegister(IReadOnlyList<WaiverView> waivers)
    {
        ArgumentNullException.ThrowIfNull(waivers);
        var rows = waivers.Select(w => new object?[]
        {
            w.Id, w.SystemSlug, w.SystemName, w.Control, w.ControlTitle, w.ModelVersion, WireName.Of(w.State), w.Expired, w.ExpiresOn, w.DaysToExpiry,
            w.Justification, w.CompensatingControls, w.RiskOwner, w.RequestedBy, w.RequestedAt, w.ApprovedBy, w.ApprovedAt, w.RejectedBy, w.RejectedAt, w.RejectionReason,
        }).ToList();
        return new ExportTable("waiver-register", "Waiver register",
            ["waiver", "system", "system_name", "control", "control_title", "model_version", "state", "expired", "expires_on", "days_to_expiry",
                "justification", "compensating_controls", "risk_owner", "requested_by", "requested_at", "approved_by", "approved_at", "rejected_by", "rejected_at", "rejection_reason"], rows);
    }

    public static ExportTable KpiTable(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Kpis.Select(k => new object?[]
        {
            k.Id, k.Name, k.Value, WireName.Of(k.Definition.Unit), k.Target, WireName.Of(k.Definition.Direction), WireName.Of(k.Status),
            k.Numerator, k.Denominator, k.P90, report.AsOf, k.Reason, k.Definition.Numerator, k.Definition.Denominator,
        }).ToList();
        return new ExportTable("kpis", "Programme KPIs",
            ["kpi", "name", "value", "unit", "target", "direction", "status", "numerator", "denominator", "p90", "as_of", "reason", "numerator_definition", "denominator_definition"], rows);
    }
}
