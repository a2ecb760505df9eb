using Attest.Evaluation.Input;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Evaluation.Fairness;
using static Attest.Core.Tests.Evaluation.ReferenceJson;

namespace Attest.Core.Tests.Evaluation;

public sealed class ReportApprovalTests
{
    [Fact]
    public void Fairness_markdown_report_matches_the_approved_file()
    {
        using var stream = File.OpenRead(DataPath("edge.csv"));
        var input = PredictionLogReader.Read(stream, "edge.csv", new PredictionLogOptions("y", "yhat", "p", ["g", "h"]));
        var report = FairnessEvaluator.Evaluate(input, new FairnessOptions { Intersections = true });
        Approval.Verify(FairnessMarkdown.Render(report, new FairnessRunInfo("edge.csv", 12345), null), "fairness-edge", "md");
    }

    [Fact]
    public void Drift_markdown_report_matches_the_approved_file()
    {
        var table = DriftTableReader.Read(
            () => File.OpenRead(DataPath("drift_small_reference.csv")), "drift_small_reference.csv",
            () => File.OpenRead(DataPath("drift_small_current.csv")), "drift_small_current.csv", null, null);
        var report = DriftEvaluator.Evaluate(table.Columns);
        var info = new DriftRunInfo("drift_small_reference.csv", "drift_small_current.csv", table.ReferenceRows, table.CurrentRows, table.SkippedTextColumns);
        Approval.Verify(DriftReports.Markdown(report, info), "drift-small", "md");
    }
}
