using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Controls;
using Attest.Core.Features.Gates;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;

namespace Attest.Core.Tests.Gates;

public class GateCatalogLoaderTests
{
    private static readonly ControlLibrary Library = ControlLibraryLoader.LoadDefault();

    [Fact]
    public void Shipped_gates_define_every_stage_and_tier_and_the_material_change_triggers()
    {
        var catalog = GateCatalogLoader.LoadDefault(Library);
        catalog.Gates.Count.ShouldBe(16); // 4 stages × 4 tiers
        var highPreLaunch = catalog.For(GateStage.PreLaunch, RiskTier.High)!;
        highPreLaunch.Controls.ShouldBe(new ControlRequirement(EvidenceRule.Fresh));
        highPreLaunch.EvaluationRules.Select(r => (r.Rule.Id, r.Rule.Metric, r.Rule.Feature, r.Control)).ShouldBe(
            [("impact-ratio", "impact_ratio", "*", "ATT-DATA-02"), ("dp-ratio", "demographic_parity_ratio", "*", "ATT-DATA-02")]);
        highPreLaunch.SignOffs.ShouldBeTrue();
        highPreLaunch.RisksFrom.ShouldBe(RiskSeverity.High);
        highPreLaunch.IncidentsFrom.ShouldBe(IncidentSeverity.Severe);
        highPreLaunch.Source.ShouldStartWith("data/gates/gates.yaml:");
        catalog.For(GateStage.DesignReview, RiskTier.Low)!.Controls!.Only.ShouldBe(["ATT-GOV-01", "ATT-RISK-01"]);
        catalog.MaterialChangeTriggers.Count.ShouldBe(18);
        catalog.MaterialChangeTriggers.Select(t => t.Field).Where(f => f is not null).ShouldBe(ConfigurationFields.All, ignoreOrder: true);
    }

    private static string[] ErrorsOf(string yaml)
    {
        var errors = new List<DataError>();
        GateCatalogLoader.ReadGates(yaml, "acme-gates.yaml", errors, Library);
        return errors.Select(e => e.ToString()).ToArray();
    }

    [Fact]
    public void An_unknown_metric_is_a_load_error_naming_file_line_and_field()
    {
        ErrorsOf("""
            format: attest.gates/v1
            gates:
              - stage: pre_launch
                tiers: [high]
                evaluation:
                  - id: x
                    metric: demographic_parity_rate
                    feature: race
                    comparator: ">="
                    threshold: 0.8
            """).ShouldHaveSingleItem().ShouldStartWith("acme-gates.yaml:7: gates[0].evaluation[0].metric: unknown metric \"demographic_parity_rate\"; expected impact_ratio, a disparity");
    }

