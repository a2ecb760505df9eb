using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Rules;
using Attest.Engine.Tests.Classification;

namespace Attest.Engine.Tests.Controls;

public class ControlLibraryTests
{
    private static Control Make(string id, ApplicabilityRule rule, params string[] mappings) => new()
    {
        Id = id,
        Title = id,
        Objective = id,
        Group = new ControlGroup("g", "G"),
        EvidenceTypes = ["sign_off"],
        RenewalMonths = 12,
        AppliesWhen = rule,
        Mappings = mappings.Select(m => { RequirementRef.TryParse(m, out var r); return r!; }).ToArray(),
    };

    private static readonly ControlLibrary Library = new()
    {
        Version = new ControlLibraryVersion("test 1", "sha256:00"),
        Frameworks = [],
        Controls =
        [
            Make("T-ALWAYS", ApplicabilityRule.Always, "eu-ai-act:art-4"),
            Make("T-HIGH", new ApplicabilityRule([new FactCondition(new Dictionary<string, IReadOnlyList<string>> { ["eu_class"] = ["high_risk"] })]), "eu-ai-act:art-9", "nist-ai-rmf:MAP-5.1"),
            Make("T-GENAI", new ApplicabilityRule([new FactCondition(new Dictionary<string, IReadOnlyList<string>> { ["uses_generative_ai"] = ["true"] })]), "owasp-llm-2025:LLM01"),
        ],
    };

    private static IReadOnlyList<string> Applicable(IntakeAnswers answers) =>
        Library.Applicable(answers, Intakes.Classify(answers)).Select(c => c.Id).ToArray();

    [Fact]
    public void Applicable_controls_are_those_whose_rule_matches_the_system_in_library_order()
    {
        Applicable(Intakes.Provider()).ShouldBe(["T-ALWAYS"]);
        Applicable(Intakes.Provider() with { AnnexIii = ["III.4(a)"], UsesGenerativeAi = true }).ShouldBe(["T-ALWAYS", "T-HIGH", "T-GENAI"]);
    }

    [Fact]
    public void Controls_can_be_found_by_framework_and_by_requirement()
    {
        Library.ForFramework("nist-ai-rmf").Select(c => c.Id).ShouldBe(["T-HIGH"]);
        Library.MappedTo(new RequirementRef("eu-ai-act", "art-4")).Select(c => c.Id).ShouldBe(["T-ALWAYS"]);
    }

    [Theory]
    [InlineData("nist-ai-rmf:MEASURE-2.11", true)]
    [InlineData("iso42001:A.6.2.4", true)]
    [InlineData("nist-ai-rmf", false)]
    [InlineData(":x", false)]
    [InlineData("a:", false)]
    [InlineData("a b:c", false)]
    public void Requirement_references_parse_as_framework_colon_requirement(string text, bool ok)
    {
        RequirementRef.TryParse(text, out var reference).ShouldBe(ok);
        if (ok)
            reference!.ToString().ShouldBe(text);
    }
}
