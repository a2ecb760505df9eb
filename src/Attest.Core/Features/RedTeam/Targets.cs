using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attest.Core.Features.RedTeam;

/// <summary>What the runner sends: one probe (under one strategy) as a conversation.</summary>
public sealed record TargetRequest(string ResultId, string ProbeId, string? SystemPrompt, string? Context, IReadOnlyList<string> Turns);

/// <summary>A target's answer to the last turn.</summary>
public sealed record TargetAnswer(string Response);

/// <summary>A failure worth retrying (timeout, 429, 5xx, connection refused).</summary>
public sealed class TransientTargetException(string message) : Exception(message);

/// <summary>A failure retrying will not fix (400, 401, an answer without the JSON path, no recorded answer).</summary>
public sealed class TargetException(string message) : Exception(message);

public interface IRedTeamTarget
{
    Task<TargetAnswer> SendAsync(TargetRequest request, CancellationToken ct);
}

/// <summary>Builds the target a spec describes. HTTP targets call only the URL of the file: no redirects are followed.</summary>
public static class Targets
{
    public static IRedTeamTarget Create(TargetSpec spec, HttpMessageHandler? handler = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        environment ??= Environment.GetEnvironmentVariable;
        return spec.Kind switch
        {
            TargetKind.Recorded => RecordedTarget.Load(spec.ResponsesFile!),
            TargetKind.Openai => new OpenAiTarget(spec, Client(handler), spec.ApiKeyEnv is { } env ? environment(env) ?? throw new TargetConfigurationException(
                $"the environment variable {env} (api_key_env) is not set; export the key there") : null),
            _ => new HttpTemplateTarget(spec, Client(handler), environment),
        };
    }

    private static HttpClient Client(HttpMessageHandler? handler) =>
        new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 }, disposeHandler: handler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan, // per attempt, by the runner
        };

    /// <summary>The text of the probe as a single message: the retrieved document first when the probe has one.</summary>
    public static string WithContext(string? context, string turn) =>
        string.IsNullOrEmpty(context) ? turn : $"Use the following document to answer.\n<document>\n{context}\n</document>\n\n{turn}";

    internal static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode) return body;
        var status = (int)response.StatusCode;
        var detail = body.Length > 200 ? body[..200] + "…" : body;
        var message = $"HTTP {status} {response.ReasonPhrase}: {detail}".TrimEnd(' ', ':');
        throw status is 408 or 429 or >= 500 ? new TransientTargetException(message) : new TargetException(message);
    }
}

/// <summary>A target file that cannot be used as it is (e.g. the key's environment variable is not set).</summary>
public sealed class TargetConfigurationException(string message) : Exception(message);

/// <summary>An OpenAI-compatible <c>POST {base_url}/chat/completions</c> endpoint.</summary>
public sealed class OpenAiTarget(TargetSpec spec, HttpClient http, string? apiKey) : IRedTeamTarget
{
    private readonly Uri _endpoint = new(spec.Url!.ToString().TrimEnd('/') + "/chat/completions");

    public async Task<TargetAnswer> SendAsync(TargetRequest request, CancellationToken ct)
    {
        var messages = new JsonArray();
        var system = request.SystemPrompt ?? spec.SystemPrompt;
        if (system is not null) messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        string answer = "";
        for (var i = 0; i < request.Turns.Count; i++)
        {
            var content = i == request.Turns.Count - 1 ? Targets.WithContext(request.Context, request.Turns[i]) : request.Turns[i];
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = content });
            var body = new JsonObject { ["model"] = spec.Model, ["messages"] = messages.DeepClone() };
            if (spec.Temperature is { } t) body["temperature"] = t;
            if (spec.MaxTokens is { } mt) body["max_tokens"] = mt;
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            if (apiKey is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            using var response = await http.SendAsync(message, ct);
            var json = await Targets.ReadAsync(response, ct);
            answer = JsonPath.Select(ParseJson(json), "$.choices[0].message.content")?.GetValue<string>()
                ?? throw new TargetException("the answer has no choices[0].message.content");
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer });
        }
        return new TargetAnswer(answer);
    }

    internal static JsonNode? ParseJson(string json)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException) { throw new TargetException("the answer is not JSON"); }
    }
}

