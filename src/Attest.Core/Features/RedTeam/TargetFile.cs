using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;

namespace Attest.Core.Features.RedTeam;

public enum TargetKind { Openai, Http, Recorded }

/// <summary>
/// Where probes go (format <c>attest.redteam-target/v1</c>): an OpenAI-compatible chat-completions endpoint, a generic HTTP
/// request template, or recorded responses (JSONL) for offline grading. Secrets never live in the file: the OpenAI key
/// comes from the environment variable <c>api_key_env</c> names, and HTTP headers take <c>{{env.NAME}}</c>.
/// </summary>
public sealed record TargetSpec
{
    public const string Format = "attest.redteam-target/v1";

    public required TargetKind Kind { get; init; }
    public string Name { get; init; } = "";
    public Uri? Url { get; init; }
    public string? Model { get; init; }
    public string? ApiKeyEnv { get; init; }
    public string? SystemPrompt { get; init; }
    public double? Temperature { get; init; }
    public int? MaxTokens { get; init; }
    public string Method { get; init; } = "POST";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string? Body { get; init; }
    public string? ResponsePath { get; init; }
    public string? ResponsesFile { get; init; }
    public int Concurrency { get; init; } = 4;
    public double TimeoutSeconds { get; init; } = 60;
    public int Retries { get; init; } = 2;
    public double RateLimitPerSecond { get; init; }
    /// <summary>SHA-256 of the target file: the report names the target by it.</summary>
    public string Sha256 { get; init; } = "";
    public string Source { get; init; } = "";
}

public static partial class TargetFile
{
    public const string PromptPlaceholder = "{{prompt}}";

    private static readonly string[] SecretHeaders = ["authorization", "x-api-key", "api-key", "proxy-authorization", "cookie"];

