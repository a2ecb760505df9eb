namespace Attest.Engine.Classification;

/// <summary>Why a question has no answer to decide with.</summary>
public enum AnswerGap
{
    /// <summary>The question was left out.</summary>
    Unanswered,
    /// <summary>The question was answered <c>unknown</c>.</summary>
    Unknown,
}

/// <summary>A question that decides the outcome and has no answer yet: its key, why it is missing, and what it decides.</summary>
public sealed record MissingAnswer(string Key, AnswerGap Gap, string Decides);

/// <summary>Whether the answers decided a result, or questions that decide it are missing.</summary>
public enum ClassificationStatus
{
    Complete,
    Incomplete,
}
