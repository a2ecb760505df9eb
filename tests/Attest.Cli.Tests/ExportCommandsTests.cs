using Attest.Cli.Tests.Oversight;

namespace Attest.Cli.Tests;

/// <summary>
/// `attest training import`, `attest export NAME` and `attest report executive` on a local database with the demo: files
/// written, refusals as one line and exit 2.
/// </summary>
public sealed class ExportCommandsTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task I_can_import_training_records_and_a_bad_row_is_one_line_naming_row_and_column()
    {
        using var dir = new TempDirectory();
        var good = dir.File("lms.csv", "person,role,course,completed_at\nzoe@example.com,ml_engineer,rai-foundations,2025-01-01\n");
        var run = await CliRun.RunAsync("training", "import", good, "--data", data.Path);
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("imported 1 training records for 1 people: 1 new");

        var bad = dir.File("bad.csv", "person,role,course,completed_at\nzoe@example.com,wizard,rai-foundations,\n");
        var refused = await CliRun.RunAsync("training", "import", bad, "--data", data.Path);
        refused.ExitCode.ShouldBe(2);
        refused.Error.Trim().Split('\n').Length.ShouldBe(1);
        refused.Error.ShouldContain("row 2, column role: \"wizard\" is not a role");
    }

    [Fact]
    public async Task I_can_export_a_register_as_csv_or_xlsx()
    {
        using var dir = new TempDirectory();
        var csv = System.IO.Path.Combine(dir.Path, "risks.csv");
        var run = await CliRun.RunAsync("export", "risk-register", "--format", "csv", "--out", csv, "--data", data.Path);
        run.ExitCode.ShouldBe(0, run.Error);
        (await File.ReadAllTextAsync(csv, TestContext.Current.CancellationToken)).ShouldStartWith("risk,system,system_name,tier,title");

        var xlsx = System.IO.Path.Combine(dir.Path, "kpis.xlsx");
        (await CliRun.RunAsync("export", "kpis", "--format", "xlsx", "--out", xlsx, "--data", data.Path)).ExitCode.ShouldBe(0);
        (await File.ReadAllBytesAsync(xlsx, TestContext.Current.CancellationToken))[..2].ShouldBe("PK"u8.ToArray());

        var refused = await CliRun.RunAsync("export", "kpis", "--format", "ods", "--out", xlsx, "--data", data.Path);
        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("expected csv or xlsx");
    }

    [Fact]
    public async Task I_can_write_the_executive_report_and_a_missing_browser_is_exit_2()
    {
        using var dir = new TempDirectory();
        var md = System.IO.Path.Combine(dir.Path, "report.md");
        var run = await CliRun.RunAsync("report", "executive", "--format", "md", "--out", md, "--data", data.Path);
        run.ExitCode.ShouldBe(0, run.Error);
        (await File.ReadAllTextAsync(md, TestContext.Current.CancellationToken)).ShouldContain("## Top open risks");

        var period = await CliRun.RunAsync("report", "executive", "--from", "2026-02-30", "--format", "md", "--out", md, "--data", data.Path);
        period.ExitCode.ShouldBe(2);
        period.Error.ShouldContain("--from");

        var previous = Environment.GetEnvironmentVariable("ATTEST_CHROMIUM");
        Environment.SetEnvironmentVariable("ATTEST_CHROMIUM", "/nonexistent/chromium");
        try
        {
            var pdf = await CliRun.RunAsync("report", "executive", "--format", "pdf", "--out", System.IO.Path.Combine(dir.Path, "report.pdf"), "--data", data.Path);
            pdf.ExitCode.ShouldBe(2);
            pdf.Error.ShouldContain("no Chromium at /nonexistent/chromium");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATTEST_CHROMIUM", previous);
        }
    }
}

/// <summary>
/// The same verbs against a running server (<c>--server URL --token T</c>, the shared demo server: reads and refusals
/// only): the export and the report come from the REST API; the server's refusals are one line and exit 2.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed class ExportServerCommandTests(DemoServerFixture server)
{
    [Fact]
    public async Task I_can_export_the_kpi_history_and_write_the_executive_report_from_a_server_and_refusals_are_exit_2()
    {
        var lead = await server.KeyAsync("governance_lead");
        using var dir = new TempDirectory();
        var csv = System.IO.Path.Combine(dir.Path, "history.csv");
        var run = await CliRun.RunAsync("export", "kpi-history", "--format", "csv", "--out", csv, "--from", "2026-01-01", "--to", "2026-01-31", "--server", server.Url, "--token", lead);
        run.ExitCode.ShouldBe(0, run.Error);
        (await File.ReadAllTextAsync(csv, TestContext.Current.CancellationToken)).ShouldStartWith("day,kpi,name,value,unit,target,direction,status,numerator,denominator,p90");

        var md = System.IO.Path.Combine(dir.Path, "report.md");
        var report = await CliRun.RunAsync("report", "executive", "--format", "md", "--out", md, "--server", server.Url, "--token", lead);
        report.ExitCode.ShouldBe(0, report.Error);
        (await File.ReadAllTextAsync(md, TestContext.Current.CancellationToken)).ShouldContain("## Incidents and near misses");

        var period = await CliRun.RunAsync("export", "kpi-history", "--format", "csv", "--out", csv, "--from", "2026-02-10", "--to", "2026-02-01", "--server", server.Url, "--token", lead);
        period.ExitCode.ShouldBe(2);
        period.Error.Trim().ShouldEndWith("400 from: 2026-02-10 is after to (2026-02-01)");

        var bad = dir.File("bad.csv", "person,role,course,completed_at\nzoe@example.com,wizard,rai-foundations,\n");
        var refused = await CliRun.RunAsync("training", "import", bad, "--server", server.Url, "--token", lead);
        refused.ExitCode.ShouldBe(2);
        refused.Error.Trim().Split('\n').Length.ShouldBe(1);
        refused.Error.ShouldContain("400 row[2].role: \"wizard\" is not a role");

        var noToken = await CliRun.RunAsync("report", "executive", "--format", "md", "--out", md, "--server", server.Url);
        noToken.ExitCode.ShouldBe(2);
        noToken.Error.ShouldContain("--server needs --token");
    }
}
