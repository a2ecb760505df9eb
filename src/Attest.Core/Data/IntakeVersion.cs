namespace Attest.Core.Data;

/// <summary>
/// One set of intake answers for a system. Answering again adds a new version; earlier versions stay,
/// so the history of what was declared, by whom and when is kept.
/// </summary>
public sealed class IntakeVersion
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    /// <summary>1 for the first intake of the system, then 2, 3, ...</summary>
    public int Number { get; set; }
    /// <summary>The validated answers in the attest.intake/v1 shape, every key written out.</summary>
    public required string AnswersJson { get; set; }
    public required string AnsweredBy { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}
