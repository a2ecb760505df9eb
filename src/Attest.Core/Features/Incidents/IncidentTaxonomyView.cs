using Attest.Engine.Classification;

namespace Attest.Core.Features.Incidents;

public sealed record ClockRuleView(string Regime, string Obligation, string Label, string Period, string Citation, string When);

/// <summary>The incident taxonomy and clock rules in force, for forms and for people checking what Attest counts.</summary>
public sealed record IncidentTaxonomyView(
    IReadOnlyList<IncidentCategory> Categories, IReadOnlyList<OecdHarmType> OecdHarmTypes, IReadOnlyList<RootCauseCategory> RootCauses,
    string TimeZone, IReadOnlyList<ClockRuleView> Clocks)
{
    public static IncidentTaxonomyView From(IncidentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new IncidentTaxonomyView(data.Categories, data.HarmTypes, data.RootCauses, data.TimeZone.Id,
            data.Rules.Select(r => new ClockRuleView(WireName.Of(r.Regime), r.Obligation, r.Label, r.Period.ToString(), r.Citation, Describe(r.When))).ToArray());
    }

    private static string Describe(Engine.Incidents.ClockCondition c)
    {
        if (c.Always) return "every incident";
        var parts = new List<string>();
        if (c.Serious.Count > 0) parts.Add("serious: " + string.Join(", ", c.Serious.Select(WireName.Of)));
        if (c.WidespreadInfringement) parts.Add("widespread infringement");
        if (c.PersonalDataBreach) parts.Add("personal data breach");
        return string.Join(" or ", parts) + (c.HighRiskOnly ? " (high-risk systems)" : "");
    }
}
