namespace Attest.Core.Data;

/// <summary>
/// A customer's security / AI due-diligence questionnaire, imported from CSV or XLSX and answered for one AI system
/// (the product the customer buys): its questions are <see cref="QuestionnaireAnswer"/> rows.
/// </summary>
public sealed class Questionnaire
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public required string Title { get; set; }
    public required string FileName { get; set; }
    /// <summary>csv or xlsx.</summary>
    public required string Format { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// One question of a questionnaire and its answer: the controls proposed for it (by the answer matcher, or those of the
/// approved answer it reuses), the answer text a governance lead edits, and its approval. Approved answers form the
/// answer library that later questionnaires reuse.
/// </summary>
public sealed class QuestionnaireAnswer
{
    public required string Id { get; set; }
    public required string QuestionnaireId { get; set; }
    public required string SystemId { get; set; }
    /// <summary>The question's row in the imported file (1-based, the header is row 1).</summary>
    public int Row { get; set; }
    /// <summary>The questionnaire's own id of the question ("SEC-4", "12").</summary>
    public required string QuestionRef { get; set; }
    public required string Question { get; set; }
    /// <summary>The question normalised (<c>QuestionText.Normalize</c>): how the library finds it again.</summary>
    public required string QuestionKey { get; set; }
    /// <summary>The proposed controls, best first.</summary>
    public List<string> Controls { get; set; } = [];
    /// <summary>The proposal's scores as JSON ({"ATT-GOV-01": 0.61, …}); empty for a reused answer.</summary>
    public string? ScoresJson { get; set; }
    public string? Answer { get; set; }
    /// <summary>proposed, edited or approved.</summary>
    public required string State { get; set; }
    /// <summary>The approved answer this one was proposed from (the library), when reused.</summary>
    public string? ReusedFromId { get; set; }
    public string? EditedBy { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public int Version { get; set; }
}
