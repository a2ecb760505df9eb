using System.Globalization;

namespace Attest.Core.Features.Monitoring;

/// <summary>How monitoring delivers and schedules (server settings <c>Attest:Monitoring:*</c>).</summary>
/// <param name="FirstRetry">Wait after the first failed delivery; doubled after each further failure (default 30 s).</param>
/// <param name="MaxRetryWait">The longest wait between attempts (default 1 h).</param>
/// <param name="MaxAttempts">Attempts before a delivery is given up as failed (default 8).</param>
/// <param name="DeliveryTimeout">How long one webhook or SMTP attempt may take (default 10 s).</param>
/// <param name="SchedulerTick">How often the scheduler looks for due signals and deliveries (default 15 s).</param>
/// <param name="Lease">How long a claimed signal or delivery is held before another instance may take it over (default 5 min).</param>
/// <param name="SmtpHost">SMTP server for e-mail routes (none: e-mail deliveries fail with that reason).</param>
public sealed record MonitoringSettings(TimeSpan FirstRetry, TimeSpan MaxRetryWait, int MaxAttempts, TimeSpan DeliveryTimeout, TimeSpan SchedulerTick, TimeSpan Lease,
    string? SmtpHost, int SmtpPort, string SmtpFrom, string? SmtpUser, string? SmtpPassword, bool SmtpStartTls)
{
    /// <summary>
    /// Webhook hosts (names or addresses, <c>Attest:Monitoring:AllowedWebhookHosts</c>, comma separated) that may be on this
    /// machine or in a private network; every other webhook must be, and resolve to, a public address.
    /// </summary>
    public IReadOnlyList<string> AllowedWebhookHosts { get; init; } = [];

    public static MonitoringSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 8, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15),
        TimeSpan.FromMinutes(5), null, 25, "attest@localhost", null, null, false);

    public static MonitoringSettings From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var d = Default;
        return d with
        {
            FirstRetry = Span(setting("Attest:Monitoring:FirstRetry")) ?? d.FirstRetry,
            MaxRetryWait = Span(setting("Attest:Monitoring:MaxRetryWait")) ?? d.MaxRetryWait,
            MaxAttempts = Int(setting("Attest:Monitoring:MaxAttempts"), "MaxAttempts") ?? d.MaxAttempts,
            DeliveryTimeout = Span(setting("Attest:Monitoring:DeliveryTimeout")) ?? d.DeliveryTimeout,
            SchedulerTick = Span(setting("Attest:Monitoring:SchedulerTick")) ?? d.SchedulerTick,
            Lease = Span(setting("Attest:Monitoring:Lease")) ?? d.Lease,
            SmtpHost = setting("Attest:Monitoring:Smtp:Host") is { Length: > 0 } host ? host : null,
            SmtpPort = Int(setting("Attest:Monitoring:Smtp:Port"), "Smtp:Port") ?? d.SmtpPort,
            SmtpFrom = setting("Attest:Monitoring:Smtp:From") is { Length: > 0 } from ? from : d.SmtpFrom,
            SmtpUser = setting("Attest:Monitoring:Smtp:User"),
            SmtpPassword = setting("Attest:Monitoring:Smtp:Password"),
            SmtpStartTls = string.Equals(setting("Attest:Monitoring:Smtp:StartTls"), "true", StringComparison.OrdinalIgnoreCase),
            AllowedWebhookHosts = (setting("Attest:Monitoring:AllowedWebhookHosts") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    private static int? Int(string? text, string name) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new ArgumentException($"Attest:Monitoring:{name} must be a positive whole number, not '{text}'.");

    private static TimeSpan? Span(string? text) =>
        text is null ? null
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t
        : throw new ArgumentException($"'{text}' is not a positive time span (such as 00:00:30).");
}
