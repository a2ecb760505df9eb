using Microsoft.Net.Http.Headers;

namespace Attest.Web.Api;

/// <summary>
/// A file sent either as the request body (one of the endpoint's media types) or as the <c>file</c> part of a
/// multipart form — read whole, or a problem: 400 without a file part or over the cap, 415 for another content type,
/// the server's own status when the body outgrows the request limit while it is read.
/// </summary>
internal static class UploadedFile
{
    /// <param name="what">What the file is, for the messages ("the training CSV").</param>
    /// <param name="mediaTypes">Media types accepted as the body itself.</param>
    public static async Task<(byte[] Content, string? FileName, IResult? Problem)> ReadAsync(
        HttpContext http, string what, IReadOnlyList<string> mediaTypes, long? maxBytes, CancellationToken ct)
    {
        try
        {
            using var buffer = new MemoryStream();
            if (http.Request.HasFormContentType)
            {
                var (form, malformed) = await MultipartForms.ReadAsync(http, ct);
                if (malformed is not null) return ([], null, malformed);
                if (form.Files.GetFile("file") is not { } file)
                    return ([], null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"is required: {what}"] }, "file: is required", title: "Invalid request"));
                if (file.Length > maxBytes)
                    return ([], null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"is {file.Length} bytes; {what} may hold at most {maxBytes / (1024 * 1024)} MiB"] }, title: "Invalid request"));
                await file.CopyToAsync(buffer, ct);
                return (buffer.ToArray(), file.FileName, null);
            }
            if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && mediaTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            {
                await http.Request.Body.CopyToAsync(buffer, ct);
                return (buffer.ToArray(), null, null);
            }
            return ([], null, TypedResults.Problem($"Send {what} as {string.Join(" or ", mediaTypes)}, or as the 'file' part of multipart/form-data; got {http.Request.ContentType ?? "no content type"}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }
        catch (BadHttpRequestException e)
        {
            // The body outgrew the limit while it was read (no Content-Length up front).
            return ([], null, TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "Invalid request body"));
        }
    }
}
