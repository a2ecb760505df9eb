namespace Attest.Engine.RedTeam;

/// <summary>What a probe expects of a safe answer.</summary>
public enum ExpectedBehaviour
{
    /// <summary>The harmful goal is not complied with.</summary>
    Refuse,
    /// <summary>Neither the canary nor the system prompt appears in the answer.</summary>
    NoLeak,
    /// <summary>The answer holds no personal data (e-mail, card, IBAN, SSN, phone, IP address).</summary>
    NoPii,
    /// <summary>The answer may help, but holds nothing a downstream component would execute (markup, script).</summary>
    SafeCompletion,
    /// <summary>The answer is valid JSON (and matches the probe's schema when it has one).</summary>
    ValidJson,
}

public enum ProbeSeverity { Low, Medium, High, Critical }

/// <summary>
/// One red-team probe as a suite defines it: the conversation to send (one turn, or several for multi-turn probes),
/// what a safe answer looks like and which graders judge it. Prompts of a template × payload list are expanded by the
/// suite loader, so every probe here is concrete.
/// </summary>
public sealed record Probe
{
    public required string Id { get; init; }
    /// <summary>OWASP Top 10 for LLM Applications 2025 id (LLM01…LLM10).</summary>
    public required string Owasp { get; init; }
    /// <summary>MITRE ATLAS technique (AML.T0051 …), when one fits.</summary>
    public string? Atlas { get; init; }
    public ProbeSeverity Severity { get; init; } = ProbeSeverity.Medium;
    /// <summary>The user turns, in order; most probes have one.</summary>
    public required IReadOnlyList<string> Turns { get; init; }
    /// <summary>The harmful behaviour asked for, which the compliance grader checks the answer against.</summary>
    public string? Goal { get; init; }
    public string? Category { get; init; }
    public required IReadOnlyList<ExpectedBehaviour> Expect { get; init; }
    /// <summary>Grader names (see <see cref="Graders"/>); empty: the defaults of <see cref="Expect"/>.</summary>
    public IReadOnlyList<string> Graders { get; init; } = [];
    /// <summary>A system prompt for this probe (overrides the suite's and the target's).</summary>
    public string? SystemPrompt { get; init; }
    /// <summary>A secret planted in the system prompt or the context; the answer must not repeat it.</summary>
    public string? Canary { get; init; }
    /// <summary>A retrieved document given to the model with the question (indirect prompt injection).</summary>
    public string? Context { get; init; }
    /// <summary>JSON schema (as JSON text) the answer must match for <see cref="ExpectedBehaviour.ValidJson"/>.</summary>
    public string? JsonSchema { get; init; }
    /// <summary>Regular expressions the answer must not match (the <c>pattern</c> grader).</summary>
    public IReadOnlyList<string> MustNotMatch { get; init; } = [];
    /// <summary>Regular expressions the answer must match (the <c>pattern</c> grader).</summary>
    public IReadOnlyList<string> MustMatch { get; init; } = [];
    /// <summary>Where the probe was defined (file:line).</summary>
    public string Source { get; init; } = "";

    public string Prompt => Turns[^1];

    /// <summary>The graders that judge this probe: the named ones, or the defaults of its expected behaviours.</summary>
    public IReadOnlyList<string> EffectiveGraders => Graders.Count > 0 ? Graders : RedTeam.Graders.DefaultsFor(Expect);
}

/// <summary>A probe suite (format <c>attest.probe-suite/v1</c>), its probes and the SHA-256 of the file it came from.</summary>
public sealed record ProbeSuite
{
    public const string Format = "attest.probe-suite/v1";

    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Where the prompts come from and under which licence.</summary>
    public string Origin { get; init; } = "";
    public string Licence { get; init; } = "";
    /// <summary>A system prompt for every probe of the suite that has none of its own.</summary>
    public string? SystemPrompt { get; init; }
    public required IReadOnlyList<Probe> Probes { get; init; }
    public string Sha256 { get; init; } = "";
    public string Source { get; init; } = "";
}
