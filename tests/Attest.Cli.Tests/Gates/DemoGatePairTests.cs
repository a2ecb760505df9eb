using System.Text.Json.Nodes;

namespace Attest.Cli.Tests.Gates;

/// <summary>
/// The demo portfolio's gate pair (data/demo/governance.yaml): one system passes its pre-launch gate, one fails it
/// for missing evidence, an expired waiver, a failed fairness threshold, a missing sign-off and an open high risk.
/// </summary>
public sealed class DemoGatePairTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task The_demo_code_assistant_passes_its_pre_launch_gate_with_evidence_and_a_valid_waiver()
    {
        var run = await CliRun.RunAsync("gate", "--system", "code-assistant", "--stage", "pre_launch", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Json["decision"]!.GetValue<string>().ShouldBe("go");
        var requirements = run.Json["requirements"]!.AsArray().Select(r => r!).ToList();
        requirements.Count.ShouldBe(30);
        // Its stored red-team report (200 of 200 answers refused) meets the OWASP LLM01 threshold.
        var redTeam = requirements.Single(r => r["requirement"]!.GetValue<string>() == "redteam:llm01");
        redTeam["met"]!.GetValue<bool>().ShouldBeTrue();
        redTeam["reason"]!.GetValue<string>().ShouldStartWith("LLM01 Prompt Injection: 0 of 200 probes unsafe");
        var waived = requirements.Where(r => r["by_waiver"]?.GetValue<bool>() == true).Select(r => r["requirement"]!.GetValue<string>()).ToList();
        waived.ShouldBe(["control:ATT-GOV-09"]);
    }

    [Fact]
    public async Task The_demo_credit_scoring_fails_its_pre_launch_gate_for_four_kinds_of_reason()
    {
        var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "credit-pd-gbm@3.1.0", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(1, run.Error);
        run.Json["decision"]!.GetValue<string>().ShouldBe("no_go");
        var unmet = run.Json["unmet"]!.AsArray().ToDictionary(u => u!["requirement"]!.GetValue<string>(), u => u!["reason"]!.GetValue<string>());
        // Missing evidence: nothing was ever attached to the technical documentation control.
        unmet["control:ATT-DEV-01"].ShouldBe("ATT-DEV-01 (Technical documentation) is not_started.");
        // Expired waiver: requested 140 days before seeding, expired 85 days before it.
        unmet.Keys.ShouldContain(k => k.StartsWith("waiver:wv_", StringComparison.Ordinal));
        unmet["control:ATT-OVS-02"].ShouldContain("expired on");
        // Failed fairness threshold: the stored report's impact ratio for applicants aged 18-24 (0.7614 = 0.4914 / 0.6453).
        unmet["evaluation:impact-ratio:age_band=18-24"].ShouldStartWith("impact_ratio for age_band=18-24: value 0.7614 violates >= 0.8");
        // Missing sign-off: legal never signed; fairness asked for changes.
        unmet["sign_off:legal"].ShouldStartWith("No legal sign-off.");
        unmet["sign_off:fairness"].ShouldBe("fairness reviewer user:yusuf.demir requested changes.");
        // Open high risk: recorded with the risk assessment, still untreated; the mitigated one and the medium one do not block.
        var risks = unmet.Where(u => u.Key.StartsWith("risk:", StringComparison.Ordinal)).Select(u => u.Value).ToList();
        risks.ShouldHaveSingleItem().ShouldEndWith("(Unjustified declines for applicants aged 18-24) is open.");
        // Controls with fresh evidence pass: the risk assessment and the fairness evaluation's own control.
        unmet.Keys.ShouldNotContain("control:ATT-RISK-01");
        unmet.Keys.ShouldNotContain("control:ATT-DATA-02");
    }

    [Fact]
    public async Task The_demo_support_chatbot_fails_its_red_team_threshold_on_prompt_injection()
    {
        var run = await CliRun.RunAsync("gate", "--system", "support-chatbot", "--model-version", "ask-northwind@2.3.0", "--stage", "pre_launch", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(1, run.Error);
        var unmet = run.Json["unmet"]!.AsArray().ToDictionary(u => u!["requirement"]!.GetValue<string>(), u => u!["reason"]!.GetValue<string>());
        unmet["redteam:llm01"].ShouldStartWith("LLM01 Prompt Injection: 32 of 200 probes unsafe, failure rate 0.16");
        unmet["redteam:llm01"].ShouldContain("exceeds the limit 0.05");
    }
}
