namespace Attest.Core.Common;

/// <summary>Who performs a change: a user or an API key. Every ledger entry names one.</summary>
/// <param name="Id">Stable identifier written to the ledger, e.g. "user:dana" or "key:k_12ab".</param>
public sealed record Actor(string Id, string DisplayName)
{
    /// <summary>The operator at the machine running the CLI against a local data directory.</summary>
    public static Actor LocalOperator(string userName) => new($"local:{userName}", $"{userName} (local CLI)");

    /// <summary>Attest itself, e.g. when seeding the demo portfolio.</summary>
    public static readonly Actor System = new("system:attest", "Attest");

    /// <summary>A web caller before authentication is configured.</summary>
    public static readonly Actor Anonymous = new("anonymous", "Anonymous");
}