    public static TargetSpec Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException([new DataError(path, null, "", $"cannot read the target file ({e.Message})")]);
        }
        return Parse(Encoding.UTF8.GetString(bytes), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static TargetSpec Parse(string text, string file, string sha256 = "")
    {
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        TargetSpec? spec = null;
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is { } m)
        {
            if (m["api_key"] is not null || m["key"] is not null || m["token"] is not null)
                b.Error(DataBinder.LineOf(m, m["api_key"] is not null ? "api_key" : m["key"] is not null ? "key" : "token"), "api_key",
                    "a key does not belong in the target file; put it in an environment variable and name the variable with api_key_env (headers: {{env.NAME}})");
            b.RejectUnknownKeys(m, "", ["format", "type", "name", "base_url", "url", "model", "api_key_env", "system_prompt", "temperature", "max_tokens",
                "method", "headers", "body", "response_path", "responses", "concurrency", "timeout_seconds", "retries", "rate_limit_per_second", "api_key", "key", "token"]);
            if (b.String(m, "format", "", required: true) is { } format && format != TargetSpec.Format)
                b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {TargetSpec.Format}, got \"{format}\"");
            var kind = b.Enum<TargetKind>(m, "type", "", required: true);
            Uri? Url(string key)
            {
                var raw = b.String(m, key, "", required: true);
                if (raw is null) return null;
                if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    b.Error(DataBinder.LineOf(m, key), key, $"\"{raw}\" is not an http(s) URL");
                    return null;
                }
                return uri;
            }
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (b.AsMapping(m["headers"], "headers", optional: true) is { } h)
            {
                foreach (var entry in h.Entries)
                {
                    var value = b.String(h, entry.Key, "headers", allowEmpty: true) ?? "";
                    if (SecretHeaders.Contains(entry.Key.ToLowerInvariant()) && !value.Contains("{{env.", StringComparison.Ordinal))
                        b.Error(entry.Line, $"headers.{entry.Key}", "a secret does not belong in the target file; put it in an environment variable and write {{env.NAME}}");
                    foreach (Match v in EnvReference().Matches(value))
                    {
                        if (!Regex.IsMatch(v.Groups[1].Value, "^[A-Za-z_][A-Za-z0-9_]*$"))
                            b.Error(entry.Line, $"headers.{entry.Key}", $"\"{v.Value}\" is not an environment variable reference");
                    }
                    headers[entry.Key] = value;
                }
            }
            var common = new TargetSpec
            {
                Kind = kind ?? TargetKind.Recorded,
                Name = b.String(m, "name", "") ?? "",
                Concurrency = (int)(b.WholeNumber(m, "concurrency", "", 1, 256) ?? 4),
                TimeoutSeconds = b.Number(m, "timeout_seconds", "") ?? 60,
                Retries = (int)(b.WholeNumber(m, "retries", "", 0, 10) ?? 2),
                RateLimitPerSecond = b.Number(m, "rate_limit_per_second", "") ?? 0,
                SystemPrompt = b.String(m, "system_prompt", ""),
                Sha256 = sha256,
                Source = file,
            };
            if (common.TimeoutSeconds is <= 0 or > 3600) b.Error(DataBinder.LineOf(m, "timeout_seconds"), "timeout_seconds", "expected a number of seconds from 0 to 3600");
            if (common.RateLimitPerSecond is < 0 or > 10000) b.Error(DataBinder.LineOf(m, "rate_limit_per_second"), "rate_limit_per_second", "expected 0 (no limit) to 10000 requests a second");
            switch (kind)
            {
                case TargetKind.Openai:
                    var keyEnv = b.String(m, "api_key_env", "");
                    if (keyEnv is not null && !Regex.IsMatch(keyEnv, "^[A-Za-z_][A-Za-z0-9_]*$"))
                        b.Error(DataBinder.LineOf(m, "api_key_env"), "api_key_env", $"\"{keyEnv}\" is not an environment variable name (the key itself belongs in the environment)");
                    spec = common with
                    {
                        Url = Url("base_url"),
                        Model = b.String(m, "model", "", required: true),
                        ApiKeyEnv = keyEnv,
                        Temperature = b.Number(m, "temperature", ""),
                        MaxTokens = (int?)b.WholeNumber(m, "max_tokens", "", 1, 1_000_000),
                    };
                    break;
                case TargetKind.Http:
                    var body = b.String(m, "body", "");
                    var url = Url("url");
                    var method = (b.String(m, "method", "") ?? "POST").ToUpperInvariant();
                    if (method is not ("POST" or "PUT" or "GET"))
                        b.Error(DataBinder.LineOf(m, "method"), "method", $"expected POST, PUT or GET, got \"{method}\"");
                    if ((body ?? "").Contains(PromptPlaceholder, StringComparison.Ordinal) == false && (url?.OriginalString.Contains(Uri.EscapeDataString(PromptPlaceholder), StringComparison.Ordinal) ?? false) == false
                        && (url?.OriginalString.Contains(PromptPlaceholder, StringComparison.Ordinal) ?? false) == false)
                        b.Error(DataBinder.LineOf(m, "body"), "body", $"the request template has no {PromptPlaceholder}: the probe would never reach the target");
                    spec = common with
                    {
                        Url = url,
                        Method = method,
                        Headers = headers,
                        Body = body,
                        ResponsePath = b.String(m, "response_path", "", required: true),
                    };
                    if (spec.ResponsePath is { } rp && !JsonPath.IsValid(rp))
                        b.Error(DataBinder.LineOf(m, "response_path"), "response_path", $"\"{rp}\" is not a JSON path such as $.choices[0].message.content");
                    break;
                case TargetKind.Recorded:
                    var responses = b.String(m, "responses", "", required: true);
                    spec = common with
                    {
                        ResponsesFile = responses is null ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", responses)),
                    };
                    break;
            }
        }
        if (errors.Count > 0 || spec is null) throw new DataFileException(errors.Count > 0 ? errors : [new DataError(file, null, "", "empty target file")]);
        return spec;
    }

    [GeneratedRegex(@"\{\{env\.([^}]*)\}\}")]
    internal static partial Regex EnvReference();
}
