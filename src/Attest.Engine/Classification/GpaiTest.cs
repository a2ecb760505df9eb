using System.Globalization;

namespace Attest.Engine.Classification;

/// <summary>Chapter V: is the organisation's model a general-purpose AI model, and does it carry systemic risk (Art 51)?</summary>
public static class GpaiTest
{
    /// <summary>Art 51(2): high-impact capabilities are presumed when cumulative training compute is greater than 10^25 FLOPs.</summary>
    public const double SystemicRiskComputeThresholdFlops = 1e25;

    public sealed record Result(GpaiStatus Status, IReadOnlyList<string> Basis, IReadOnlyList<string> Reasons);

    public static Result Evaluate(GpaiAnswers gpai)
    {
        if (!gpai.IsGpaiModel)
            return new(GpaiStatus.None, [], []);

        var basis = new List<string>();
        var reasons = new List<string>();
        if (gpai.DesignatedSystemicRisk)
        {
            basis.Add("Art 51(1)(b)");
            reasons.Add("General-purpose AI model with systemic risk: designated by the Commission (Art 51(1)(b)).");
        }
        if (gpai.TrainingComputeFlops is { } flops && flops > SystemicRiskComputeThresholdFlops)
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

        reasons.Add(gpai.TrainingComputeFlops is { } below
            ? $"General-purpose AI model (Art 3(63)) without systemic risk: training compute of {below.ToString("0.###E+0", CultureInfo.InvariantCulture)} FLOPs does not exceed 10^25 (Art 51(2)) and there is no designation (Art 51(1)(b)); Art 53 applies."
            : "General-purpose AI model (Art 3(63)) without systemic risk: no designation (Art 51(1)(b)) and no training compute above 10^25 FLOPs (Art 51(2)); Art 53 applies.");
        if (gpai.OpenLicence)
            reasons.Add("Released under a free and open-source licence: exempt from Art 53(1)(a) and (b) (Art 53(2)).");
        return new(GpaiStatus.Gpai, ["Art 3(63)"], reasons);
    }
}
