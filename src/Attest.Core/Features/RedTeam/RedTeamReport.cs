using Attest.Engine.RedTeam;

namespace Attest.Core.Features.RedTeam;

public sealed record SuiteIdentity(string Id, string Title, string Sha256, string Source, int Probes);

/// <summary>The target as the report names it: its kind, name, model, the host it called (never a secret) and the SHA-256 of its file.</summary>
public sealed record TargetIdentity(string Kind, string Name, string? Model, string? Host, string Sha256);

public sealed record ResponsesIdentity(string File, string Sha256, int Rows);

/// <summary>How a report came about: a run against a target, or grading of recorded responses.</summary>
public sealed record RedTeamRunInfo
{
    public required string Mode { get; init; }
    public SuiteIdentity? Suite { get; init; }
    public TargetIdentity? Target { get; init; }
    public ResponsesIdentity? Responses { get; init; }
    public IReadOnlyList<string> Strategies { get; init; } = [];
    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationMs { get; init; }
    public string AttestVersion { get; init; } = Gates.ExportGateBundle.AttestVersion;
}

/// <summary>A red-team report (format <c>attest.red-team-report/v1</c>): every result, the statistics and the graders' measured agreement.</summary>
public sealed record RedTeamReport(RedTeamRunInfo Info, IReadOnlyList<ProbeResult> Results, RedTeamSummary Summary, IReadOnlyList<GraderAgreement> Agreements)
{
    public const string Format = "attest.red-team-report/v1";
    public const string EvidenceType = "red_team_report";
    public const string ContentWarning = "Content warning: this report quotes prompts that ask for harmful content and answers that may contain it.";

    public static RedTeamReport Of(RedTeamRunInfo info, IReadOnlyList<ProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var used = results.SelectMany(r => r.Findings.Select(f => f.Grader)).Distinct(StringComparer.Ordinal).ToArray();
        return new RedTeamReport(info, results, RedTeamSummary.Of(results), GraderAgreements.For(used));
    }
}
