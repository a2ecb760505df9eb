using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Security;

/// <summary>
/// For endpoints that change one system ({idOrSlug} in the route): product owners and ML engineers
/// must be members of it, and keys scoped to a system reach only that system. An unknown system is
/// left to the handler (404).
/// </summary>
internal sealed class SystemAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = Callers.Identity(http);
        if (caller is null || http.GetRouteValue("idOrSlug") is not string idOrSlug) return await next(context);
        var db = http.RequestServices.GetRequiredService<AttestDbContext>();
        var systemId = await db.Systems.Where(s => s.Id == idOrSlug || s.Slug == idOrSlug).Select(s => s.Id).FirstOrDefaultAsync(http.RequestAborted);
        if (systemId is null) return await next(context);
        if (await http.RequestServices.GetRequiredService<SystemAccess>().CanChangeAsync(caller, systemId, http.RequestAborted))
            return await next(context);
        return TypedResults.Problem($"You may change only the systems you own; '{idOrSlug}' is not one of them.",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
    }
}

internal static class SystemAccessExtensions
{
    /// <summary>The endpoint changes the system named by {idOrSlug}: apply ownership rules.</summary>
    public static RouteHandlerBuilder ChangesSystem(this RouteHandlerBuilder builder) => builder.AddEndpointFilter<SystemAccessFilter>();
}
