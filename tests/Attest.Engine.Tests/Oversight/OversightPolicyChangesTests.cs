using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

public sealed class OversightPolicyChangesTests
{
    private static OversightPolicy Policy(double threshold, double sample = 0.02, bool withDeclines = true, string sla = "4h")
    {
        var rules = new List<OversightRule>
        {
            new("low-confidence", new RuleConditions { ConfidenceBelow = new(threshold, new Dictionary<string, double>()) }, ReviewDuration.Parse(sla)!.Value, ReviewPriority.Normal),
            new("audit-sample", new RuleConditions { SampleRate = sample }, TimeSpan.FromDays(2), ReviewPriority.Low),
        };
        if (withDeclines) rules.Add(new("declines", new RuleConditions { OutputIn = new HashSet<string> { "decline" } }, TimeSpan.FromHours(8), ReviewPriority.High));
        return new OversightPolicy(["ATT-OVS-01"], false, rules);
    }

    [Fact]
    public void A_first_policy_changes_no_threshold() => OversightPolicyChanges.ThresholdChanges(null, Policy(0.8)).ShouldBeEmpty();

    [Fact]
    public void Threshold_moves_and_removed_rules_are_listed()
    {
        var changes = OversightPolicyChanges.ThresholdChanges(Policy(0.8), Policy(0.7, sample: 0.01, withDeclines: false));
        changes.ShouldBe([
            "rule declines removed",
            "rule low-confidence: confidence_below 0.8 → 0.7",
            "rule audit-sample: sample_rate 0.02 → 0.01",
        ]);
    }

    [Fact]
    public void SLA_changes_are_not_threshold_changes() =>
        OversightPolicyChanges.ThresholdChanges(Policy(0.8), Policy(0.8, sla: "1d")).ShouldBeEmpty();

    [Theory]
    [InlineData(null, 184, "retention_days: unset (kept for ever) → 184")]
    [InlineData(400, 184, "retention_days: 400 → 184")]
    [InlineData(184, null, "retention_days: 184 → unset (kept for ever)")]
    public void A_retention_change_is_listed(int? before, int? after, string change) =>
        OversightPolicyChanges.ThresholdChanges(Policy(0.8) with { RetentionDays = before }, Policy(0.8) with { RetentionDays = after }).ShouldBe([change]);

    [Fact]
    public void A_policy_without_retention_hashes_as_before_the_field_existed()
    {
        Policy(0.8).ToJson().ContainsKey("retention_days").ShouldBeFalse();
        (Policy(0.8) with { RetentionDays = 365 }).ToJson()["retention_days"]!.GetValue<int>().ShouldBe(365);
    }

    [Theory]
    [InlineData("critical", true)]
    [InlineData("high", true)]
    [InlineData("medium", false)]
    [InlineData("low", false)]
    [InlineData(null, false)]
    public void Threshold_changes_are_material_for_high_risk_tiers(string? tier, bool material) =>
        OversightPolicyChanges.IsMaterial(["rule x added"], tier).ShouldBe(material);

    [Fact]
    public void No_change_is_never_material() => OversightPolicyChanges.IsMaterial([], "critical").ShouldBeFalse();
}
