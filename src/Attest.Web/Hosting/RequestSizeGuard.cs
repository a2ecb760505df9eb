using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Attest.Web.Hosting;

/// <summary>
/// Refuses request bodies over the limit with a 413 problem before anything reads them. The limit is
/// the endpoint's own (<see cref="IRequestSizeLimitMetadata"/>, e.g. evidence uploads) or the JSON default.
/// Kestrel enforces the same limit for bodies without a Content-Length.
/// </summary>
internal sealed class RequestSizeGuard(RequestDelegate next, AttestOptions options)
{
    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.MaxJsonBodyBytes;
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength is { } length && length > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = 413, Title = "Request body too large", Detail = $"The request body has {length} bytes; the limit is {limit} bytes." },
            });
            return;
        }
        await next(http);
    }
}
