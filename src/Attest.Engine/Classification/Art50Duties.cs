namespace Attest.Engine.Classification;

/// <summary>The transparency duties of Art 50 a system triggers, whatever its class (they stack on high-risk).</summary>
public static class Art50Duties
{
    public const string Provider = "provider";
    public const string Deployer = "deployer";

    public static IReadOnlyList<TransparencyDuty> Of(TransparencyAnswers answers)
    {
        var duties = new List<TransparencyDuty>();
        if (answers.InteractsWithNaturalPersons)
            duties.Add(new("Art 50(1)", Provider, "inform people that they are interacting with an AI system, unless that is obvious"));
        if (answers.GeneratesSyntheticContent)
            duties.Add(new("Art 50(2)", Provider, "mark synthetic audio, image, video or text in a machine-readable format so it is detectable as artificially generated"));
        if (answers.EmotionRecognitionOrBiometricCategorisation)
            duties.Add(new("Art 50(3)", Deployer, "inform the people exposed to emotion recognition or biometric categorisation, and process their data under the GDPR"));
        if (answers.DeepFake)
            duties.Add(new("Art 50(4)", Deployer, "disclose that image, audio or video content is a deep fake, artificially generated or manipulated"));
        if (answers.PublicInterestText)
            duties.Add(new("Art 50(4)", Deployer, "disclose that text published to inform the public on matters of public interest is artificially generated, unless a person reviewed it and holds editorial responsibility"));
        return duties;
    }

    public static CalendarMilestone MilestoneOf(TransparencyDuty duty) =>
        duty.Article == "Art 50(2)" ? CalendarMilestone.TransparencyMarking : CalendarMilestone.Transparency;
}
