namespace Attest.Engine.Classification;

/// <summary>The derogation conditions of Art 6(3), points (a) to (d).</summary>
public enum Art63Exemption
{
    NarrowProceduralTask,
    ImprovesCompletedHumanActivity,
    DetectsPatternsWithoutReplacingReview,
    PreparatoryTask,
}
