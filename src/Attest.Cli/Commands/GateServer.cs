using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Attest.Cli.Commands;

/// <summary>
/// Requests of the CLI verbs' server mode (<c>--server URL --token T</c>) to an Attest server's REST API with an API key;
/// any failure — no token, a bad URL, no answer, an answer other than the expected status — is bad input (exit 2) in one
/// line naming the problem's field when there is one.
/// </summary>
internal static class GateServer
{
    /// <summary>The body of a 200 response to <paramref name="path"/> (relative to the server's base URL).</summary>
    public static async Task<string> GetAsync(string serverUrl, string? token, string path, CancellationToken ct) =>
        System.Text.Encoding.UTF8.GetString(await SendAsync(serverUrl, token, HttpMethod.Get, path, null, HttpStatusCode.OK, ct));

    /// <summary>The body of the answer to <paramref name="method"/> <paramref name="path"/>, which must have the <paramref name="expected"/> status.</summary>
    public static async Task<byte[]> SendAsync(string serverUrl, string? token, HttpMethod method, string path, HttpContent? content, HttpStatusCode expected, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token))
            throw new CliUsageException("--server needs --token T (or $ATTEST_TOKEN): an API key with the permission the command needs.");
        if (!Uri.TryCreate(serverUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--server: expected an http(s) URL, got '{serverUrl}'.");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(120) };
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliUsageException($"--server {serverUrl}: {e.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode != expected)
                throw new CliUsageException($"--server {serverUrl}: {(int)response.StatusCode} {ProblemText(System.Text.Encoding.UTF8.GetString(body)) ?? response.ReasonPhrase}");
            return body;
        }
    }

    private static string? ProblemText(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any())
                return string.Join("; ", errors.EnumerateObject().Select(f => $"{f.Name}: {(f.Value.ValueKind == JsonValueKind.Array ? string.Join("; ", f.Value.EnumerateArray().Select(v => v.ToString())) : f.Value.ToString())}"));
            return root.TryGetProperty("detail", out var detail) ? detail.GetString()
                : root.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
