using System.Text.Json;
using Attest.Core.Common;
using Attest.Engine.Inventory;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Hosting;

internal static class ProblemDetailsSetup
{
    public static void Customize(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions.Remove("traceId");
            ctx.ProblemDetails.Extensions["trace_id"] = ctx.HttpContext.TraceIdentifier;
        };
}

/// <summary>
/// Turns malformed requests (bad JSON, unknown fields, wrong types, oversized bodies) into problem
/// details that name the field, instead of a bare 400 or a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var json = bad.InnerException as JsonException ?? exception.InnerException?.InnerException as JsonException;
        var problem = new ProblemDetails { Status = bad.StatusCode };
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            problem.Title = "Request body too large";
            problem.Detail = limit is null ? "The request body exceeds the size limit." : $"The request body exceeds the limit of {limit} bytes.";
        }
        else if (json is not null)
        {
            var field = JsonPathToField(json.Path);
            problem.Title = "Malformed request body";
            problem.Detail = Describe(json, field);
            if (field is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
        }
        else
        {
            problem.Title = "Bad request";
            problem.Detail = bad.Message;
        }
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static string Describe(JsonException json, string? field)
    {
        var message = json.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return $"Unknown field '{field}'.";
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            if (field is null) return "A value has the wrong type.";
            var allowed = EnumWords.FirstOrDefault(e => message.Contains(e.Key, StringComparison.Ordinal)).Value;
            return allowed is null ? $"Field '{field}' has the wrong type." : $"Field '{field}' must be one of: {allowed}.";
        }
        var position = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        return field is null or "" ? $"The body is not valid JSON{position}." : $"Invalid JSON at '{field}'{position}.";
    }

    // The enums a body can carry, by the type name System.Text.Json puts in its message.
    private static readonly Dictionary<string, string> EnumWords = new()
    {
        [$".{nameof(LifecycleStage)}"] = SnakeCase.Allowed<LifecycleStage>(),
        [$".{nameof(ModelKind)}"] = SnakeCase.Allowed<ModelKind>(),
        [$".{nameof(ModelProvider)}"] = SnakeCase.Allowed<ModelProvider>(),
        [$".{nameof(DeploymentEnvironment)}"] = SnakeCase.Allowed<DeploymentEnvironment>(),
        [$".{nameof(DeploymentStatus)}"] = SnakeCase.Allowed<DeploymentStatus>(),
        [$".{nameof(LegalBasis)}"] = SnakeCase.Allowed<LegalBasis>(),
        [$".{nameof(Attest.Engine.Gates.RiskSeverity)}"] = SnakeCase.Allowed<Attest.Engine.Gates.RiskSeverity>(),
        [$".{nameof(Attest.Engine.Gates.RiskTreatment)}"] = SnakeCase.Allowed<Attest.Engine.Gates.RiskTreatment>(),
        [$".{nameof(Attest.Core.Data.RiskLikelihood)}"] = SnakeCase.Allowed<Attest.Core.Data.RiskLikelihood>(),
        [$".{nameof(Attest.Engine.Gates.IncidentSeverity)}"] = SnakeCase.Allowed<Attest.Engine.Gates.IncidentSeverity>(),
        [$".{nameof(Attest.Core.Data.ReviewOutcome)}"] = SnakeCase.Allowed<Attest.Core.Data.ReviewOutcome>(),
    };

    /// <summary>"$.links[0].url" → "links[0].url".</summary>
    internal static string? JsonPathToField(string? path) => path switch
    {
        null => null,
        "$" => "",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith("$['", StringComparison.Ordinal) => path[3..].TrimEnd(']', '\''),
        _ => path.TrimStart('$'),
    };
}
