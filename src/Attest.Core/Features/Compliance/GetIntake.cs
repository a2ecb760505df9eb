using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>A system's intake: the latest answers and the list of every version.</summary>
public sealed class GetIntake(AttestDbContext db)
{
    public async Task<Result<SystemIntakeView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<SystemIntakeView>.NotFound($"No AI system '{idOrSlug}'.");
        var versions = await db.IntakeVersions.AsNoTracking().Where(v => v.SystemId == system.Id).OrderByDescending(v => v.Number).ToListAsync(ct);
        var summaries = versions.Select(v => new IntakeVersionSummary(v.Id, v.Number, v.AnsweredBy, v.AnsweredAt)).ToArray();
        JsonElement? answers = versions.Count == 0 ? null : JsonDocument.Parse(versions[0].AnswersJson).RootElement.Clone();
        return Result<SystemIntakeView>.Ok(new SystemIntakeView(system.Id, system.Slug, summaries.FirstOrDefault(), answers, summaries));
    }
}
