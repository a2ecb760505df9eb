using Attest.Engine.Gates;
using static Attest.Engine.Gates.ConfigurationFields;

namespace Attest.Engine.Tests.Gates;

public class MaterialChangeTests
{
    private static readonly MaterialChangeTrigger[] Triggers =
    [
        new("architecture", TriggerKind.Changed, "", Field: Architecture),
        new("prompt-template", TriggerKind.Changed, "", Field: PromptTemplateHash),
        new("new-region", TriggerKind.Added, "", Field: DeploymentRegions),
        new("accuracy-regression", TriggerKind.MetricRegression, "", Metric: "accuracy", Tolerance: 0.02),
        new("log-loss-regression", TriggerKind.MetricRegression, "", Metric: "log_loss", Direction: MetricDirection.LowerIsBetter, Tolerance: 0.05),
    ];

    private static ModelConfiguration Config(string version, string arch = "gbm", string prompt = "sha256:aa", string[]? regions = null,
        double accuracy = 0.90, double logLoss = 0.30) =>
        new(version,
            new Dictionary<string, IReadOnlyList<string>> { [Architecture] = [arch], [PromptTemplateHash] = [prompt], [DeploymentRegions] = regions ?? ["eu"] },
            new Dictionary<string, double> { ["accuracy"] = accuracy, ["log_loss"] = logLoss });

    public static TheoryData<string, ModelConfiguration, string[], string[]> Cases => new()
    {
        { "nothing changed", Config("1.1"), [], [] },
        { "architecture changed", Config("1.1", arch: "transformer"), ["architecture"], ["architecture: gbm → transformer"] },
        { "prompt template changed", Config("1.1", prompt: "sha256:bb"), ["prompt-template"], ["prompt_template_hash: sha256:aa → sha256:bb"] },
        { "new region added", Config("1.1", regions: ["eu", "us"]), ["new-region"], ["new deployment_regions: us"] },
        { "a region removed is not a new region", Config("1.1", regions: []), [], ["no new deployment_regions"] },
        { "accuracy down exactly by the tolerance", Config("1.1", accuracy: 0.88), [], ["accuracy: 0.9 → 0.88, within tolerance 0.02"] },
        { "accuracy down beyond the tolerance", Config("1.1", accuracy: 0.87), ["accuracy-regression"], ["accuracy: 0.9 → 0.87, worse by 0.03 > tolerance 0.02"] },
        { "accuracy up", Config("1.1", accuracy: 0.95), [], ["accuracy: 0.9 → 0.95, within tolerance 0.02"] },
        { "log loss up beyond the tolerance (lower is better)", Config("1.1", logLoss: 0.40), ["log-loss-regression"], ["log_loss: 0.3 → 0.4, worse by 0.1 > tolerance 0.05"] },
        { "two triggers at once", Config("1.1", arch: "transformer", accuracy: 0.8), ["architecture", "accuracy-regression"], ["architecture: gbm → transformer", "accuracy: 0.9 → 0.8, worse by 0.1 > tolerance 0.02"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Material_change_fires_the_matching_triggers(string name, ModelConfiguration candidate, string[] fired, string[] someDetails)
    {
        var assessment = MaterialChangeAssessor.Assess(Triggers, Config("1.0"), candidate);
        assessment.Fired.ShouldBe(fired, name);
        assessment.Material.ShouldBe(fired.Length > 0);
        assessment.Checks.Count.ShouldBe(Triggers.Length, "every trigger is recorded as checked");
        foreach (var detail in someDetails)
            assessment.Checks.Select(c => c.Detail).ShouldContain(detail, name);
    }

    [Fact]
    public void Diff_lists_added_and_removed_values_per_field()
    {
        var assessment = MaterialChangeAssessor.Assess(Triggers, Config("1.0", regions: ["eu", "uk"]), Config("2.0", arch: "transformer", regions: ["eu", "us"], accuracy: 0.91));
        assessment.Diff.Select(d => (d.Field, string.Join(",", d.Added), string.Join(",", d.Removed))).ShouldBe(
            [("architecture", "transformer", "gbm"), ("deployment_regions", "us", "uk")]);
        assessment.MetricDiff.ShouldBe([new MetricDiff("accuracy", 0.90, 0.91)]);
        (assessment.ApprovedVersion, assessment.CandidateVersion).ShouldBe(("1.0", "2.0"));
    }

    [Fact]
    public void A_metric_measured_on_one_version_only_is_not_compared()
    {
        var candidate = Config("1.1") with { Metrics = new Dictionary<string, double> { ["log_loss"] = 0.3 } };
        var check = MaterialChangeAssessor.Assess(Triggers, Config("1.0"), candidate).Checks.Single(c => c.Trigger == "accuracy-regression");
        check.ShouldBe(new TriggerCheck("accuracy-regression", false, "accuracy not measured on both versions; not compared"));
    }
}
