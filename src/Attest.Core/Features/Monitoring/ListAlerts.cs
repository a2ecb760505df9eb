using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

public sealed record AlertQuery(string? System = null, string? State = null, int Page = 1, int PageSize = 50);

/// <summary>Monitoring alerts, newest breach first, filtered by system and state, within the caller's read scope.</summary>
public sealed class ListAlerts(AttestDbContext db)
{
    public const int MaxPageSize = 200;

    public async Task<Result<AlertPage>> ExecuteAsync(AlertQuery query, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new FieldErrors();
        AlertState? state = null;
        if (query.State is not null)
        {
            if (WireName.TryParse<AlertState>(query.State, out var s)) state = s;
            else if (query.State != "active") errors.Add("state", $"expected one of open, acknowledged, resolved, active (open or acknowledged), got '{query.State}'");
        }
        if (query.Page < 1) errors.Add("page", "must be at least 1");
        if (query.PageSize is < 1 or > MaxPageSize) errors.Add("page_size", $"must be from 1 to {MaxPageSize}");
        if (errors.Any) return errors.ToResult<AlertPage>();
        var alerts = scope.Filter(db.MonitoringAlerts.AsNoTracking(), a => a.SystemId);
        if (query.System is not null)
        {
            var system = await db.Systems.AsNoTracking().WhereIdOrSlug(query.System).Select(s => s.Id).FirstOrDefaultAsync(ct);
            if (system is null || !scope.Includes(system)) return Result<AlertPage>.NotFound($"No AI system '{query.System}'.");
            alerts = alerts.Where(a => a.SystemId == system);
        }
        if (state is { } st) alerts = alerts.Where(a => a.State == st);
        else if (query.State == "active") alerts = alerts.Where(a => a.State != AlertState.Resolved);
        var total = await alerts.CountAsync(ct);
        var rows = await alerts.OrderByDescending(a => a.LastBreachAt).ThenBy(a => a.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var ids = rows.Select(r => r.SystemId).Distinct().ToList();
        var slugs = await db.Systems.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Slug, ct);
        return Result<AlertPage>.Ok(new AlertPage(rows.Select(a => AlertDto.From(a, slugs.GetValueOrDefault(a.SystemId, a.SystemId))).ToList(), total, query.Page, query.PageSize));
    }
}

/// <summary>One alert by id (404 outside the caller's scope, applied by the read-scope guard).</summary>
public sealed class GetAlert(AttestDbContext db)
{
    public async Task<Result<AlertDto>> ExecuteAsync(string id, CancellationToken ct)
    {
        var alert = await db.MonitoringAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null) return Result<AlertDto>.NotFound($"No alert '{id}'.");
        var slug = await db.Systems.AsNoTracking().Where(s => s.Id == alert.SystemId).Select(s => s.Slug).FirstAsync(ct);
        return Result<AlertDto>.Ok(AlertDto.From(alert, slug));
    }
}
