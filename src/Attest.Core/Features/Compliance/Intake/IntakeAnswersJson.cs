using System.Text.Json.Nodes;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Intake;

/// <summary>
/// Writes typed answers back as an attest.intake/v1 JSON document saying exactly what was answered: every answered key
/// with its value, <c>unknown</c> for a question answered unknown, and no key for a question left out (nothing is
/// assumed). <see cref="IntakeParser"/> reads it back unchanged.
/// </summary>
public static class IntakeAnswersJson
{
    public static JsonObject ToJson(IntakeAnswers a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var root = new JsonObject
        {
            ["format"] = IntakeAnswers.Format,
            ["name"] = a.Name,
            ["description"] = a.Description,
        };
        void Put(string key, Func<JsonNode?> value)
        {
            if (a.Unanswered.Contains(key))
                return;
            var node = a.Unknown.Contains(key) ? JsonValue.Create(IntakeParser.UnknownWord) : value();
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                root[key] = node;
                return;
            }
            var section = key[..dot];
            if (root[section] is not JsonObject child)
                root[section] = child = new JsonObject();
            child[key[(dot + 1)..]] = node;
        }

        Put(AnswerKeys.OperatorRole, () => WireName.Of(a.OperatorRole));
        Put(AnswerKeys.EuNexus, () => a.EuNexus);
        Put(AnswerKeys.Exclusions, () => Names(a.Exclusions));
        Put(AnswerKeys.ProhibitedPractices, () => Names(a.ProhibitedPractices));
        Put(AnswerKeys.ProhibitedExceptions, () => Names(a.ProhibitedExceptions));
        Put(AnswerKeys.AnnexIProduct, () => a.AnnexIProduct);
        Put(AnswerKeys.AnnexIii, () => new JsonArray(a.AnnexIii.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()));
        Put(AnswerKeys.Art63Exemption, () => a.Art63Exemption is { } e ? WireName.Of(e) : null);
        Put(AnswerKeys.Profiling, () => a.Profiling);
        Put(AnswerKeys.InteractsWithNaturalPersons, () => a.Transparency.InteractsWithNaturalPersons);
        Put(AnswerKeys.GeneratesSyntheticContent, () => a.Transparency.GeneratesSyntheticContent);
        Put(AnswerKeys.EmotionRecognitionOrBiometricCategorisation, () => a.Transparency.EmotionRecognitionOrBiometricCategorisation);
        Put(AnswerKeys.DeepFake, () => a.Transparency.DeepFake);
        Put(AnswerKeys.PublicInterestText, () => a.Transparency.PublicInterestText);
        Put(AnswerKeys.IsGpaiModel, () => a.Gpai.IsGpaiModel);
        Put(AnswerKeys.TrainingComputeFlops, () => a.Gpai.TrainingComputeFlops);
        Put(AnswerKeys.DesignatedSystemicRisk, () => a.Gpai.DesignatedSystemicRisk);
        Put(AnswerKeys.OpenLicence, () => a.Gpai.OpenLicence);
        Put(AnswerKeys.PublicBodyOrPublicService, () => a.DeployerContext.PublicBodyOrPublicService);
        Put(AnswerKeys.Deployment, () => WireName.Of(a.Deployment));
        Put(AnswerKeys.Autonomy, () => WireName.Of(a.Autonomy));
        Put(AnswerKeys.PersonalData, () => WireName.Of(a.PersonalData));
        Put(AnswerKeys.AffectedPeople, () => a.AffectedPeople);
        Put(AnswerKeys.UsesGenerativeAi, () => a.UsesGenerativeAi);
        Put(AnswerKeys.ThirdPartyModel, () => a.ThirdPartyModel);
        return root;
    }

    private static JsonArray Names<TEnum>(IReadOnlyList<TEnum> values) where TEnum : struct, Enum =>
        new(values.Select(v => (JsonNode)JsonValue.Create(WireName.Of(v))).ToArray());
}
