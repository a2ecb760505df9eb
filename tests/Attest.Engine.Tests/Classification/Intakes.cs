using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

/// <summary>Intake answers for tests: an in-scope provider with every other answer at the spec's default.</summary>
internal static class Intakes
{
    public static IntakeAnswers Provider() => new()
    {
        Name = "Test system",
        OperatorRole = OperatorRole.Provider,
        EuNexus = true,
    };

    public static IntakeAnswers Deployer() => Provider() with { OperatorRole = OperatorRole.Deployer };

    public static Attest.Engine.Classification.Classification Classify(IntakeAnswers answers) =>
        Classifier.Classify(answers, Tables.Regulation, RegulatoryCalendar.Original2024);

    public static IReadOnlyList<string> Articles(this Attest.Engine.Classification.Classification c) =>
        c.Obligations.Select(o => o.Article).ToArray();
}
