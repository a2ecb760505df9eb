using System.Collections.Concurrent;
using Attest.Core.Governance;
using Attest.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Attest.Web.Security;

/// <summary>
/// Applies the caller's read scope (<see cref="Access.ReadScopeOf"/>) to every route that addresses one system's
/// record — <c>/systems/{x}</c>, <c>/datasets/{x}</c>, <c>/evidence/{x}</c>, <c>/reviews/{x}</c>, … in the API and the
/// pages alike — before the endpoint runs (so before its body is read or validated): a record outside the scope
/// answers 404, as if it did not exist, whatever the method. A change (any method but GET and HEAD) is also checked
/// against the endpoint's permission on that record (<see cref="Access.RecordWriteRefusalAsync"/>: roles, membership,
/// shared datasets) and, for endpoints marked <see cref="InstallationWrite"/>, against the key's scope — 403 before the
/// body is read; the use case decides again on the governed write path with the same rules. Endpoints marked <see cref="LedgerWideRead"/> answer 403
/// to a caller who may read only part of the ledger. Lists filter by the same scope in their use cases.
/// </summary>
internal sealed class ReadScopeGuard(RequestDelegate next)
{
    private static readonly Dictionary<string, ReadSubject> SubjectsByCollection = new(StringComparer.Ordinal)
    {
        ["systems"] = ReadSubject.System,
        ["datasets"] = ReadSubject.Dataset,
        ["evidence"] = ReadSubject.Evidence,
        ["reviews"] = ReadSubject.Review,
        ["waivers"] = ReadSubject.Waiver,
        ["risks"] = ReadSubject.Risk,
        ["incidents"] = ReadSubject.Incident,
        ["actions"] = ReadSubject.Action,
        ["decisions"] = ReadSubject.Decision,
        // One review item of the human-oversight queue: /api/v1/oversight/queue/{item} and the page /oversight/items/{id}.
        ["queue"] = ReadSubject.ReviewItem,
        ["items"] = ReadSubject.ReviewItem,
        ["alerts"] = ReadSubject.Alert,
    };

    private static readonly ConcurrentDictionary<RoutePattern, IReadOnlyList<(ReadSubject Subject, string Parameter)>> Addressed = new();

    public async Task InvokeAsync(HttpContext http, Access access, IProblemDetailsService problems)
    {
        if (http.GetEndpoint() is not { } endpoint || Callers.Identity(http) is not { } caller)
        {
            await next(http);
            return;
        }
        if (endpoint.Metadata.GetMetadata<LedgerWideRead>() is not null && Access.LedgerWideReadRefusal(caller) is { } refusal)
        {
            await RefuseAsync(http, problems, StatusCodes.Status403Forbidden, "Forbidden", refusal);
            return;
        }
        // A change is authorized before its body is read: a refused caller learns nothing from validation.
        var permission = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? null : endpoint.Metadata.GetMetadata<RequiredPermission>()?.Name;
        if (permission is not null && endpoint.Metadata.GetMetadata<InstallationWrite>() is not null && Access.InstallationRefusal(caller, permission) is { } installation)
        {
            await RefuseAsync(http, problems, StatusCodes.Status403Forbidden, "Forbidden", installation);
            return;
        }
        if (endpoint is RouteEndpoint route)
        {
            var scope = Access.ReadScopeOf(caller);
            foreach (var (subject, parameter) in Addressed.GetOrAdd(route.RoutePattern, AddressedRecords))
            {
                if (http.Request.RouteValues[parameter] is not string key)
                    continue;
                if (await access.IsHiddenAsync(scope, subject, key, http.RequestAborted))
                {
                    await RefuseAsync(http, problems, StatusCodes.Status404NotFound, "Not found", $"No {Describe(subject)} '{key}'.");
                    return;
                }
                if (permission is not null && await access.RecordWriteRefusalAsync(caller, permission, subject, key, http.RequestAborted) is { } writeRefusal)
                {
                    await RefuseAsync(http, problems, StatusCodes.Status403Forbidden, "Forbidden", writeRefusal);
                    return;
                }
            }
        }
        await next(http);
    }

    /// <summary>The records a route addresses: each parameter that directly follows a known collection segment.</summary>
    internal static IReadOnlyList<(ReadSubject Subject, string Parameter)> AddressedRecords(RoutePattern pattern)
    {
        var found = new List<(ReadSubject, string)>();
        for (var i = 1; i < pattern.PathSegments.Count; i++)
        {
            if (pattern.PathSegments[i - 1].Parts is [RoutePatternLiteralPart literal]
                && pattern.PathSegments[i].Parts is [RoutePatternParameterPart parameter]
                && SubjectsByCollection.TryGetValue(literal.Content, out var subject))
                found.Add((subject, parameter.Name));
        }
        return found;
    }

    private static string Describe(ReadSubject subject) => subject switch
    {
        ReadSubject.System => "AI system",
        ReadSubject.Action => "tracked action",
        ReadSubject.ReviewItem => "review item",
        ReadSubject.Alert => "alert",
        _ => subject.ToString().ToLowerInvariant(),
    };

    private static async Task RefuseAsync(HttpContext http, IProblemDetailsService problems, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        if (!AttestAuthentication.IsApiRequest(http.Request))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Attest</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>"
                + $"<body><main><h1>{title}</h1><p>{System.Net.WebUtility.HtmlEncode(detail)}</p><p><a href=\"/systems\">Back to the systems</a></p></main></body></html>");
            return;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Endpoint metadata: a change that belongs to no one system (a new system, a user, a checkpoint), which a scoped key may not make.</summary>
public sealed record InstallationWrite
{
    public static InstallationWrite Instance { get; } = new();
}

/// <summary>Endpoint metadata: the endpoint reads the ledger as a whole (checkpoints, proofs), which a scoped key may not.</summary>
public sealed record LedgerWideRead
{
    public static LedgerWideRead Instance { get; } = new();
}
