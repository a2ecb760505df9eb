using System.Text.Json.Nodes;
using Attest.Cli.Tests.Oversight;

namespace Attest.Cli.Tests.Assurance;

/// <summary>
/// `attest assurance import|list|export` on a local database with the demo (the demo questionnaire in
/// data/demo/assurance), and on a running demo server (read and refusals only: the server is shared); bad input is one
/// line and exit 2.
/// </summary>
public sealed class AssuranceCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    private static string DemoFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Attest.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", "demo", "assurance", "customer-ai-due-diligence.csv");
    }

    [Fact]
    public async Task I_can_import_the_demo_questionnaire_list_it_and_export_it_locally()
    {
        var import = await CliRun.RunAsync("assurance", "import", DemoFile(), "--system", "credit-scoring", "--data", data.Path, "--json");
        import.ExitCode.ShouldBe(0, import.Error);
        var q = JsonNode.Parse(import.Out)!;
        q["questions"]!.AsArray().Count.ShouldBe(12);
        var id = q["id"]!.GetValue<string>();

        var list = await CliRun.RunAsync("assurance", "list", "--data", data.Path);
        list.ExitCode.ShouldBe(0, list.Error);
        list.Out.ShouldContain(id);
        list.Out.ShouldContain("0 of 12");

        var dir = Directory.CreateTempSubdirectory("attest-assurance-");
        try
        {
            foreach (var format in new[] { "csv", "xlsx", "html" })
            {
                var file = Path.Combine(dir.FullName, "out." + format);
                var export = await CliRun.RunAsync("assurance", "export", id, "--format", format, "--out", file, "--data", data.Path);
                export.ExitCode.ShouldBe(0, export.Error);
                new FileInfo(file).Length.ShouldBeGreaterThan(100);
            }
            (await File.ReadAllTextAsync(Path.Combine(dir.FullName, "out.csv"), TestContext.Current.CancellationToken)).ShouldContain("AI-12,");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("notes.txt", "id,question\n1,x?\n", "attest: file: 'notes.txt' is not a questionnaire: send a .csv or .xlsx file with a question column")]
    [InlineData("q.csv", "id,topic\n1,Policy\n", "attest: file: row 1: no question column (expected a header named question or text; found 'id', 'topic')")]
    public async Task A_file_that_is_not_a_questionnaire_is_one_line_and_exit_2(string name, string content, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("attest-assurance-");
        try
        {
            var file = Path.Combine(dir.FullName, name);
            await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);
            var run = await CliRun.RunAsync("assurance", "import", file, "--system", "credit-scoring", "--data", data.Path);
            run.ExitCode.ShouldBe(2);
            run.Error.Trim().ShouldBe(expected);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_questionnaire_is_exit_2()
    {
        var run = await CliRun.RunAsync("assurance", "export", "qnr_nope", "--out", Path.Combine(Path.GetTempPath(), "nope.csv"), "--data", data.Path);
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe("attest: No questionnaire 'qnr_nope'.");
    }
}

/// <summary>The same verbs against a running server (the shared demo server: reads and refusals only).</summary>
[Collection(DemoServerCollection.Name)]
public sealed class AssuranceServerCommandTests(DemoServerFixture server)
{
    [Fact]
    public async Task The_verbs_talk_to_a_server_and_its_refusals_are_one_line_and_exit_2()
    {
        var lead = await server.KeyAsync("governance_lead");
        var list = await CliRun.RunAsync("assurance", "list", "--server", server.Url, "--token", lead, "--json");
        list.ExitCode.ShouldBe(0, list.Error);
        JsonNode.Parse(list.Out).ShouldBeOfType<JsonArray>();

        var dir = Directory.CreateTempSubdirectory("attest-assurance-");
        try
        {
            var file = Path.Combine(dir.FullName, "q.csv");
            await File.WriteAllTextAsync(file, "id,topic\n1,Policy\n", TestContext.Current.CancellationToken);
            var refused = await CliRun.RunAsync("assurance", "import", file, "--system", "credit-scoring", "--server", server.Url, "--token", lead);
            refused.ExitCode.ShouldBe(2);
            refused.Error.Trim().ShouldEndWith("400 file: row 1: no question column (expected a header named question or text; found 'id', 'topic')");

            var missing = await CliRun.RunAsync("assurance", "export", "qnr_nope", "--out", Path.Combine(dir.FullName, "x.csv"), "--server", server.Url, "--token", lead);
            missing.ExitCode.ShouldBe(2);
            missing.Error.ShouldContain("404");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
