namespace Attest.Engine.Incidents;

/// <summary>A post-incident review's root cause, as the repeat-finding rule sees it.</summary>
public sealed record RootCauseFinding(string IncidentId, string SystemId, string RootCause, DateTimeOffset OccurredAt);

/// <summary>
/// Repeat findings: the same root-cause category on two or more systems within 12 months. Each incident whose finding
/// has a match on another system within 12 months (either side) is flagged, with the incidents it repeats.
/// </summary>
public static class RepeatFindings
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Flag(IReadOnlyList<RootCauseFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var flagged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var matches = findings.Where(other => other.SystemId != finding.SystemId
                    && string.Equals(other.RootCause, finding.RootCause, StringComparison.Ordinal)
                    && Within12Months(finding.OccurredAt, other.OccurredAt))
                .Select(o => o.IncidentId).Order(StringComparer.Ordinal).ToArray();
            if (matches.Length > 0)
                flagged[finding.IncidentId] = matches;
        }
        return flagged;
    }

    /// <summary>Twelve calendar months apart at most (UTC): 2025-03-01 and 2026-03-01 are within, 2026-03-02 is not.</summary>
    public static bool Within12Months(DateTimeOffset a, DateTimeOffset b)
    {
        var (early, late) = a <= b ? (a.UtcDateTime, b.UtcDateTime) : (b.UtcDateTime, a.UtcDateTime);
        return late <= early.AddMonths(12);
    }
}
