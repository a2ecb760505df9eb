using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>The decision log of a system, newest first, by route and occurrence time.</summary>
public sealed class ListDecisions(AttestDbContext db, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public async Task<Result<DecisionPage>> ExecuteAsync(string systemIdOrSlug, string? route, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        DecisionRoute? wanted = null;
        if (!string.IsNullOrWhiteSpace(route))
        {
            if (Engine.Classification.WireName.TryParse<DecisionRoute>(route, out var r)) wanted = r;
            else errors.Add("route", "must be auto or human_review");
        }
        if (page < 1) errors.Add("page", "must be at least 1");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("page_size", $"must be from 1 to {MaxPageSize}");
        if (from is not null && to is not null && to < from) errors.Add("to", "must not be before from");
        if (errors.Any) return errors.ToResult<DecisionPage>();
        var systemId = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).Select(s => s.Id).FirstOrDefaultAsync(ct);
        if (systemId is null) return Result<DecisionPage>.NotFound($"No AI system '{systemIdOrSlug}'.");

        var query = db.Decisions.AsNoTracking().Where(d => d.SystemId == systemId);
        if (wanted is { } w) query = query.Where(d => d.Route == w);
        if (from is { } f) query = query.Where(d => d.OccurredAt >= f);
        if (to is { } t) query = query.Where(d => d.OccurredAt < t);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.OccurredAt).ThenByDescending(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return Result<DecisionPage>.Ok(new DecisionPage(await DecisionViews.ToDtosAsync(db, rows, time.GetUtcNow(), ct), total, page, pageSize));
    }
}
