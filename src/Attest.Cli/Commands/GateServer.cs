using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Attest.Cli.Commands;

/// <summary>GET requests of `attest gate` and `attest gate export` to an Attest server with an API key; any failure is bad input (exit 2) in one line.</summary>
internal static class GateServer
{
    /// <summary>The body of a 200 response to <paramref name="path"/> (relative to the server's base URL).</summary>
    public static async Task<string> GetAsync(string serverUrl, string? token, string path, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token))
            throw new CliUsageException("--server needs --token T (or $ATTEST_TOKEN): an API key with gates.read.");
        if (!Uri.TryCreate(serverUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--server: expected an http(s) URL, got '{serverUrl}'.");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliUsageException($"--server {serverUrl}: {e.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new CliUsageException($"--server {serverUrl}: {(int)response.StatusCode} {ProblemText(body) ?? response.ReasonPhrase}");
            return body;
        }
    }

    private static string? ProblemText(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                    return $"{field.Name}: {field.Value[0].GetString()}";
            }
            return root.TryGetProperty("detail", out var detail) ? detail.GetString()
                : root.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