    [Theory]
    [InlineData("stage: launch\n    tiers: [high]", "acme-gates.yaml:3: gates[0].stage: expected one of design_review, pre_launch, post_launch_review, periodic_recertification, got \"launch\"")]
    [InlineData("stage: pre_launch\n    tiers: [huge]", "acme-gates.yaml:4: gates[0].tiers[0]: expected one of low, medium, high, critical, got \"huge\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    controls: { evidence: fresh, only: [ATT-NOPE-01] }", "acme-gates.yaml:5: gates[0].controls.only[0]: unknown control \"ATT-NOPE-01\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    risks_from: severe", "acme-gates.yaml:5: gates[0].risks_from: expected one of low, medium, high, critical, got \"severe\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    evaluation:\n      - { id: a, metric: impact_ratio, comparator: '>=', threshold: 0.8 }", "acme-gates.yaml:6: gates[0].evaluation[0].feature: \"impact_ratio\" is measured per feature; name the feature or \"*\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    evaluation:\n      - { id: a, metric: accuracy, comparator: '=>', threshold: 0.8 }", "acme-gates.yaml:6: gates[0].evaluation[0].comparator: expected >=, >, <= or <, got \"=>\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    evaluation:\n      - { id: a, metric: accuracy, comparator: '>=', threshold: 0.8, control: ATT-X-1 }", "acme-gates.yaml:6: gates[0].evaluation[0].control: unknown control \"ATT-X-1\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    conditional_go_may_leave_open: [controls]", "acme-gates.yaml:5: gates[0].conditional_go_may_leave_open[0]: expected one of control, evaluation, sign_off, risk, waiver, incident, red_team, got \"controls\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    signoffs: true", "acme-gates.yaml:5: gates[0].signoffs: unknown key; expected one of stage, tiers, controls, evaluation, redteam, sign_offs, risks_from, no_expired_waivers, incidents_from, conditional_go_may_leave_open")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    redteam:\n      - { owasp: LLM11, max_failure_rate: 0.05 }", "acme-gates.yaml:6: gates[0].redteam[0].owasp: unknown OWASP LLM Top 10 2025 id \"LLM11\"; expected LLM01 … LLM10 or \"*\"")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    redteam:\n      - { owasp: LLM01, max_failure_rate: 5 }", "acme-gates.yaml:6: gates[0].redteam[0].max_failure_rate: expected a failure rate from 0 to 1")]
    [InlineData("stage: pre_launch\n    tiers: [high]\n    redteam:\n      - { owasp: LLM01, max_failure_rate: 0.05, judge: strict }", "acme-gates.yaml:6: gates[0].redteam[0].judge: expected point or ci, got \"strict\"")]
    public void Bad_gate_files_name_the_file_line_and_field(string gate, string expected)
    {
        ErrorsOf("format: attest.gates/v1\ngates:\n  - " + gate + "\n").ShouldBe([expected]);
    }

    [Fact]
    public void An_organisation_gate_replaces_the_shipped_one_and_a_duplicate_within_a_directory_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("attest-gates-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "gates"));
            var file = Path.Combine(dir, "gates", "acme.yaml");
            File.WriteAllText(file, "format: attest.gates/v1\ngates:\n  - stage: pre_launch\n    tiers: [low]\n    sign_offs: true\n");
            var catalog = GateCatalogLoader.LoadDefault(Library, dir);
            catalog.For(GateStage.PreLaunch, RiskTier.Low)!.SignOffs.ShouldBeTrue();
            catalog.For(GateStage.PreLaunch, RiskTier.Low)!.Controls.ShouldBeNull();

            File.WriteAllText(file, "format: attest.gates/v1\ngates:\n  - stage: pre_launch\n    tiers: [low]\n  - stage: pre_launch\n    tiers: [low, medium]\n");
            var e = Should.Throw<DataFileException>(() => GateCatalogLoader.LoadDefault(Library, dir));
            e.Errors.Select(x => x.ToString()).ShouldBe([$"{file}:5: tiers: pre_launch for tier low is already defined at {file}:3"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("{ id: a, kind: changed, field: weights, description: d }", "mc.yaml:3: triggers[0].field: unknown field \"weights\"; expected one of training_data_source,")]
    [InlineData("{ id: a, kind: metric_regression, metric: auc, description: d }", "mc.yaml:3: triggers[0].metric: unknown metric \"auc\"; expected one of count,")]
    [InlineData("{ id: a, kind: renamed, field: architecture, description: d }", "mc.yaml:3: triggers[0].kind: expected one of changed, added, metric_regression, got \"renamed\"")]
    [InlineData("{ id: a, kind: metric_regression, metric: accuracy, tolerance: -1, description: d }", "mc.yaml:3: triggers[0].tolerance: expected a tolerance of 0 or more")]
    public void Bad_material_change_triggers_name_the_file_line_and_field(string trigger, string expectedStart)
    {
        var errors = new List<DataError>();
        GateCatalogLoader.ReadTriggers("format: attest.material-change/v1\ntriggers:\n  - " + trigger + "\n", "mc.yaml", errors);
        errors.ShouldHaveSingleItem().ToString().ShouldStartWith(expectedStart);
    }
}
