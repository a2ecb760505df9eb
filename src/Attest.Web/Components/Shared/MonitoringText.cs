using Attest.Engine.Oversight;
using Attest.Engine.Signals;

namespace Attest.Web.Components.Shared;

/// <summary>A monitoring plan's signals and routes in plain words.</summary>
public static class MonitoringText
{
    public static string Describe(MonitoringSignal s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var what = s.Kind switch
        {
            SignalKind.Drift => $"drift of {s.Feature} ({Words.Human(s.Metric)})",
            SignalKind.Fairness => $"{Words.Human(s.Metric)} across {s.Attribute}",
            _ => Words.Human(s.Metric) + (s.Attribute is null ? "" : $", worst group of {s.Attribute}"),
        };
        var favourable = s.Positive is null ? "" : $" (favourable output '{s.Positive}')";
        var judged = s.Judge == SignalJudge.Ci ? ", only when the whole 95 % interval is past it" : "";
        var incident = s.OpenIncident ? "; a new alert opens an incident" : "";
        var kind = Words.Human(s.Kind);
        return $"{char.ToUpperInvariant(kind[0])}{kind[1..]}: {what}{favourable} over the {s.Window.Describe()}. Alert ({Words.Human(s.Severity)}) when it is {Comparator(s.Comparator)} "
            + $"{s.Threshold.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}{judged}; needs at least {s.MinN} observations; evaluated every {ReviewDuration.Format(s.Every)}{incident}.";
    }

    public static string Comparator(Comparator c) => c switch
    {
        Engine.Signals.Comparator.Above => "above",
        Engine.Signals.Comparator.AtLeast => "at or above",
        Engine.Signals.Comparator.Below => "below",
        _ => "at or below",
    };

    public static string Route(MonitoringRoute r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Kind == MonitoringRoute.Webhook ? $"webhook {r.Url} (signed)" : $"e-mail to {r.To}";
    }
}
