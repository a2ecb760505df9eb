using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Security;

/// <summary>The same rules as the API, for pages that change things: the matrix, then system ownership.</summary>
public sealed class PageAccess(AttestDbContext db, SystemAccess systems)
{
    /// <summary>Null when the caller may do it; otherwise the reason to show.</summary>
    public async Task<string?> RefusalAsync(HttpContext http, string permission, string? systemIdOrSlug, CancellationToken ct)
    {
        var caller = Callers.Identity(http);
        if (caller is null) return "Sign in first.";
        if (!AuthorizationMatrix.Allows(permission, caller.Roles))
            return $"Your roles ({string.Join(", ", caller.Roles)}) do not allow this.";
        if (systemIdOrSlug is null) return caller.SystemId is null ? null : "A key scoped to one system cannot do this.";
        var systemId = await db.Systems.Where(s => s.Id == systemIdOrSlug || s.Slug == systemIdOrSlug).Select(s => s.Id).FirstOrDefaultAsync(ct);
        if (systemId is null) return null;
        return await systems.CanChangeAsync(caller, systemId, ct) ? null : "You may change only the systems you own.";
    }
}
