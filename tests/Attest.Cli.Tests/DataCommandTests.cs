namespace Attest.Cli.Tests;

/// <summary>`attest data check` and the server's start-up check: every data file loads, or one line per problem names it.</summary>
public sealed class DataCommandTests
{
    [Fact]
    public async Task The_shipped_data_checks_clean()
    {
        var run = await CliRun.RunAsync("data", "check");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("OK: 60 controls, ");
        run.Out.ShouldContain(" history phrases.");
        // data/eu-ai-act/obligations.yaml and data/intake/tier-policy-v1.yaml are checked with the rest.
        run.Out.ShouldContain(" 33 obligations, 3 tier factors, ");
    }

    [Fact]
    public async Task A_bad_organisation_gate_file_is_named_with_its_line_and_field_offline_and_at_start()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "gates"));
        var gates = dir.File(Path.Combine("gates", "gates.yaml"), """
            format: attest.gates/v1
            gates:
              - stage: design_review
                tiers: [low, medium]
                controls: { evidence: sometimes }
            """);

        var check = await CliRun.RunAsync("data", "check", "--data", dir.Path);

        check.ExitCode.ShouldBe(2);
        check.Error.ShouldContain($"attest: {gates}:5: gates[0].controls.evidence: ");
        var serve = await CliRun.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--data", dir.Path);
        serve.ExitCode.ShouldBe(2);
        serve.Error.ShouldStartWith($"attest: {gates}:5: gates[0].controls.evidence: ");
    }

    [Fact]
    public async Task A_phrase_file_naming_an_action_Attest_does_not_record_is_refused()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "ledger"));
        var phrases = dir.File(Path.Combine("ledger", "history-phrases.json"),
            "{\"format\": \"attest.history-phrases/v1\",\n \"phrases\": {\"waiver.signed\": \"signed {waiver_id}\"}}");

        var check = await CliRun.RunAsync("data", "check", "--data", dir.Path);

        check.ExitCode.ShouldBe(2);
        check.Error.Trim().ShouldBe($"attest: {phrases}:2: phrases.waiver.signed: not a ledger action Attest records (see Governance/LedgerActions.cs)");
    }

    [Fact]
    public async Task A_missing_data_directory_is_bad_input()
    {
        var run = await CliRun.RunAsync("data", "check", "--data", "/no/such/dir");
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe("attest: --data: /no/such/dir: directory not found");
    }
}
