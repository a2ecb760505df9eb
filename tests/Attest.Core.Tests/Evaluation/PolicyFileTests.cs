using Attest.Evaluation.Input;
using Attest.Evaluation.Policy;
using Attest.Engine.Evaluation.Policy;

namespace Attest.Core.Tests.Evaluation;

public sealed class PolicyFileTests
{
    [Fact]
    public void A_policy_file_parses_into_rules()
    {
        var rules = PolicyFile.Parse("""
            rules:
              - id: dp
                metric: demographic_parity_ratio
                feature: race&sex
                comparator: ">="
                threshold: 0.8
                judge: ci
                min_n: 30
              - metric: accuracy
                comparator: "<"
                threshold: 1
            """, "policy.yaml");
        rules.Count.ShouldBe(2);
        rules[0].ShouldBe(new PolicyRule("dp", "demographic_parity_ratio", "race&sex", null, PolicyComparator.GreaterOrEqual, 0.8, PolicyJudgement.ConfidenceBound, 30));
        rules[1].Id.ShouldBe("rule-2");
        rules[1].Feature.ShouldBeNull();
    }

    [Theory]
    [InlineData("rules:\n  - metric: accuracy\n    comparator: '=='\n    threshold: 1\n", "policy.yaml: line 3: comparator '==' (expected >=, >, <= or <)")]
    [InlineData("rules:\n  - metric: fairness\n    comparator: '>'\n    threshold: 1\n", "policy.yaml: line 2: unknown metric 'fairness'")]
    [InlineData("rules:\n  - metric: accuracy\n    comparator: '>'\n", "policy.yaml: line 2: rule 1 needs 'threshold'")]
    [InlineData("rules:\n  - metric: demographic_parity_ratio\n    comparator: '>'\n    threshold: 0.8\n", "policy.yaml: line 2: rule 1: 'demographic_parity_ratio' needs a 'feature'")]
    [InlineData("rules:\n  - metric: accuracy\n    comparator: '>'\n    threshold: 0.8\n    treshold: 1\n", "policy.yaml: line 5: unknown key 'treshold'")]
    [InlineData("rules: [\n", "policy.yaml: line 2: not valid YAML")]
    [InlineData("gates: []\n", "policy.yaml: expected a mapping with a 'rules' list")]
    public void Policy_errors_name_the_file_line_and_key(string yaml, string expected)
    {
        Should.Throw<EvaluationInputException>(() => PolicyFile.Parse(yaml, "policy.yaml")).Message.ShouldStartWith(expected);
    }
}
