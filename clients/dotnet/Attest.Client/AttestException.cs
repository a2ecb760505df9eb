using System.Net;
using System.Text.Json.Nodes;

namespace Attest.Client;

/// <summary>
/// A refusal by Attest (4xx/5xx, with its RFC 9457 problem details) or a server that could not be reached after the
/// retries (<see cref="Status"/> is null then: nothing is known to be recorded, and resending is safe).
/// </summary>
public sealed class AttestException : Exception
{
    public AttestException() { }

    public AttestException(string message) : base(message) { }

    public AttestException(string message, Exception inner) : base(message, inner) { }

    public AttestException(HttpStatusCode? status, JsonObject? problem, string message, Exception? inner = null) : base(message, inner)
    {
        Status = status;
        Problem = problem;
    }

    public HttpStatusCode? Status { get; }

    /// <summary>The problem details as sent.</summary>
    public JsonObject? Problem { get; }

    /// <summary>Field (<c>decisions[3].confidence</c>) → what is wrong with it, for a 400.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors =>
        Problem?["errors"] is JsonObject errors
            ? errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)(e.Value as JsonArray ?? []).Select(m => m?.ToString() ?? "").ToList())
            : new Dictionary<string, IReadOnlyList<string>>();
}
