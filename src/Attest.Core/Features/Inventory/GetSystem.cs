using Attest.Core.Common;
using Attest.Core.Data;

namespace Attest.Core.Features.Inventory;

/// <summary>One system with its models, deployments and the datasets they use.</summary>
public sealed class GetSystem(AttestDbContext db)
{
    public async Task<Result<SystemDetails>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.LoadFullAsync(idOrSlug, ct);
        return system is null
            ? Result<SystemDetails>.NotFound($"No AI system '{idOrSlug}'.")
            : Result<SystemDetails>.Ok(await db.ToDetailsAsync(system, ct));
    }
}
