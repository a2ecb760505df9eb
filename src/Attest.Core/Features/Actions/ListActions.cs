using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Actions;

/// <summary>Tracked actions, optionally of one system and in one status; overdue first, then by due day.</summary>
public sealed class ListActions(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<TrackedActionDto>>> ExecuteAsync(string? system, TrackedActionStatus? status, ReadScope scope, CancellationToken ct)
    {
        string? systemId = null;
        if (system is not null)
        {
            var found = await db.FindSystemAsync(system, ct);
            if (found is null || !scope.Includes(found.Id))
                return Result<IReadOnlyList<TrackedActionDto>>.Invalid("system", $"no AI system '{system}'");
            systemId = found.Id;
        }
        var query = scope.Filter(db.Actions.AsNoTracking(), a => a.SystemId);
        if (systemId is not null) query = query.Where(a => a.SystemId == systemId);
        if (status is { } s) query = query.Where(a => a.Status == s);
        var actions = await query.ToListAsync(ct);
        var ids = actions.Select(a => a.SystemId).Distinct().ToList();
        var slugs = await db.Systems.AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Slug, ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        IReadOnlyList<TrackedActionDto> result = actions.Select(a => TrackedActionDto.From(a, slugs[a.SystemId], today))
            .OrderByDescending(a => a.Overdue).ThenBy(a => a.Status).ThenBy(a => a.DueOn).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToArray();
        return Result<IReadOnlyList<TrackedActionDto>>.Ok(result);
    }
}
