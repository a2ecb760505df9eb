using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using CsCheck;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Hostile;

/// <summary>
/// Issue 12, part 5: generated hostile bodies against every endpoint that takes a JSON body (found from the app's
/// own endpoint metadata, so a new endpoint is fuzzed without being listed here) and against the multipart
/// evidence upload. Whatever is sent, the answer is never a 5xx, and a refused request writes nothing.
/// </summary>
public sealed class InputFuzzTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>, IAsyncLifetime
{
    private const int SamplesPerEndpoint = 24;
    private HttpClient _client = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var key = await app.Factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "fuzz-" + Guid.NewGuid().ToString("N")[..8], Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!);
        _client = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record BodyEndpoint(string Method, string Path, Type? InputType);

    /// <summary>Every /api/v1 endpoint that changes something and reads a JSON body, with its route filled in.</summary>
    private IReadOnlyList<BodyEndpoint> JsonEndpoints()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var list = new List<BodyEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var path = endpoint.RoutePattern.RawText ?? "";
            if (!path.StartsWith("/api/v1", StringComparison.Ordinal)) continue;
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            if (accepts is null || !accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                list.Add(new BodyEndpoint(method, Fill(endpoint), accepts.RequestType));
        }
        return list;
    }

    /// <summary>Route parameters get values of the demo portfolio, so bodies reach the use cases' own checks.</summary>
    private static string Fill(RouteEndpoint endpoint)
    {
        var path = endpoint.RoutePattern.RawText!;
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            var value = parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "1"
                : parameter.Name.Contains("slug", StringComparison.OrdinalIgnoreCase) || parameter.Name == "idOrSlug" ? "credit-scoring"
                : "fuzz_" + parameter.Name;
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + parameter.Name + "[^}]*\\}", value);
        }
        return path;
    }

    /// <summary>The snake_case field names of an input type and of the types it holds, which the generator favours.</summary>
    private static string[] FieldNames(Type? type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        void Walk(Type? t, int depth)
        {
            if (t is null || depth > 3 || !seen.Add(t) || t.IsPrimitive || t == typeof(string) || t.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !t.IsGenericType) return;
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                names.Add(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
                var inner = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                Walk(inner.IsGenericType ? inner.GetGenericArguments()[^1] : inner, depth + 1);
            }
        }
        Walk(type, 0);
        return names.Count > 0 ? [.. names] : ["name"];
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    private static readonly Gen<string> Strings = Gen.Frequency(
        (6, Gen.String[Gen.Char.AlphaNumeric, 0, 24].Select(Quote)),
        (1, Gen.String[Gen.Char, 0, 40].Select(Quote)),
        (4, Gen.OneOf<string>(
            "\"\"", "\" \"", "\"credit-scoring\"", "\"in_development\"", "\"production\"", "\"predictive\"", "\"in_house\"", "\"high\"", "\"admin\"",
            "\"2026-02-30\"", "\"2026-03-01T09:00:00Z\"", "\"9999-12-31\"", "\"=HYPERLINK(\\\"http://evil.example\\\")\"", "\"<script>alert(1)</script>\"",
            "\"javascript:alert(1)\"", "\"../../etc/passwd\"", "\"\\u0000\\u001f\\u007f\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\r\\nX-Injected: 1\"",
            "\"W/\\\"1\\\"\"", "\"🙂 ünïcode ﷽\"", Quote(new string('x', 5000)), Quote(new string('é', 70_000)))));

    private static readonly Gen<string> Numbers = Gen.Frequency(
        (4, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (3, Gen.OneOf<string>("1e400", "-1e400", "1.79e309", "-0", "0.0", "5e-324", "123456789012345678901234567890", "9223372036854775808", "-2147483649", "1E+2", "0.1e-999999")));

    private static readonly Gen<string> Scalars = Gen.Frequency(
        (5, Strings), (3, Numbers), (1, Gen.OneOf<string>("true", "false", "null")), (1, Gen.OneOf<string>("\"NaN\"", "\"Infinity\"", "\"-Infinity\"")));

    /// <summary>JSON text biased to <paramref name="names"/>: right and wrong types, case variants, duplicates, deep nesting.</summary>
    private static Gen<string> Value(string[] names) => Gen.Recursive<string>((depth, self) =>
    {
        if (depth > 3) return Scalars;
        var keys = Gen.Frequency(
            (8, Gen.OneOf(names)),
            (1, Gen.OneOf(names).Select(n => n.ToUpperInvariant())),
            (1, Gen.String[Gen.Char.AlphaNumeric, 1, 12]));
        var member = Gen.Select(keys, self, (k, v) => Quote(k) + ":" + v);
        var obj = member.Array[0, 8].Select(m => "{" + string.Join(",", m) + "}");
        var duplicated = Gen.Select(member, member, (a, b) => "{" + a + "," + a.Split(':')[0] + ":" + b.Split(':', 2)[^1] + "}");
        var arr = self.Array[0, 5].Select(items => "[" + string.Join(",", items) + "]");
        return Gen.Frequency((4, Scalars), (4, obj), (1, duplicated), (2, arr));
    });

    private static Gen<byte[]> Body(string[] names) => Gen.Frequency(
        (12, Value(names).Select(Encoding.UTF8.GetBytes)),
        (2, Gen.OneOf<string>("", "null", "{", "{\"", "{\"name\":", "[]", "{}}", "{\"a\":1,}", "\u00ef\u00bb\u00bf{}", new string('[', 5000) + new string(']', 5000),
            "{\"config\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}").Select(Encoding.UTF8.GetBytes)),
        // Invalid UTF-8 spliced into a generated body.
        (2, Gen.Select(Value(names), Gen.Int[0, 1000], Gen.OneOf<byte[]>([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]), (text, at, bad) =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var cut = Math.Min(at, bytes.Length);
            return (byte[])[.. bytes[..cut], .. bad, .. bytes[cut..]];
        })));

    private async Task<long> LedgerSizeAsync() =>
        await app.Factory.WithServiceAsync<AttestDbContext, long>(db => db.Ledger.LongCountAsync(Ct));

    private async Task SendAndCheckAsync(string method, string path, HttpContent content, string what)
    {
        var before = await LedgerSizeAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        ((int)response.StatusCode).ShouldBeLessThan(500, $"{method} {path} answered {(int)response.StatusCode} to {what}: {text}");
        if ((int)response.StatusCode >= 400)
            (await LedgerSizeAsync()).ShouldBe(before, $"{method} {path} refused {what} with {(int)response.StatusCode} but the ledger grew");
    }

    private static string Show(byte[] body) => body.Length > 300 ? Encoding.UTF8.GetString(body[..300]) + "…" : Encoding.UTF8.GetString(body);

    [Fact]
    public async Task No_generated_JSON_body_gets_a_5xx_or_writes_anything_when_refused()
    {
        var endpoints = JsonEndpoints();
        endpoints.Count.ShouldBeGreaterThan(20, "the endpoint metadata should list the API's JSON endpoints");
        foreach (var endpoint in endpoints)
        {
            var names = FieldNames(endpoint.InputType);
            await Body(names).SampleAsync(async body =>
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    await SendAndCheckAsync(endpoint.Method, endpoint.Path, content, Show(body));
                },
                iter: SamplesPerEndpoint, threads: 1, print: Show);
        }
    }

    private static readonly Gen<string> FileNames = Gen.Frequency(
        (3, Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(s => s + ".txt")),
        (2, Gen.OneOf<string>("dir/", "..", "../../etc/passwd", "a\\b\\c.pdf", "\u0001\u0002", "", " ", "x\"y.txt", "r\u00e9sum\u00e9.pdf", new string('a', 600) + ".csv", "con", "a;b=c.txt")),
        (1, Gen.String[Gen.Char, 0, 30]));

    /// <summary>Multipart bodies: well formed with hostile fields and names, or broken (no boundary, truncated, garbage).</summary>
    private static readonly Gen<(string ContentType, byte[] Body)> Multipart = Gen.Frequency(
        (5, Gen.Select(FileNames, Gen.OneOf<string>("fairness_report", "model_card", "", "Not A Type", "x"), Gen.String[Gen.Char, 0, 40], Gen.OneOf<string>("", "2026-13-01", "2099-01-01", "yesterday"),
            (name, type, summary, validUntil) =>
            {
                var body = new StringBuilder();
                void Part(string header, string value) => body.Append("--b0undary\r\n").Append(header).Append("\r\n\r\n").Append(value).Append("\r\n");
                Part($"Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain", "evidence bytes");
                Part("Content-Disposition: form-data; name=\"type\"", type);
                Part("Content-Disposition: form-data; name=\"summary\"", summary);
                Part("Content-Disposition: form-data; name=\"valid_until\"", validUntil);
                body.Append("--b0undary--\r\n");
                return ("multipart/form-data; boundary=b0undary", Encoding.UTF8.GetBytes(body.ToString()));
            })),
        (2, Gen.Select(Gen.Byte.Array[0, 400], Gen.OneOf<string>("multipart/form-data", "multipart/form-data; boundary=b0undary", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unterminated"),
            (bytes, type) => (type, bytes))),
        (2, Gen.Int[1, 200].Select(cut =>
        {
            var full = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nevidence bytes that go on\r\n--b0undary--\r\n"u8.ToArray();
            return ("multipart/form-data; boundary=b0undary", full[..Math.Min(cut, full.Length - 1)]);
        })));

    [Fact]
    public async Task No_generated_multipart_upload_gets_a_5xx_or_writes_anything_when_refused()
    {
        await Multipart.SampleAsync(async sample =>
            {
                var content = new ByteArrayContent(sample.Body);
                content.Headers.TryAddWithoutValidation("Content-Type", sample.ContentType);
                await SendAndCheckAsync("POST", "/api/v1/systems/credit-scoring/evidence", content, $"{sample.ContentType}: {Show(sample.Body)}");
            },
            iter: 120, threads: 1, print: s => $"{s.ContentType}: {Show(s.Body)}");
    }
}
