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
            if (json is JsonInputException { Member.Length: > 0 } input)
                field = string.IsNullOrEmpty(field) ? input.Member : $"{field}.{input.Member}";
            problem.Title = "Malformed request body";
            problem.Detail = Describe(json, field);
            if (!string.IsNullOrEmpty(field)) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
        }
        else if (IsMissingBody(bad))
        {
            problem.Title = "Request body required";
            problem.Detail = "A request body is required: send the JSON object this endpoint takes (see /openapi/v1.json).";
        }
        else
        {
            problem.Title = "Bad request";
            problem.Detail = bad.Message;
        }
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    // An empty body ("Implicit body inferred … but no body was provided") or a JSON null ("Required parameter … was not provided from body").
    private static bool IsMissingBody(BadHttpRequestException bad) =>
        bad.Message.Contains("no body was provided", StringComparison.Ordinal)
        || bad.Message.Contains("was not provided from body", StringComparison.Ordinal);

    private static string Describe(JsonException json, string? field)
    {
        var message = json.Message;
        var name = string.IsNullOrEmpty(field) ? "The body" : $"Field '{field}'";
        if (json is JsonInputException input)
            return $"{name} {(input.Detail.StartsWith("appears", StringComparison.Ordinal) || input.Detail.StartsWith("is ", StringComparison.Ordinal) ? input.Detail : "is invalid: " + input.Detail)}.";
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
            return $"{name} appears twice: send each field once.";
        if (json.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF-8", StringComparison.Ordinal)
            || message.Contains("invalid UTF-8", StringComparison.OrdinalIgnoreCase))
            return $"{name} is not valid UTF-8 text.";
        if (json.InnerException is InvalidOperationException { Message: var utf16 } && (utf16.Contains("UTF-16", StringComparison.Ordinal) || utf16.Contains("surrogate", StringComparison.Ordinal)))
            return $"{name} is not valid Unicode text (it holds an escaped lone surrogate such as \\ud800).";
        if (json.InnerException is FormatException && message.Contains("could not be converted", StringComparison.Ordinal))
            return $"{name} is not a number in the range this field allows.";
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return field is not null && field.Any(char.IsUpper)
                ? $"Unknown field '{field}': field names are case-sensitive and snake_case (e.g. '{SnakeCase.Of(field)}')."
                : $"Unknown field '{field}'.";
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
        [$".{nameof(Attest.Engine.Incidents.SeriousHarm)}"] = SnakeCase.Allowed<Attest.Engine.Incidents.SeriousHarm>(),
        [$".{nameof(Attest.Engine.Incidents.IncidentStatus)}"] = SnakeCase.Allowed<Attest.Engine.Incidents.IncidentStatus>(),
        [$".{nameof(Attest.Engine.Incidents.ClockRegime)}"] = SnakeCase.Allowed<Attest.Engine.Incidents.ClockRegime>(),
        [$".{nameof(Attest.Core.Features.Incidents.ContainmentKind)}"] = SnakeCase.Allowed<Attest.Core.Features.Incidents.ContainmentKind>(),
        [$".{nameof(Attest.Core.Data.TrackedActionKind)}"] = SnakeCase.Allowed<Attest.Core.Data.TrackedActionKind>(),
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

/// <summary>
/// A write that could not get the database's write lock in time (SQLite busy or locked after its bounded
/// wait, a PostgreSQL lock timeout or deadlock) is answered 503 with Retry-After: nothing was written and
/// the same request can simply be sent again. Never a 500.
/// </summary>
internal sealed class DatabaseBusyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBusy(exception) || http.Response.HasStarted) return false;
        return await RetryLater.WriteAsync(problems, http, exception, RetryAfterSeconds, "Database busy",
            $"Another change held the database's write lock too long; nothing was written. Retry in {RetryAfterSeconds} seconds.");
    }

    internal static bool IsBusy(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }) return true; // SQLITE_BUSY, SQLITE_LOCKED
            if (e is Npgsql.PostgresException { SqlState: "55P03" or "40P01" or "40001" }) return true; // lock_not_available, deadlock, serialization
        }
        return false;
    }
}

/// <summary>
/// The database cannot be reached or dropped the connection (<see cref="Attest.Core.Data.DatabaseFailures.IsUnavailable"/>:
/// PostgreSQL restarting, down, or out of connections) — answered 503 with Retry-After, in one place for every endpoint and
/// page. Never a 500: the request was fine and can be sent again once the database is back; <c>/ready</c> says when.
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableExceptionHandler> log) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!Attest.Core.Data.DatabaseFailures.IsUnavailable(exception) || http.Response.HasStarted) return false;
        log.LogWarning("Database unavailable for {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
        return await RetryLater.WriteAsync(problems, http, exception, RetryAfterSeconds, "Database unavailable",
            $"The database cannot be reached right now; the change was not made. Retry in {RetryAfterSeconds} seconds (GET /ready answers 200 again once it is back).");
    }
}

/// <summary>A 503 problem with Retry-After: the request was fine, nothing was written, and it can be sent again.</summary>
internal static class RetryLater
{
    public static ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext http, Exception exception, int retryAfterSeconds, string title, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }
}
