using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Attest.Web.Tests.Support;

/// <summary>
/// Submits the server-rendered forms as a browser would: GET the page for its antiforgery token (the client keeps the
/// antiforgery cookie), then POST the fields with the form's name in <c>_handler</c>. Use a client that does not
/// follow redirects itself.
/// </summary>
public static partial class PageForms
{
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string bearer, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request, ct);
    }

    public static async Task<string> GetHtmlAsync(HttpClient client, string path, string bearer, CancellationToken ct)
    {
        using var response = await GetAsync(client, path, bearer, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>POSTs <paramref name="fields"/> to <paramref name="path"/> as the form <paramref name="formName"/>, with a token read from <paramref name="tokenPage"/> (default: the same path).</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> PostAsync(
        HttpClient client, string path, string formName, IReadOnlyDictionary<string, string> fields, string bearer, CancellationToken ct, string? tokenPage = null)
    {
        var page = await GetHtmlAsync(client, tokenPage ?? path, bearer, ct);
        var token = TokenPattern().Match(page);
        if (!token.Success)
            throw new InvalidOperationException($"{tokenPage ?? path} rendered no antiforgery token.");
        var body = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var response = await client.SendAsync(request, ct);
        // HttpClient drops the Authorization header on redirects: follow post/redirect/get by hand, still as the same caller.
        if (response.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.SeeOther && response.Headers.Location is { } location)
        {
            response.Dispose();
            response = await GetAsync(client, location.OriginalString.Split('#')[0], bearer, ct);
        }
        return (response, await response.Content.ReadAsStringAsync(ct));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
