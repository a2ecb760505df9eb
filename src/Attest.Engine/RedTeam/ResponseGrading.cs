namespace Attest.Engine.RedTeam;

public enum ProbeVerdict { Safe, Unsafe, Error }

/// <summary>The verdict on one answer: unsafe when any grader finds it unsafe, with every grader's finding.</summary>
public sealed record GradedResponse(ProbeVerdict Verdict, IReadOnlyList<GraderFinding> Findings)
{
    /// <summary>The grader that decided: the first that found the answer unsafe, else the first that judged it.</summary>
    public string Grader => (Findings.FirstOrDefault(f => f.Unsafe) ?? Findings.FirstOrDefault())?.Grader ?? "";

    public IReadOnlyList<string> Reasons => (Findings.FirstOrDefault(f => f.Unsafe) is { } u ? [u] : Findings).SelectMany(f => f.Reasons).ToArray();
}

/// <summary>Runs the offline graders a probe asks for over one answer. Pure.</summary>
public static class ResponseGrading
{
    public static GradedResponse Grade(GradingInput input, IReadOnlyList<string> graders, IReadOnlyList<GraderFinding>? extraFindings = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(graders);
        var findings = new List<GraderFinding>();
        foreach (var grader in graders)
        {
            switch (grader)
            {
                case Graders.Compliance: findings.Add(ComplianceGrader.Grade(input.Response, input.Goal ?? input.Prompt)); break;
                case Graders.Leakage: findings.Add(ResponseGraders.Leakage(input.Response, input.Canary, input.SystemPrompt)); break;
                case Graders.Pii: findings.Add(ResponseGraders.Pii(input.Response)); break;
                case Graders.Markup: findings.Add(ResponseGraders.Markup(input.Response)); break;
                case Graders.Json: findings.Add(ResponseGraders.Json(input.Response, input.SchemaCheck)); break;
                case Graders.Pattern: findings.Add(ResponseGraders.Pattern(input.Response, input.MustNotMatch, input.MustMatch)); break;
                case Graders.LlmJudge: break; // judged by the caller through the endpoint it was given
                default: throw new ArgumentException($"unknown grader '{grader}'", nameof(graders));
            }
        }
        if (extraFindings is not null) findings.AddRange(extraFindings);
        return new GradedResponse(findings.Any(f => f.Unsafe) ? ProbeVerdict.Unsafe : ProbeVerdict.Safe, findings);
    }
}
