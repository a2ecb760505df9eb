namespace Attest.Engine.Classification;

/// <summary>
/// A person's override of the computed EU AI Act class. It is recorded beside the computed result, never
/// instead of it, and only with a written justification.
/// </summary>
public sealed record ClassificationOverride
{
    /// <summary>A justification shorter than this is not one.</summary>
    public const int MinimumJustificationLength = 20;

    private ClassificationOverride(EuAiActClass overriddenClass, string justification, string overriddenBy)
    {
        Class = overriddenClass;
        Justification = justification;
        OverriddenBy = overriddenBy;
    }

    public EuAiActClass Class { get; }
    public string Justification { get; }
    public string OverriddenBy { get; }

    /// <summary>The override, or the reason it cannot be accepted.</summary>
    public static (ClassificationOverride? Override, string? Error) Create(EuAiActClass overriddenClass, string? justification, string? overriddenBy)
    {
        if (overriddenClass == EuAiActClass.Incomplete)
            return (null, "an override must name a class of the Regulation; incomplete is not one");
        if (string.IsNullOrWhiteSpace(overriddenBy))
            return (null, "an override must name who made it");
        var text = justification?.Trim() ?? "";
        if (text.Length < MinimumJustificationLength)
            return (null, $"an override needs a justification of at least {MinimumJustificationLength} characters");
        return (new ClassificationOverride(overriddenClass, text, overriddenBy.Trim()), null);
    }
}

/// <summary>The computed classification and, beside it, any human override; the effective class is the override's when there is one.</summary>
public sealed record ReviewedClassification(Classification Computed, ClassificationOverride? Override = null)
{
    public EuAiActClass EffectiveClass => Override?.Class ?? Computed.Class;

    public bool IsOverridden => Override is not null;
}
