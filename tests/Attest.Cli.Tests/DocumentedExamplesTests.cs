using Attest.Cli.Tests.Fixtures;

namespace Attest.Cli.Tests;

/// <summary>The example intakes in docs/examples classify as docs/classification.md says they do.</summary>
public class DocumentedExamplesTests
{
    [Theory]
    [InlineData("docs/examples/resume-screener.intake.yaml", "high_risk", "Art 6(2)|Annex III.4(a)", "Art 50(1)", "none", "high")]
    [InlineData("docs/examples/support-chatbot.intake.json", "limited_risk", "Art 50(1)|Art 50(2)", "Art 50(1)|Art 50(2)", "none", "high")]
    [InlineData("docs/examples/foundation-model.intake.yaml", "minimal_risk", "", "", "gpai_systemic_risk", "high")]
    public async Task The_documented_examples_classify_as_documented(string file, string euClass, string basis, string transparency, string gpai, string tier)
    {
        var run = await CliRun.Of("classify", Fixture.RepoPath(file), "--json");

        run.ExitCode.ShouldBe(0);
        var eu = run.Json["eu_ai_act"]!;
        eu["class"]!.GetValue<string>().ShouldBe(euClass);
        string.Join("|", eu["basis"]!.AsArray().Select(n => n!.GetValue<string>())).ShouldBe(basis);
        string.Join("|", eu["transparency"]!.AsArray().Select(n => n!.GetValue<string>())).ShouldBe(transparency);
        eu["gpai"]!.GetValue<string>().ShouldBe(gpai);
        run.Json["tier"]!.GetValue<string>().ShouldBe(tier);
    }
}
