using System.Globalization;

namespace Attest.Engine.Classification;

/// <summary>Chapter V: is the organisation's model a general-purpose AI model, and does it carry systemic risk (Art 51)?</summary>
public static class GpaiTest
{
    /// <summary>Art 51(2): high-impact capabilities are presumed when cumulative training compute is greater than 10^25 FLOPs.</summary>
    public const double SystemicRiskComputeThresholdFlops = 1e25;

    public sealed record Result(GpaiStatus Status, IReadOnlyList<string> Basis, IReadOnlyList<string> Reasons);

    public static Result None { get; } = new(GpaiStatus.None, [], []);

    /// <summary>
    /// The Chapter V status. <paramref name="need"/> says whether a question has an answer and records it as missing
    /// when it has none; it is called only for the questions the status depends on (the compute figure not when the
    /// Commission designated the model, the open licence not for a model with systemic risk).
    /// </summary>
    public static Result Evaluate(IntakeAnswers answers, Func<string, bool> need)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(need);
        var gpai = answers.Gpai;
        if (!need(AnswerKeys.IsGpaiModel) || !gpai.IsGpaiModel)
            return None;

        var basis = new List<string>();
        var reasons = new List<string>();
        var designated = need(AnswerKeys.DesignatedSystemicRisk) && gpai.DesignatedSystemicRisk;
        if (designated)
        {
            basis.Add("Art 51(1)(b)");
            reasons.Add("General-purpose AI model with systemic risk: designated by the Commission (Art 51(1)(b)).");
        }
        // Art 51(2) presumes systemic risk from compute: without a designation the figure decides the status, with one it only adds to the basis.
        var computeKnown = designated ? answers.IsKnown(AnswerKeys.TrainingComputeFlops) : need(AnswerKeys.TrainingComputeFlops);
        if (computeKnown && gpai.TrainingComputeFlops is { } flops && flops > SystemicRiskComputeThresholdFlops)
        {
            basis.Add("Art 51(2)");
            reasons.Add($"General-purpose AI model with systemic risk: cumulative training compute of {flops.ToString("0.###E+0", CultureInfo.InvariantCulture)} FLOPs exceeds 10^25, so high-impact capabilities are presumed (Art 51(2)).");
        }
        if (basis.Count > 0)
        {
            if (gpai.OpenLicence)
                reasons.Add("The open-licence relief of Art 53(2) does not apply to a model with systemic risk.");
            return new(GpaiStatus.GpaiSystemicRisk, basis, reasons);
        }

        // Art 53(2): the open-licence relief matters only for a model without systemic risk.
        var openLicence = need(AnswerKeys.OpenLicence) && gpai.OpenLicence;
        reasons.Add(gpai.TrainingComputeFlops is { } below
            ? $"General-purpose AI model (Art 3(63)) without systemic risk: training compute of {below.ToString("0.###E+0", CultureInfo.InvariantCulture)} FLOPs does not exceed 10^25 (Art 51(2)) and there is no designation (Art 51(1)(b)); Art 53 applies."
            : "General-purpose AI model (Art 3(63)) without systemic risk: no designation (Art 51(1)(b)) and no training compute above 10^25 FLOPs (Art 51(2)); Art 53 applies.");
        if (openLicence)
            reasons.Add("Released under a free and open-source licence: exempt from Art 53(1)(a) and (b) (Art 53(2)).");
        return new(GpaiStatus.Gpai, ["Art 3(63)"], reasons);
    }
}
