namespace Attest.Core.Features.Compliance.Intake;

/// <summary>The keys of an attest.intake/v1 document, by section (shared/specs/intake-answers-v1.md).</summary>
public static class IntakeKeys
{
    public static readonly string[] TopLevel =
    [
        "format", "name", "description", "operator_role", "eu_nexus", "exclusions", "prohibited_practices",
        "prohibited_exceptions", "annex_i_product", "annex_iii", "art_6_3_exemption", "profiling", "transparency",
        "gpai", "deployer_context", "deployment", "autonomy", "personal_data", "affected_people",
        "uses_generative_ai", "third_party_model",
    ];

    public static readonly string[] Transparency =
    [
        "interacts_with_natural_persons", "generates_synthetic_content", "emotion_recognition_or_biometric_categorisation",
        "deep_fake", "public_interest_text",
    ];

    public static readonly string[] Gpai = ["is_gpai_model", "training_compute_flops", "designated_systemic_risk", "open_licence"];

    public static readonly string[] DeployerContext = ["public_body_or_public_service"];

    /// <summary>Every answerable key as a dotted path (the format and the sections themselves excluded), e.g. "transparency.deep_fake".</summary>
    public static IEnumerable<string> AllPaths() =>
        TopLevel.Where(k => k is not ("format" or "transparency" or "gpai" or "deployer_context"))
            .Concat(Transparency.Select(k => "transparency." + k))
            .Concat(Gpai.Select(k => "gpai." + k))
            .Concat(DeployerContext.Select(k => "deployer_context." + k));
}
