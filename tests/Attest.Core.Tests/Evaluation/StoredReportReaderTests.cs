using System.Text;
using System.Text.Json;
using Attest.Evaluation.Input;
using Attest.Evaluation.Policy;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using static Attest.Core.Tests.Evaluation.ReferenceJson;

namespace Attest.Core.Tests.Evaluation;

/// <summary>A stored report is shown in the app from its JSON: reading it back must lose nothing the page shows.</summary>
public sealed class StoredReportReaderTests
{
    [Fact]
    public void A_fairness_report_with_bootstrap_intervals_and_a_policy_reads_back_to_the_same_json_and_the_same_page()
    {
        using var stream = File.OpenRead(DataPath("edge.csv"));
        var input = PredictionLogReader.Read(stream, "edge.csv", new PredictionLogOptions("y", "yhat", "p", ["g", "h"]));
        var report = FairnessEvaluator.Evaluate(input, new FairnessOptions { Intersections = true, BootstrapResamples = 50, Random = new Random(7) });
        var policy = PolicyEvaluator.Evaluate(PolicyFile.Parse("""
            rules:
              - id: four-fifths
                metric: impact_ratio
                feature: g
                comparator: ">="
                threshold: 0.8
              - id: accuracy-floor
                metric: accuracy
                comparator: ">="
                threshold: 0.5
                judge: ci
            """, "policy.yaml"), report);
        var info = new FairnessRunInfo("edge.csv", 7);
        var written = Json(w => FairnessJson.Write(w, report, info, policy));

        var read = FairnessJsonReader.Read(written);

        Json(w => FairnessJson.Write(w, read.Report, read.Info, read.Policy)).ShouldBe(written);
        FairnessHtml.Body(read.Report, read.Info, read.Policy).ShouldBe(FairnessHtml.Body(report, info, policy));
        read.Policy!.Outcomes.Count.ShouldBe(policy.Outcomes.Count);
        read.Report.Features.Select(f => f.Name).ShouldBe(report.Features.Select(f => f.Name));
    }

    [Fact]
    public void The_demo_fairness_evidence_reads_and_renders_with_its_charts()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "demo", "evidence", "credit-scoring", "fairness-holdout-2026-09.json"));

        var read = FairnessJsonReader.Read(text);

        read.Report.N.ShouldBe(4000);
        read.Report.Features.ShouldContain(f => f.Name == "age_band");
        var html = FairnessHtml.Body(read.Report, read.Info, read.Policy);
        html.ShouldContain("<svg");
        html.ShouldContain("impact ratio by age_band");
        html.ShouldContain("class=\"fail\">0.7614"); // 18-24 is below the four-fifths line in the stored file
    }

    [Fact]
    public void A_drift_report_reads_back_to_the_same_json_and_the_same_page()
    {
        var table = DriftTableReader.Read(
            () => File.OpenRead(DataPath("drift_typed_small_reference.csv")), "drift_typed_small_reference.csv",
            () => File.OpenRead(DataPath("drift_typed_small_current.csv")), "drift_typed_small_current.csv", null, null);
        var report = DriftEvaluator.Evaluate(table.Columns);
        var info = new DriftRunInfo("drift_typed_small_reference.csv", "drift_typed_small_current.csv", table.ReferenceRows, table.CurrentRows, table.SkippedTextColumns);
        var written = Json(w => DriftReports.Json(w, report, info));

        var read = DriftJsonReader.Read(written);

        Json(w => DriftReports.Json(w, read.Report, read.Info)).ShouldBe(written);
        DriftReports.HtmlBody(read.Report, read.Info).ShouldBe(DriftReports.HtmlBody(report, info));
        DriftReports.HtmlBody(read.Report, read.Info).ShouldContain("<svg");
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("""{"kind":"drift"}""", "$.kind: not a fairness report")]
    [InlineData("""{"kind":"fairness","input":"x","n":"many","features":{}}""", "$.n: expected an integer")]
    [InlineData("""{"kind":"fairness","input":"x","n":1,"overall":{},"features":{"g":{"sources":[],"by_group":{"a":{"count":1}}}},"warnings":[]}""", "$.features.g.by_group.a.small_group: missing")]
    [InlineData("""{"kind":"fairness","input":"x","n":1,"overall":{},"warnings":[],"features":{"g":{"sources":[],"by_group":{"a":{"count":1,"selection_rate":1,"true_positive_rate":1,"false_positive_rate":0,"small_group":true},"b":{"count":1,"selection_rate":1,"small_group":true}}}}}""", "$.features.g.by_group.b: its metrics differ from group 'a'")]
    public void A_file_that_is_not_a_fairness_report_is_refused_naming_the_place(string text, string expected)
    {
        var error = Should.Throw<FormatException>(() => FairnessJsonReader.Read(text));
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_hostile_drift_file_is_refused_not_rendered()
    {
        // A Sturges label without a comma would break the chart's label cut; deep nesting is not our schema.
        Should.Throw<FormatException>(() => DriftJsonReader.Read("""
            {"kind":"drift","reference":"r","current":"c","n_reference":1,"n_current":1,"columns":{"x":{"type":"numerical","test":"ks","drift_score":0.1,
             "statistic":0.1,"p_value":0.1,"threshold":0.05,"drifted":false,"psi":0,"n_reference":1,"n_current":1,"n_unique":1,
             "bins":{"rule":"sturges","labels":["x"],"reference_share":[1],"current_share":[1]}}},
             "number_drifted":0,"share_drifted":0,"drift_share_threshold":0.5,"dataset_drift":false,"skipped_text_columns":[]}
            """)).Message.ShouldContain("$.columns.x.bins.labels");
        Should.Throw<FormatException>(() => DriftJsonReader.Read(new string('[', 100) + new string(']', 100))).Message.ShouldContain("not JSON");
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true })) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