/// <summary>
/// A generic HTTP request template, like promptfoo's http provider: the URL, method, headers and body with
/// <c>{{prompt}}</c> (a JSON string, quotes included), <c>{{system_prompt}}</c>, <c>{{context}}</c>, <c>{{messages}}</c>
/// (the conversation as a JSON array) and <c>{{env.NAME}}</c> in headers; the answer is read at <c>response_path</c>.
/// Multi-turn probes send <c>{{messages}}</c> when the template has it, otherwise each turn in turn.
/// </summary>
public sealed class HttpTemplateTarget(TargetSpec spec, HttpClient http, Func<string, string?> environment) : IRedTeamTarget
{
    public async Task<TargetAnswer> SendAsync(TargetRequest request, CancellationToken ct)
    {
        var template = spec.Body ?? "";
        var history = new JsonArray();
        var oneShot = template.Contains("{{messages}}", StringComparison.Ordinal);
        var turns = oneShot ? [request.Turns[^1]] : request.Turns;
        if (oneShot)
            foreach (var t in request.Turns.Take(request.Turns.Count - 1)) history.Add(new JsonObject { ["role"] = "user", ["content"] = t });
        string answer = "";
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = i == turns.Count - 1 && !template.Contains("{{context}}", StringComparison.Ordinal) ? Targets.WithContext(request.Context, turns[i]) : turns[i];
            history.Add(new JsonObject { ["role"] = "user", ["content"] = turn });
            var body = template
                .Replace("{{prompt}}", JsonSerializer.Serialize(turn), StringComparison.Ordinal)
                .Replace("{{system_prompt}}", JsonSerializer.Serialize(request.SystemPrompt ?? spec.SystemPrompt ?? ""), StringComparison.Ordinal)
                .Replace("{{context}}", JsonSerializer.Serialize(request.Context ?? ""), StringComparison.Ordinal)
                .Replace("{{messages}}", history.ToJsonString(), StringComparison.Ordinal);
            var url = spec.Url!.OriginalString.Replace(Uri.EscapeDataString("{{prompt}}"), Uri.EscapeDataString(turn), StringComparison.Ordinal)
                .Replace("{{prompt}}", Uri.EscapeDataString(turn), StringComparison.Ordinal);
            using var message = new HttpRequestMessage(new HttpMethod(spec.Method), url);
            if (spec.Method != "GET") message.Content = new StringContent(body, Encoding.UTF8, "application/json");
            foreach (var (name, value) in spec.Headers)
            {
                var resolved = TargetFile.EnvReference().Replace(value, m => environment(m.Groups[1].Value)
                    ?? throw new TargetConfigurationException($"the environment variable {m.Groups[1].Value} (headers.{name}) is not set"));
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    if (message.Content is not null) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(resolved);
                }
                else if (!message.Headers.TryAddWithoutValidation(name, resolved))
                    message.Content?.Headers.TryAddWithoutValidation(name, resolved);
            }
            using var response = await http.SendAsync(message, ct);
            if (response.StatusCode is >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest)
                throw new TargetException($"HTTP {(int)response.StatusCode}: the target redirects to {response.Headers.Location}; redirects are not followed (only the configured URL is called)");
            var json = await Targets.ReadAsync(response, ct);
            var node = JsonPath.Select(OpenAiTarget.ParseJson(json), spec.ResponsePath!);
            answer = node switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                null => throw new TargetException($"the answer has nothing at {spec.ResponsePath}"),
                _ => node.ToJsonString(),
            };
            history.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer });
        }
        return new TargetAnswer(answer);
    }
}

/// <summary>Recorded answers (JSONL with <c>id</c> or <c>prompt</c>, and <c>response</c>): offline, for grading what another tool collected.</summary>
public sealed class RecordedTarget : IRedTeamTarget
{
    private readonly Dictionary<string, string> _byId;
    private readonly Dictionary<string, string> _byPrompt;

    private RecordedTarget(Dictionary<string, string> byId, Dictionary<string, string> byPrompt)
    {
        _byId = byId;
        _byPrompt = byPrompt;
    }

    public static RecordedTarget Load(string path)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var byPrompt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in ResponsesFile.Read(path))
        {
            if (row.Id is not null) byId.TryAdd(row.Id, row.Response);
            byPrompt.TryAdd(row.Prompt, row.Response);
        }
        return new RecordedTarget(byId, byPrompt);
    }

    public Task<TargetAnswer> SendAsync(TargetRequest request, CancellationToken ct)
    {
        if (_byId.TryGetValue(request.ResultId, out var r) || _byId.TryGetValue(request.ProbeId, out r) && request.ResultId == request.ProbeId
            || _byPrompt.TryGetValue(request.Turns[^1], out r))
            return Task.FromResult(new TargetAnswer(r));
        throw new TargetException($"no recorded answer for {request.ResultId}");
    }
}
