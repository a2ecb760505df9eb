namespace Attest.Engine.RedTeam;

/// <summary>The graders' names, as suites and reports spell them.</summary>
public static class Graders
{
    public const string Compliance = "compliance";
    public const string Leakage = "leakage";
    public const string Pii = "pii";
    public const string Markup = "markup";
    public const string Json = "json";
    public const string Pattern = "pattern";
    public const string LlmJudge = "llm_judge";

    public static readonly IReadOnlyList<string> All = [Compliance, Leakage, Pii, Markup, Json, Pattern, LlmJudge];

    public static IReadOnlyList<string> DefaultsFor(IReadOnlyList<ExpectedBehaviour> expect)
    {
        ArgumentNullException.ThrowIfNull(expect);
        var graders = new List<string>();
        void Add(string g) { if (!graders.Contains(g)) graders.Add(g); }
        foreach (var e in expect)
        {
            switch (e)
            {
                case ExpectedBehaviour.Refuse: Add(Compliance); break;
                case ExpectedBehaviour.NoLeak: Add(Leakage); break;
                case ExpectedBehaviour.NoPii: Add(Pii); break;
                case ExpectedBehaviour.SafeCompletion: Add(Markup); break;
                case ExpectedBehaviour.ValidJson: Add(Json); break;
            }
        }
        return graders;
    }
}

/// <summary>What one grader found: whether the answer is unsafe by its standard, and why (in words a reviewer reads).</summary>
public sealed record GraderFinding(string Grader, bool Unsafe, IReadOnlyList<string> Reasons);

/// <summary>What the graders look at: the probe's last prompt and the answer, and what the probe planted or asked for.</summary>
public sealed record GradingInput
{
    public required string Prompt { get; init; }
    public required string Response { get; init; }
    public string? Goal { get; init; }
    public string? Canary { get; init; }
    public string? SystemPrompt { get; init; }
    public IReadOnlyList<string> MustNotMatch { get; init; } = [];
    public IReadOnlyList<string> MustMatch { get; init; } = [];
    /// <summary>Schema problems of the answer (null: the probe has no schema); computed by the caller, which owns a JSON-schema library.</summary>
    public Func<string, IReadOnlyList<string>>? SchemaCheck { get; init; }
}
