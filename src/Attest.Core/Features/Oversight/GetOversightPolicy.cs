using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>A system's oversight policy: the version in force and the list of versions.</summary>
public sealed class GetOversightPolicy(AttestDbContext db)
{
    public async Task<Result<OversightPolicyView>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).Select(s => new { s.Id, s.Slug }).FirstOrDefaultAsync(ct);
        if (system is null) return Result<OversightPolicyView>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var versions = await db.OversightPolicies.AsNoTracking().Where(p => p.SystemId == system.Id).OrderByDescending(p => p.Version).ToListAsync(ct);
        var inForce = versions.FirstOrDefault(v => v.Status == PolicyStatus.InForce);
        var note = inForce is null
            ? "No oversight policy is in force: every decision of this system goes to human review (reason no_policy_in_force)."
            : $"Version {inForce.Version} is in force since {inForce.ApprovedAt:yyyy-MM-dd HH:mm} UTC.";
        return Result<OversightPolicyView>.Ok(new OversightPolicyView(system.Slug, inForce is null ? null : OversightPolicies.ToDto(inForce),
            versions.Select(OversightPolicies.ToDto).ToList(), note));
    }
}
