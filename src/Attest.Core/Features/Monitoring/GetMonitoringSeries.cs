using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>The time series of one signal over [from, to] (default: the last 30 days), oldest first.</summary>
public sealed class GetMonitoringSeries(AttestDbContext db, TimeProvider time)
{
    public const int MaxPoints = 10_000;

    public async Task<Result<SignalSeriesDto>> ExecuteAsync(string systemIdOrSlug, string? signal, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(signal)) return Result<SignalSeriesDto>.Invalid("signal", "is required: the id of a signal of the plan");
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (end < start) return Result<SignalSeriesDto>.Invalid("to", "must not be before from");
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).Select(s => new { s.Id, s.Slug }).FirstOrDefaultAsync(ct);
        if (system is null) return Result<SignalSeriesDto>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var known = await db.MonitoringPoints.AsNoTracking().AnyAsync(p => p.SystemId == system.Id && p.SignalId == signal, ct)
            || (await MonitoringPlans.InForceAsync(db, system.Id, ct) is { } plan && MonitoringPlans.Plan(plan).Signals.Any(s => s.Id == signal));
        if (!known) return Result<SignalSeriesDto>.NotFound($"AI system '{system.Slug}' has no signal '{signal}'.");
        var points = await db.MonitoringPoints.AsNoTracking()
            .Where(p => p.SystemId == system.Id && p.SignalId == signal && p.EvaluatedAt >= start && p.EvaluatedAt <= end)
            .OrderByDescending(p => p.EvaluatedAt).ThenByDescending(p => p.Id).Take(MaxPoints).ToListAsync(ct);
        points.Reverse();
        return Result<SignalSeriesDto>.Ok(new SignalSeriesDto(system.Slug, signal, start, end, points.Select(p => new SeriesPointDto(p.EvaluatedAt, p.Value, p.Lower, p.Upper, p.N,
            WireName.Of(p.Status), p.ModelVersionLabel, p.Threshold, p.Comparator, p.Target, p.AlertId)).ToList()));
    }
}

/// <summary>The delivery log of a system: every attempt's last answer, newest first.</summary>
public sealed class ListDeliveries(AttestDbContext db)
{
    public async Task<Result<IReadOnlyList<DeliveryDto>>> ExecuteAsync(string systemIdOrSlug, int limit, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).Select(s => s.Id).FirstOrDefaultAsync(ct);
        if (system is null) return Result<IReadOnlyList<DeliveryDto>>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var rows = await db.AlertDeliveries.AsNoTracking().Where(d => d.SystemId == system).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return Result<IReadOnlyList<DeliveryDto>>.Ok(rows.Select(DeliveryDto.From).ToList());
    }
}
