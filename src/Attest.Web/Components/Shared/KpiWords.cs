using System.Globalization;
using Attest.Core.Features.Kpis;
using Attest.Engine.Kpis;

namespace Attest.Web.Components.Shared;

/// <summary>A KPI's value, target, status and counts in the words the dashboard shows.</summary>
public static class KpiWords
{
    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Value(KpiDto kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return kpi.Value is not { } v ? "—" : Amount(kpi.Definition.Unit, v);
    }

    public static string Amount(KpiUnit unit, double v) => unit switch
    {
        KpiUnit.Percent => $"{N(v)} %",
        KpiUnit.Days => $"{N(v)} day{(v == 1 ? "" : "s")}",
        _ => $"{N(v)} per system",
    };

    public static string Target(KpiDto kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return $"target {(kpi.Definition.Direction == KpiDirection.AtLeast ? "at least" : "at most")} {Amount(kpi.Definition.Unit, kpi.Target)}";
    }

    public static string Status(KpiStatus status) => status switch
    {
        KpiStatus.Met => "met",
        KpiStatus.NotMet => "not met",
        _ => "not measured",
    };

    /// <summary>The badge colour: green met, red not met, grey not measured.</summary>
    public static string StatusClass(KpiStatus status) => status switch
    {
        KpiStatus.Met => "green",
        KpiStatus.NotMet => "red",
        _ => "missing",
    };

    /// <summary>"7 of 8 — …", the numerator and denominator in words.</summary>
    public static string Counts(KpiDto kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        if (kpi.Status == KpiStatus.NotMeasured && kpi.Value is null)
            return kpi.Reason ?? "Not measured.";
        return kpi.Definition.Unit switch
        {
            KpiUnit.Days => $"Median over {N(kpi.Denominator ?? 0)} system{(kpi.Denominator == 1 ? "" : "s")} with a decision; 90th percentile {N(kpi.P90 ?? 0)} days.",
            KpiUnit.Rate => $"{N(kpi.Numerator ?? 0)} incident{(kpi.Numerator == 1 ? "" : "s")} in the last quarter over {N(kpi.Denominator ?? 0)} active system{(kpi.Denominator == 1 ? "" : "s")}.",
            _ => $"{N(kpi.Numerator ?? 0)} of {N(kpi.Denominator ?? 0)}: {Lower(kpi.Definition.Numerator)}, of {Lower(kpi.Definition.Denominator)}.",
        };
    }

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    /// <summary>The query string of the segment (tier, business unit, as of), for links that keep it.</summary>
    public static string Query(string? tier, string? businessUnit, string? asOf)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(tier)) parts.Add("tier=" + Uri.EscapeDataString(tier));
        if (!string.IsNullOrEmpty(businessUnit)) parts.Add("business_unit=" + Uri.EscapeDataString(businessUnit));
        if (!string.IsNullOrEmpty(asOf)) parts.Add("as_of=" + Uri.EscapeDataString(asOf));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
