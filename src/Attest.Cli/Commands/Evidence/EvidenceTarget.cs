using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Features.Evidence;

namespace Attest.Cli.Commands.Evidence;

/// <summary>The stored evidence as the CLI reports it.</summary>
internal sealed record StoredEvidence(string Id, string Sha256);

/// <summary>
/// Where evidence goes: a server's REST API (<c>--server URL --token T</c>) or a data directory through
/// Core directly (<c>--data DIR</c> / <c>--postgres</c>). Shared by <c>evidence add</c> and the evaluate verbs.
/// </summary>
internal sealed class EvidenceTarget
{
    public const string TokenEnvironmentVariable = SharedOptions.TokenEnvironmentVariable;

    public required Option<string?> Server { get; init; }
    public required Option<string?> Token { get; init; }
    public required Option<string?> Data { get; init; }
    public required Option<string?> Postgres { get; init; }

    public static EvidenceTarget Create() => new()
    {
        Server = SharedOptions.Server(),
        Token = SharedOptions.Token(),
        Data = SharedOptions.Data(),
        Postgres = SharedOptions.Postgres(),
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Server, Token, Data, Postgres }) command.Options.Add(o);
    }

    public async Task<StoredEvidence> AddAsync(ParseResult pr, string system, EvidenceInput input, Func<Stream> open, CancellationToken ct)
    {
        if (pr.GetValue(Server) is { } server)
        {
            if (pr.GetValue(Data) is not null) throw new CliUsageException("--server and --data are alternatives; give one.");
            var token = pr.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenEnvironmentVariable)
                ?? throw new CliUsageException($"--token is required with --server (or set {TokenEnvironmentVariable}).");
            return await SendAsync(server, token, system, input, open, ct);
        }
        await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(pr.GetValue(Data), pr.GetValue(Postgres)), ct);
        await using var content = open();
        var result = await session.Get<AddEvidence>().ExecuteAsync(system, input, content, CliActor.Caller, ct);
        if (!result.IsOk) throw new CliUsageException(result.Message ?? "the evidence was refused");
        return new StoredEvidence(result.Value!.Id, result.Value.Sha256);
    }

    private static async Task<StoredEvidence> SendAsync(string server, string token, string system, EvidenceInput input, Func<Stream> open, CancellationToken ct)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--server '{server}' is not an http(s) URL.");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(10) };
        using var form = new MultipartFormDataContent();
        await using var content = open();
        var file = new StreamContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(input.MediaType ?? "application/octet-stream");
        form.Add(file, "file", input.FileName ?? "evidence");
        void Field(string name, string? value) { if (!string.IsNullOrWhiteSpace(value)) form.Add(new StringContent(value), name); }
        Field("type", input.Type);
        foreach (var c in input.Controls ?? []) Field("controls", c);
        foreach (var m in input.ModelVersions ?? []) Field("model_versions", m);
        foreach (var d in input.Datasets ?? []) Field("datasets", d);
        Field("summary", input.Summary);
        Field("method", input.Method);
        Field("valid_until", input.ValidUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Field("supersedes", input.Supersedes);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/systems/{Uri.EscapeDataString(system)}/evidence") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliUsageException($"cannot reach {server}: {e.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            try { json = JsonNode.Parse(body); } catch (JsonException) { }
            if (response.StatusCode == HttpStatusCode.Created && json?["id"] is not null)
                return new StoredEvidence(json["id"]!.GetValue<string>(), json["sha256"]!.GetValue<string>());
            throw new CliUsageException($"{server} refused the evidence ({(int)response.StatusCode} {response.ReasonPhrase}): {Describe(json, body)}");
        }
    }

    private static string Describe(JsonNode? problem, string body)
    {
        if (problem?["errors"] is JsonObject errors && errors.Count > 0)
            return string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", (e.Value as JsonArray ?? []).Select(v => v?.ToString()))}"));
        return problem?["detail"]?.ToString() ?? problem?["title"]?.ToString() ?? (body.Length > 200 ? body[..200] : body);
    }
}
