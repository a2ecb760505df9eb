using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Engine.Incidents;

/// <summary>Where an incident stands: reported, triaged, contained, resolved, closed — in that order.</summary>
public enum IncidentStatus { Open, Triaged, Contained, Resolved, Closed }

/// <summary>
/// The incident workflow: each move goes one step forward (open → triaged → contained → resolved → closed). Closing is
/// allowed from any earlier step (a false alarm, a trivial fix), but a severe or critical incident closes only once its
/// post-incident review is recorded: the loop back to the controls is the point of handling it.
/// </summary>
public static class IncidentWorkflow
{
    /// <summary>Null when the move is allowed; otherwise why not, in words.</summary>
    public static string? Refusal(IncidentStatus from, IncidentStatus to, IncidentSeverity severity, bool reviewed)
    {
        if (from == IncidentStatus.Closed)
            return "the incident is closed; nothing moves it any more";
        if (to == from)
            return $"the incident is already {Words(to)}";
        if (to == IncidentStatus.Closed)
        {
            return severity >= IncidentSeverity.Severe && !reviewed
                ? $"a {WireName.Of(severity)} incident closes only after its post-incident review is recorded"
                : null;
        }
        if (to < from)
            return $"the incident is already {Words(from)}; it does not move back to {Words(to)}";
        if (to != from + 1)
            return $"from {Words(from)} the next step is {Words(from + 1)}, not {Words(to)}";
        return null;
    }

    /// <summary>The statuses a person may choose next (for buttons and CLI help).</summary>
    public static IReadOnlyList<IncidentStatus> Next(IncidentStatus from, IncidentSeverity severity, bool reviewed) =>
        Enum.GetValues<IncidentStatus>().Where(to => Refusal(from, to, severity, reviewed) is null).ToArray();

    public static bool IsOpen(IncidentStatus status) => status != IncidentStatus.Closed;

    public static string Words(IncidentStatus status) => status switch
    {
        IncidentStatus.Open => "open",
        IncidentStatus.Triaged => "triaged",
        IncidentStatus.Contained => "contained",
        IncidentStatus.Resolved => "resolved",
        _ => "closed",
    };
}
