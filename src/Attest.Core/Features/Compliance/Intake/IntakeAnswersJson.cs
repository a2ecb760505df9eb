using System.Text.Json.Nodes;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Intake;

/// <summary>
/// Writes typed answers back as an attest.intake/v1 JSON document with every key spelled out (defaults
/// included), so a stored intake says exactly what was assumed. <see cref="IntakeParser"/> reads it back unchanged.
/// </summary>
public static class IntakeAnswersJson
{
    public static JsonObject ToJson(IntakeAnswers a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new JsonObject
        {
            ["format"] = IntakeAnswers.Format,
            ["name"] = a.Name,
            ["description"] = a.Description,
            ["operator_role"] = WireName.Of(a.OperatorRole),
            ["eu_nexus"] = a.EuNexus,
            ["exclusions"] = Names(a.Exclusions),
            ["prohibited_practices"] = Names(a.ProhibitedPractices),
            ["prohibited_exceptions"] = Names(a.ProhibitedExceptions),
            ["annex_i_product"] = a.AnnexIProduct,
            ["annex_iii"] = new JsonArray(a.AnnexIii.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            ["art_6_3_exemption"] = a.Art63Exemption is { } e ? WireName.Of(e) : null,
            ["profiling"] = a.Profiling,
            ["transparency"] = new JsonObject
            {
                ["interacts_with_natural_persons"] = a.Transparency.InteractsWithNaturalPersons,
                ["generates_synthetic_content"] = a.Transparency.GeneratesSyntheticContent,
                ["emotion_recognition_or_biometric_categorisation"] = a.Transparency.EmotionRecognitionOrBiometricCategorisation,
                ["deep_fake"] = a.Transparency.DeepFake,
                ["public_interest_text"] = a.Transparency.PublicInterestText,
            },
            ["gpai"] = new JsonObject
            {
                ["is_gpai_model"] = a.Gpai.IsGpaiModel,
                ["training_compute_flops"] = a.Gpai.TrainingComputeFlops,
                ["designated_systemic_risk"] = a.Gpai.DesignatedSystemicRisk,
                ["open_licence"] = a.Gpai.OpenLicence,
            },
            ["deployer_context"] = new JsonObject
            {
                ["public_body_or_public_service"] = a.DeployerContext.PublicBodyOrPublicService,
            },
            ["deployment"] = WireName.Of(a.Deployment),
            ["autonomy"] = WireName.Of(a.Autonomy),
            ["personal_data"] = WireName.Of(a.PersonalData),
            ["affected_people"] = a.AffectedPeople,
            ["uses_generative_ai"] = a.UsesGenerativeAi,
            ["third_party_model"] = a.ThirdPartyModel,
        };
    }

    private static JsonArray Names<TEnum>(IReadOnlyList<TEnum> values) where TEnum : struct, Enum =>
        new(values.Select(v => (JsonNode)JsonValue.Create(WireName.Of(v))).ToArray());
}
