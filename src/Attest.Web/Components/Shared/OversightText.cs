using System.Globalization;
using System.Text.Json;

namespace Attest.Web.Components.Shared;

/// <summary>How oversight pages word times, SLAs, outputs and rates for people.</summary>
public static class OversightText
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(string? iso) =>
        iso is not null && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) ? Time(t) : "—";

    /// <summary>"due in 3 h 20 min" or "overdue by 2 d 4 h".</summary>
    public static string Countdown(DateTimeOffset due, DateTimeOffset now) =>
        due > now ? $"due in {Span(due - now)}" : $"overdue by {Span(now - due)}";

    public static string Span(TimeSpan span)
    {
        if (span.TotalDays >= 1) return $"{(int)span.TotalDays} d {span.Hours} h";
        if (span.TotalHours >= 1) return $"{(int)span.TotalHours} h {span.Minutes} min";
        return $"{Math.Max(0, (int)span.TotalMinutes)} min";
    }

    public static string Seconds(double? seconds) => seconds is not { } s ? "—" : s < 60 ? s.ToString("0", CultureInfo.InvariantCulture) + " s" : Span(TimeSpan.FromSeconds(s));

    public static string Output(JsonElement? value) => value is not { } v ? "—"
        : v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();

    public static string Percent(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "—";

    public static string Confidence(double? c) => c is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    /// <summary>The numbers (factors) of a decision, largest first; non-numbers (features) as text.</summary>
    public static IReadOnlyList<(string Name, string Value, double? Number)> Entries(JsonElement obj) =>
        obj.ValueKind != JsonValueKind.Object ? []
        : obj.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
            p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : (double?)null)).ToList();
}
