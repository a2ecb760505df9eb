using System.Globalization;
using Attest.Core.Features.Incidents;
using Attest.Engine.Incidents;

namespace Attest.Web.Components.Shared;

/// <summary>Incidents and their deadlines in plain words and status colours.</summary>
public static class IncidentText
{
    /// <summary>"3 d 4 h left", "overdue by 5 h", "met 2026-03-01 09:00 UTC (late)".</summary>
    public static string TimeLeft(IncidentDeadlineDto d) => d.State switch
    {
        DeadlineState.Met => $"met {OversightText.Time(d.MetAt!.Value)}",
        DeadlineState.MetLate => $"met late, {OversightText.Time(d.MetAt!.Value)}",
        DeadlineState.Overdue => $"overdue by {Span(-d.HoursLeft)}",
        _ => $"{Span(d.HoursLeft)} left",
    };

    public static string DeadlineBadge(DeadlineState state) => state switch
    {
        DeadlineState.Met => "green",
        DeadlineState.MetLate => "amber",
        DeadlineState.Overdue => "red",
        _ => "pending",
    };

    public static string StatusBadge(IncidentStatus status) => status switch
    {
        IncidentStatus.Open => "red",
        IncidentStatus.Triaged or IncidentStatus.Contained => "amber",
        _ => "green",
    };

    public static string SeverityBadge(Attest.Engine.Gates.IncidentSeverity severity) => severity switch
    {
        Attest.Engine.Gates.IncidentSeverity.Critical => "critical",
        Attest.Engine.Gates.IncidentSeverity.Severe => "high",
        Attest.Engine.Gates.IncidentSeverity.Moderate => "medium",
        _ => "low",
    };

    public static string Regime(ClockRegime regime) => regime switch
    {
        ClockRegime.EuAiActArt73 => "EU AI Act Art 73",
        ClockRegime.GdprArt33 => "GDPR Art 33",
        _ => "internal",
    };

    private static string Span(double hours)
    {
        if (hours < 1) return $"{Math.Max(0, (int)Math.Round(hours * 60))} min";
        var whole = (int)Math.Floor(hours);
        return whole >= 48 ? $"{whole / 24} d {whole % 24} h" : $"{whole} h";
    }
}
