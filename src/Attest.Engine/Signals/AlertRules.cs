using System.Security.Cryptography;
using System.Text;

namespace Attest.Engine.Signals;

public enum AlertState { Open, Acknowledged, Resolved }

public enum AlertStep { None, Open, Repeat, Healthy, AutoResolve }

/// <summary>
/// How an evaluation moves an alert of its signal and target: a breach opens one (or, while one is open or acknowledged,
/// counts a repeat); a healthy evaluation counts towards auto-resolution after <c>auto_resolve_after</c> in a row;
/// insufficient data changes nothing.
/// </summary>
public static class AlertRules
{
    public static AlertStep Next(bool alertActive, SignalStatus status, int healthyStreak, int autoResolveAfter) => status switch
    {
        SignalStatus.Breached => alertActive ? AlertStep.Repeat : AlertStep.Open,
        SignalStatus.Ok when alertActive => healthyStreak + 1 >= autoResolveAfter ? AlertStep.AutoResolve : AlertStep.Healthy,
        _ => AlertStep.None,
    };

    /// <summary>Open → acknowledged → resolved (open may be resolved directly); nothing leaves resolved.</summary>
    public static bool CanMove(AlertState from, AlertState to) => (from, to) switch
    {
        (AlertState.Open, AlertState.Acknowledged) => true,
        (AlertState.Open or AlertState.Acknowledged, AlertState.Resolved) => true,
        _ => false,
    };
}

/// <summary>Webhook signing and the retry schedule of deliveries.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Attest-Signature";
    public const string DeliveryHeader = "X-Attest-Delivery";
    public const int MinSecretBytes = 16;

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the raw body with the route's secret.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Constant-time check of a signature header against the body (for receivers and tests).</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body, secret)), Encoding.ASCII.GetBytes(header));

    /// <summary>Exponential backoff: the wait after failed attempt n (1-based) is base × 2^(n−1), at most <paramref name="cap"/>.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan first, TimeSpan cap)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var wait = first * factor;
        return wait > cap ? cap : wait;
    }
}
