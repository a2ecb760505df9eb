using Attest.Core.Common;
using Microsoft.Net.Http.Headers;

namespace Attest.Web.Api;

/// <summary>Maps use-case results to HTTP: values to 200/201, failures to RFC 9457 problem details.</summary>
internal static class ApiResults
{
    public static IResult Problem<T>(Result<T> result) => result.Kind switch
    {
        ResultKind.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        ResultKind.Invalid => TypedResults.ValidationProblem(result.Errors, result.Message, title: "Invalid request"),
        ResultKind.Conflict => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: result.Errors.Count > 0 ? new Dictionary<string, object?> { ["errors"] = result.Errors } : null),
        ResultKind.PreconditionFailed => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed"),
        ResultKind.Forbidden => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        ResultKind.Unavailable => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable"),
        ResultKind.InsufficientStorage => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status507InsufficientStorage, title: "Insufficient storage"),
        _ => throw new InvalidOperationException($"Result kind {result.Kind} is not a failure."),
    };

    public static IResult Map<T>(Result<T> result, Func<T, IResult> ok) => result.IsOk ? ok(result.Value!) : Problem(result);

    /// <summary>200 with an ETag carrying the resource's version.</summary>
    public static IResult WithETag<T>(HttpContext http, T value, int version)
    {
        http.Response.Headers.ETag = ETags.Format(version);
        return TypedResults.Ok(value);
    }

    public static IResult CreatedWithETag<T>(HttpContext http, string location, T value, int version)
    {
        http.Response.Headers.ETag = ETags.Format(version);
        return TypedResults.Created(location, value);
    }
}

/// <summary>Optimistic concurrency: a resource's ETag is its version; If-Match must name it.</summary>
internal static class ETags
{
    public static string Format(int version) => $"\"{version}\"";

    /// <summary>
    /// The version an If-Match header expects: null when absent or "*"; an error result when malformed.
    /// If-Match compares strongly (RFC 9110 §13.1.1): a weak tag (<c>W/"1"</c>) never matches, so it is a 412.
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out int? expected, out IResult? error)
    {
        expected = null;
        error = null;
        var header = request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return true;
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            error = TypedResults.Problem($"If-Match uses strong comparison, and the weak ETag {value} never matches one: send the ETag exactly as this API returned it, such as \"3\".",
                statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");
            return false;
        }
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            expected = v;
            return true;
        }
        error = TypedResults.Problem($"If-Match must be an ETag returned by this API, such as \"3\"; got {header}.",
            statusCode: StatusCodes.Status400BadRequest, title: "Invalid If-Match header");
        return false;
    }
}
