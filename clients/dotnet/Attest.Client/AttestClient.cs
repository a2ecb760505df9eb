using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Attest.Client;

/// <summary>
/// Talks to one Attest server with one API key (role <c>service</c>, bound to its system, for logging decisions):
/// <code>
/// using var attest = new AttestClient(new Uri("https://attest.example.com"), token);
/// var answer = await attest.LogAsync(new Decision { System = "credit-scoring", ModelVersion = "credit-pd-gbm@3.1.0",
///     ExternalId = "app-42", OccurredAt = DateTimeOffset.UtcNow, Input = new JsonObject { ["application"] = 42 },
///     Output = "decline", Confidence = 0.91 });
/// if (answer.NeedsHumanReview) HoldForReview(answer.QueueItem!, answer.Reasons);
/// </code>
/// Retries are safe: a decision's external id is its idempotency key, so a resent decision comes back as a duplicate
/// with the original answer, and the same external id with another body is refused (409). Every answer comes after
/// Attest committed the decision.
/// </summary>
public sealed class AttestClient : IDisposable
{
    /// <summary>The most decisions one request may carry.</summary>
    public const int MaxBatch = 10_000;

    private static readonly HashSet<HttpStatusCode> Retried =
        [HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly AttestClientOptions options;
    private readonly Random jitter = new();

    /// <summary>A client with its own <see cref="HttpClient"/>.</summary>
    public AttestClient(Uri baseAddress, string token, AttestClientOptions? options = null)
        : this(new HttpClient(), token, baseAddress, options, ownsHttp: true)
    {
    }

    /// <summary>A client over an <see cref="HttpClient"/> you manage (its BaseAddress must be set).</summary>
    public AttestClient(HttpClient http, string token, AttestClientOptions? options = null)
        : this(http, token, http?.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(http)), options, ownsHttp: false)
    {
    }

    private AttestClient(HttpClient http, string token, Uri baseAddress, AttestClientOptions? options, bool ownsHttp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (baseAddress.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The base address must be an http(s) URL, got '{baseAddress}'.", nameof(baseAddress));
        this.options = options ?? new AttestClientOptions();
        if (this.options.BatchSize is < 1 or > MaxBatch)
            throw new ArgumentException($"BatchSize must be from 1 to {MaxBatch}.", nameof(options));
        this.http = http;
        this.ownsHttp = ownsHttp;
        http.BaseAddress = baseAddress;
        http.Timeout = this.options.Timeout;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Logs one decision and answers its route: may the system act on it, or must a person look?</summary>
    public Task<DecisionResult> LogAsync(Decision decision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return SendAsync<DecisionResult>(HttpMethod.Post, "api/v1/decisions", decision, ct);
    }

    /// <summary>
    /// Logs decisions in batches of <see cref="AttestClientOptions.BatchSize"/>; returns every result in input order. A
    /// batch is written whole or not at all, and a retried batch answers its recorded decisions as duplicates.
    /// </summary>
    public async Task<IReadOnlyList<DecisionResult>> LogBatchAsync(IEnumerable<Decision> decisions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var results = new List<DecisionResult>();
        foreach (var chunk in decisions.Chunk(options.BatchSize))
            results.AddRange((await SendAsync<BatchAnswer>(HttpMethod.Post, "api/v1/decisions", new BatchBody(chunk), ct)).Results);
        return results;
    }

    /// <summary>One logged decision as Attest holds it (a reader's key: the service role only logs).</summary>
    public Task<JsonObject> GetDecisionAsync(string decisionId, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, $"api/v1/decisions/{Uri.EscapeDataString(decisionId)}", null, ct);

    /// <summary>The causal trace: the decision, model version, approval and policy in force, human review and ledger proof.</summary>
    public Task<JsonObject> GetTraceAsync(string decisionId, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, $"api/v1/decisions/{Uri.EscapeDataString(decisionId)}/trace", null, ct);

    /// <summary>Appeals a decision for the person it affected: opens a review item with reason <c>appeal</c>.</summary>
    public Task<ReviewItem> AppealAsync(string decisionId, string reason, CancellationToken ct = default) =>
        SendAsync<ReviewItem>(HttpMethod.Post, $"api/v1/decisions/{Uri.EscapeDataString(decisionId)}/appeal", new AppealBody(reason), ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        // Serialized once: every attempt sends the same bytes, so a retry is a duplicate, never a conflict.
        var bytes = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (bytes is not null)
                request.Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not acknowledged: nothing is known to be recorded, and resending is safe (idempotent by external id).
                if (attempt < options.Retries)
                {
                    await Task.Delay(Backoff(attempt, null), ct).ConfigureAwait(false);
                    continue;
                }
                throw new AttestException(null, null, $"{method} /{path}: cannot reach {http.BaseAddress} ({e.Message})", e);
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false))!;
                if (Retried.Contains(response.StatusCode) && attempt < options.Retries)
                {
                    await Task.Delay(Backoff(attempt, response.Headers.RetryAfter), ct).ConfigureAwait(false);
                    continue;
                }
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                var problem = TryParse(text);
                var detail = problem?["detail"]?.ToString() ?? problem?["title"]?.ToString() ?? (text.Length > 200 ? text[..200] : text);
                throw new AttestException(response.StatusCode, problem, $"{method} /{path}: {(int)response.StatusCode} {detail}");
            }
        }
    }

    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
            return delta;
        // Exponential with jitter, so many clients do not retry in step.
        return options.Backoff * Math.Pow(2, attempt) * (0.5 + jitter.NextDouble());
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (ownsHttp)
            http.Dispose();
    }
}

/// <summary>How the client waits and retries.</summary>
public sealed record AttestClientOptions
{
    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a request is resent after a 429, a 5xx or a network failure.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>The first wait between attempts; each next one doubles (with jitter) unless the server says Retry-After.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Decisions per request in <see cref="AttestClient.LogBatchAsync"/>.</summary>
    public int BatchSize { get; init; } = 1000;
}
