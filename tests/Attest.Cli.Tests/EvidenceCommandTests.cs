using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Hosting;
using Attest.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests;

/// <summary>
/// <c>attest evidence add</c> and <c>--system</c> on the evaluate verbs, against a demo data directory
/// (credit-scoring is classified high-risk with profiling: it requires ATT-DATA-02, fairness_report).
/// </summary>
public sealed class EvidenceCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<IReadOnlyList<EvidenceDto>> ListAsync(string system)
    {
        await using var services = new ServiceCollection().AddAttestCore(DatabaseSettings.ForDataDirectory(data.Path)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ListSystemEvidence>().ExecuteAsync(system, TestContext.Current.CancellationToken)).Value!;
    }

    [Fact]
    public async Task I_can_add_a_file_as_evidence_to_a_data_directory_and_get_its_id_and_sha256()
    {
        using var dir = new TempDirectory();
        var content = "# Model card\nCredit PD model, gradient boosting.\n";
        var file = dir.File("model-card.md", content);

        var run = await CliRun.RunAsync("evidence", "add", "--system", "credit-scoring", "--type", "fairness_report", "--file", file,
            "--control", "ATT-DATA-02", "--model-version", "credit-pd-gbm@3.0.2", "--valid-until", "2099-12-31", "--data", data.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        var sha = Sha(Encoding.UTF8.GetBytes(content));
        var match = Regex.Match(run.Out.Trim(), "^(ev_[0-9a-f]{32}) ([0-9a-f]{64})$");
        match.Success.ShouldBeTrue(run.Out);
        match.Groups[2].Value.ShouldBe(sha);
        File.Exists(Path.Combine(data.Path, "blobs", "sha256", sha[..2], sha[2..4], sha)).ShouldBeTrue();
        var stored = (await ListAsync("credit-scoring")).Single(e => e.Id == match.Groups[1].Value);
        (stored.Method, stored.MediaType, stored.FileName, stored.ValidUntil).ShouldBe(("cli", "text/markdown", "model-card.md", new DateOnly(2099, 12, 31)));
        stored.ProducedBy.ShouldStartWith("local:");
        stored.ModelVersions.Single().Label.ShouldBe("credit-pd-gbm@3.0.2");
    }

    [Theory]
    [InlineData("--type", "horoscope", "type: no control accepts evidence of type 'horoscope'")]
    [InlineData("--valid-until", "2020-01-01", "valid_until: 2020-01-01 is in the past")]
    [InlineData("--valid-until", "31/12/2099", "--valid-until '31/12/2099' is not a date as yyyy-MM-dd")]
    [InlineData("--model-version", "no-such-model@1.0", "model_versions[0]: system 'credit-scoring' has no model version 'no-such-model@1.0'")]
    [InlineData("--system", "no-such-system", "No AI system 'no-such-system'.")]
    public async Task Bad_input_exits_2_with_one_line_naming_the_problem(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var file = dir.File("report.json", "{\"n\": 3}");
        string[] args = ["evidence", "add", "--system", "credit-scoring", "--type", "fairness_report", "--file", file, "--data", data.Path];
        var index = Array.IndexOf(args, option);
        if (index >= 0) args[index + 1] = value; else args = [.. args, option, value];

        var run = await CliRun.RunAsync(args);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain(expected);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var run = await CliRun.RunAsync("evidence", "add", "--system", "credit-scoring", "--type", "fairness_report", "--file", "/nonexistent/report.json", "--data", data.Path);

        (run.ExitCode, run.Error.Trim()).ShouldBe((2, "attest: /nonexistent/report.json: no such file (--file)"));
    }

    [Fact]
    public async Task A_fairness_evaluation_with_system_is_stored_as_a_fairness_report()
    {
        var run = await CliRun.RunAsync("evaluate", "fairness", "--input", Evaluation.CliRun.Data("synthetic.csv"), "--label", "y", "--prediction", "yhat",
            "--sensitive", "sex", "--format", "json", "--system", "credit-scoring", "--data", data.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        var line = Regex.Match(run.Error, "stored the report as evidence (ev_[0-9a-f]{32}) of credit-scoring \\(sha256 ([0-9a-f]{64})\\)");
        line.Success.ShouldBeTrue(run.Error);
        var stored = (await ListAsync("credit-scoring")).Single(e => e.Id == line.Groups[1].Value);
        (stored.Type, stored.Method, stored.Controls.Single(), stored.MediaType).ShouldBe(("fairness_report", "evaluation", "ATT-DATA-02", "application/json"));
        // The stored report is the JSON printed on standard output.
        stored.Sha256.ShouldBe(Sha(Encoding.UTF8.GetBytes(run.Out)));
    }

    [Fact]
    public async Task Evidence_options_without_system_are_a_usage_error()
    {
        var run = await CliRun.RunAsync("evaluate", "fairness", "--input", Evaluation.CliRun.Data("synthetic.csv"), "--label", "y", "--prediction", "yhat",
            "--sensitive", "sex", "--data", data.Path);

        (run.ExitCode, run.Error.Trim()).ShouldBe((2, "attest: --server, --data and --model-version store the report as evidence and need --system SLUG."));
    }

    [Fact]
    public async Task I_can_add_evidence_on_a_server_with_an_API_key()
    {
        var key = await CliRun.RunAsync("keys", "create", "--data", data.Path, "--name", "ci", "--role", "ml_engineer", "--system", "credit-scoring");
        key.ExitCode.ShouldBe(0, key.Error);
        var token = Regex.Match(key.Out, "atk_[A-Za-z0-9_-]+").Value;
        await using var app = AttestWebApp.Create(["--urls", "http://127.0.0.1:0", "--Attest:Data", data.Path]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var dir = new TempDirectory();
        var file = dir.File("drift.json", "{\"share_drifted\": 0.1}");
        try
        {
            var run = await CliRun.RunAsync("evidence", "add", "--system", "credit-scoring", "--type", "fairness_report", "--file", file,
                "--method", "ci", "--server", app.Urls.First(), "--token", token);
            var refused = await CliRun.RunAsync("evidence", "add", "--system", "credit-scoring", "--type", "horoscope", "--file", file,
                "--server", app.Urls.First(), "--token", token);

            // Over Kestrel's 1 MiB JSON limit: the evidence endpoint raises the limit for itself.
            var large = dir.File("large.json");
            await File.WriteAllBytesAsync(large, new byte[3 * 1024 * 1024], TestContext.Current.CancellationToken);
            var big = await CliRun.RunAsync("evidence", "add", "--system", "credit-scoring", "--type", "fairness_report", "--file", large,
                "--server", app.Urls.First(), "--token", token);
            big.ExitCode.ShouldBe(0, big.Error);

            run.ExitCode.ShouldBe(0, run.Error);
            var id = run.Out.Trim().Split(' ')[0];
            var stored = (await ListAsync("credit-scoring")).Single(e => e.Id == id);
            (stored.Method, stored.ProducedBy.StartsWith("key:", StringComparison.Ordinal)).ShouldBe(("ci", true));
            refused.ExitCode.ShouldBe(2);
            refused.Error.Trim().ShouldEndWith("(400 Bad Request): type: no control accepts evidence of type 'horoscope'");
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task I_can_generate_a_system_card_and_a_model_card_from_a_data_directory()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "card.html");

        var system = await CliRun.RunAsync("docs", "system-card", "--system", "credit-scoring", "--data", data.Path);
        var model = await CliRun.RunAsync("docs", "model-card", "--system", "credit-scoring", "--format", "html", "--output", output, "--data", data.Path);
        var bad = await CliRun.RunAsync("docs", "model-card", "--system", "credit-scoring", "--format", "pdf", "--data", data.Path);

        system.ExitCode.ShouldBe(0, system.Error);
        system.Out.ShouldStartWith("# System card: Consumer credit scoring\n");
        system.Out.ShouldContain("## Controls and evidence");
        model.ExitCode.ShouldBe(0, model.Error);
        File.ReadAllText(output).ShouldStartWith("<!DOCTYPE html>");
        model.Error.ShouldStartWith($"attest: wrote {output}; completeness ");
        (bad.ExitCode, bad.Error.Trim()).ShouldBe((2, "attest: --format 'pdf' is not one of md, html"));
        var annex = await CliRun.RunAsync("docs", "annex-iv", "--system", "credit-scoring", "--data", data.Path);
        annex.Out.ShouldStartWith("# Annex IV technical documentation: Consumer credit scoring\n\nHigh-risk system");
        var sheet = await CliRun.RunAsync("docs", "datasheet", "--dataset", "no-such-dataset", "--data", data.Path);
        sheet.ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task I_can_export_a_system_as_CycloneDX()
    {
        var run = await CliRun.RunAsync("export", "cyclonedx", "--system", "credit-scoring", "--data", data.Path);
        var missing = await CliRun.RunAsync("export", "cyclonedx", "--system", "no-such-system", "--data", data.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        (run.Json["bomFormat"]!.GetValue<string>(), run.Json["specVersion"]!.GetValue<string>()).ShouldBe(("CycloneDX", "1.6"));
        run.Json["components"]!.AsArray().ShouldContain(c => c!["bom-ref"]!.GetValue<string>() == "model:credit-pd-gbm@3.0.2");
        (missing.ExitCode, missing.Error.Trim()).ShouldBe((2, "attest: No AI system 'no-such-system'."));
    }

    [Fact]
    public async Task I_can_save_a_sections_narrative_and_see_it_in_the_generated_document()
    {
        using var dir = new TempDirectory();
        var notes = dir.File("standards.md", "ISO/IEC 42001:2023 for the management system.\n");

        var run = await CliRun.RunAsync("docs", "narrative", "--system", "credit-scoring", "--document", "annex-iv", "--section", "standards", "--file", notes, "--data", data.Path);
        var stale = await CliRun.RunAsync("docs", "narrative", "--system", "credit-scoring", "--document", "annex-iv", "--section", "standards", "--text", "x", "--version", "0", "--data", data.Path);
        var section = await CliRun.RunAsync("docs", "narrative", "--system", "credit-scoring", "--document", "annex-iv", "--section", "nope", "--text", "x", "--data", data.Path);
        var both = await CliRun.RunAsync("docs", "narrative", "--system", "credit-scoring", "--dataset", "x", "--document", "annex-iv", "--section", "standards", "--text", "x", "--data", data.Path);
        var annex = await CliRun.RunAsync("docs", "annex-iv", "--system", "credit-scoring", "--data", data.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.Trim().ShouldBe("1 " + Sha(Encoding.UTF8.GetBytes("ISO/IEC 42001:2023 for the management system.")));
        run.Error.Trim().ShouldBe("attest: saved the narrative of section standards of the annex-iv of credit-scoring as version 1");
        (stale.ExitCode, stale.Error.Trim()).ShouldBe((2, "attest: Section 'standards' of the annex-iv of credit-scoring is at version 1, not 0: someone saved it since you read it; reload and merge."));
        (section.ExitCode, section.Error.Trim()).ShouldBe((2, "attest: The annex-iv has no section 'nope': one of general_description, development, monitoring_functioning, performance_metrics, risk_management, lifecycle_changes, standards, declaration_of_conformity, post_market_monitoring."));
        (both.ExitCode, both.Error.Trim()).ShouldBe((2, "attest: give either --system (model-card, system-card, annex-iv) or --dataset (datasheet)"));
        annex.Out.ShouldContain("## 7. Harmonised standards and other specifications applied\n\n**Author's notes**\n\nISO/IEC 42001:2023 for the management system.");
    }

    [Fact]
    public async Task I_can_import_a_Hugging_Face_model_card_and_a_broken_one_exits_2_naming_the_line()
    {
        using var dir = new TempDirectory();
        var good = dir.File("README.md", "---\nlicense: mit\n---\n# credit-pd-gbm\n\n## Limitations\n\nScores only applicants with a credit history.\n");
        var bad = dir.File("BAD.md", "# no front matter\n");

        var run = await CliRun.RunAsync("import", "hf-model-card", "--system", "credit-scoring", "--model-version", "credit-pd-gbm@3.0.2", "--file", good, "--data", data.Path);
        var refused = await CliRun.RunAsync("import", "hf-model-card", "--system", "credit-scoring", "--model-version", "credit-pd-gbm@3.0.2", "--file", bad, "--data", data.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        var stored = (await ListAsync("credit-scoring")).Single(e => e.Id == run.Out.Trim().Split(' ')[0]);
        (stored.Type, stored.Summary).ShouldBe(("model_card", "Hugging Face model card; license mit."));
        run.Error.Trim().ShouldBe("attest: updated credit-pd-gbm@3.0.2 (license mit, imported metadata); model-card narrative for caveats");
        (refused.ExitCode, refused.Error.Trim()).ShouldBe((2, $"attest: {bad}: line 1: a Hugging Face model card starts with YAML front matter between '---' lines"));
    }
}
