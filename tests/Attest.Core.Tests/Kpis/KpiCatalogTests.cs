using Attest.Core.DataFiles;
using Attest.Core.Features.Kpis;
using Attest.Engine.Kpis;

namespace Attest.Core.Tests.Kpis;

/// <summary>data/kpis/kpis.yaml: the shipped catalog defines every KPI of the programme; a bad file names file, line and field.</summary>
public sealed class KpiCatalogTests
{
    /// <summary>The ids issue 17 names; outside checks rely on them.</summary>
    public static readonly string[] ProgrammeIds =
    [
        "rai_coverage", "high_risk_review_coverage", "review_sla_attainment", "time_to_decision_days", "evidence_completeness",
        "evaluation_compliance", "monitoring_coverage", "incident_rate", "triage_sla_adherence", "near_miss_capture",
        "post_release_escape_rate", "repeat_finding_rate", "risk_acceptance_documented", "waiver_dependency_rate",
        "control_automation_rate", "control_implementation_coverage", "training_completion",
    ];

    [Fact]
    public void The_shipped_catalog_defines_every_programme_kpi_once()
    {
        var catalog = KpiCatalog.Load(null);
        catalog.Definitions.Select(d => d.Id).ShouldBe(ProgrammeIds, ignoreOrder: true);
        catalog.Definitions.ShouldAllBe(d => d.Name.Length > 0 && d.Numerator.Length > 0 && d.Denominator.Length > 0 && d.Segmentation.Count > 0);
        catalog.Find("monitoring_coverage")!.Target.ShouldBe(Features.Monitoring.GetMonitoringCoverage.Target * 100, "one target for monitoring coverage");
        catalog.Find("time_to_decision_days")!.Direction.ShouldBe(KpiDirection.AtMost);
    }

    [Fact]
    public void An_organisation_file_replaces_the_shipped_one()
    {
        var dir = Path.Combine(Path.GetTempPath(), "attest-kpis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "kpis"));
        try
        {
            var shipped = File.ReadAllText(ShippedData.PathOf("kpis", "kpis.yaml"));
            File.WriteAllText(Path.Combine(dir, "kpis", "kpis.yaml"), shipped.Replace("target: { value: 100, direction: at_least }\n    frequency: daily\n  - id: high_risk", "target: { value: 98, direction: at_least }\n    frequency: daily\n  - id: high_risk", StringComparison.Ordinal));
            KpiCatalog.Load(dir).Find("rai_coverage")!.Target.ShouldBe(98);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string Good = "  - id: rai_coverage\n    name: N\n    wording: W\n    numerator: A\n    denominator: B\n    unit: percent\n    segmentation: [tier]\n    target: { value: 100, direction: at_least }\n    frequency: daily\n";

    private static string File_(string kpis, string format = "attest.kpis/v1") => $"format: {format}\nkpis:\n{kpis}";

    [Theory]
    [InlineData("format: attest.kpis/v2\nkpis: []\n", "k.yaml:1: format: expected attest.kpis/v1, got \"attest.kpis/v2\"")]
    [InlineData("unit: percent", "k.yaml:8: kpis[0].unit: expected one of percent, days, rate, got \"ratio\"")]
    [InlineData("direction: at_least", "k.yaml:10: kpis[0].target.direction: expected one of at_least, at_most, got \"upwards\"")]
    [InlineData("segmentation: [tier]", "k.yaml:9: kpis[0].segmentation[0]: expected one of tier, business_unit, got \"region\"")]
    [InlineData("id: rai_coverage", "k.yaml:3: kpis[0].id: expected a snake_case word, got \"RAI-coverage\"")]
    public void A_bad_file_names_the_file_line_and_field(string good, string expected)
    {
        var text = good.StartsWith("format", StringComparison.Ordinal) ? good : File_(Good.Replace(good, good switch
        {
            "unit: percent" => "unit: ratio",
            "direction: at_least" => "direction: upwards",
            "segmentation: [tier]" => "segmentation: [region]",
            _ => "id: RAI-coverage",
        }, StringComparison.Ordinal));
        var e = Should.Throw<DataFileException>(() => KpiCatalog.Parse(text, "k.yaml"));
        e.Errors.Select(x => x.ToString()).ShouldContain(x => x.StartsWith(expected, StringComparison.Ordinal), string.Join("\n", e.Errors));
    }

    [Fact]
    public void A_duplicate_id_a_missing_target_and_a_computed_kpi_left_out_are_errors()
    {
        var e = Should.Throw<DataFileException>(() => KpiCatalog.Parse(File_(Good + Good.Replace("    target: { value: 100, direction: at_least }\n", "", StringComparison.Ordinal)), "k.yaml"));
        var errors = e.Errors.Select(x => x.ToString()).ToList();
        errors.ShouldContain("k.yaml:12: kpis[1].id: duplicate KPI id \"rai_coverage\" (first defined on line 3)");
        errors.ShouldContain(x => x.StartsWith("k.yaml:12: kpis[1].target: required key is missing", StringComparison.Ordinal));
        errors.ShouldContain(x => x.StartsWith("k.yaml:2: kpis: the KPI \"monitoring_coverage\" Attest computes is not defined", StringComparison.Ordinal));
    }
}
