using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Ledger;
using Attest.Core.Hosting;
using Attest.Engine.Access;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;

namespace Attest.Cli.Tests.Gates;

/// <summary>`attest gate export` and `attest gate --bundle`: the CI gate offline, on the demo portfolio (whose ledger has a signing key).</summary>
public sealed class GateBundleCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    private async Task<string> ExportAsync(TempDirectory dir, string? modelVersion = "3.1.0")
    {
        var bundle = dir.File("bundle.json");
        string[] args = ["gate", "export", "--system", "credit-scoring", "--data", data.Path, "--output", bundle];
        var run = await CliRun.RunAsync(modelVersion is null ? args : [.. args, "--model-version", modelVersion]);
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith($"wrote {bundle}: gate bundle of credit-scoring");
        return bundle;
    }

    /// <summary>The CLI run with its clock at <paramref name="day"/> noon UTC.</summary>
    private static async Task<CliRun> RunOnAsync(DateOnly day, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var clock = new FixedClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var code = await AttestCli.RunAsync(args, CliConsole.Plain(output, error, time: clock), Ct);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task I_can_export_a_bundle_and_the_offline_verdict_equals_the_online_one()
    {
        using var dir = new TempDirectory();
        var bundle = await ExportAsync(dir);
        var online = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.1.0", "--data", data.Path, "--json");

        var offline = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.1.0", "--bundle", bundle, "--json");

        offline.ExitCode.ShouldBe(1, offline.Error);
        online.ExitCode.ShouldBe(1, online.Error);
        offline.Out.ShouldBe(online.Out);
        offline.Json["decision"]!.GetValue<string>().ShouldBe("no_go");
        offline.Json["model_version"]!.GetValue<string>().ShouldBe("credit-pd-gbm@3.1.0");
        // Without --model-version the bundle's own is judged; every stage's gate is in the bundle.
        var recert = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--stage", "periodic_recertification", "--bundle", bundle, "--json");
        var recertOnline = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.1.0", "--stage", "periodic_recertification", "--data", data.Path, "--json");
        recert.Out.ShouldBe(recertOnline.Out);
    }

    [Fact]
    public async Task A_waiver_that_expired_since_the_export_fails_the_offline_gate()
    {
        var first = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--data", data.Path, "--json");
        var control = first.Json["unmet"]!.AsArray().First(u => u!["kind"]!.GetValue<string>() == "control")!["control"]!.GetValue<string>();
        var expires = Today.AddDays(30);
        var waiverId = await ApprovedWaiverAsync(control, expires);
        using var dir = new TempDirectory();
        var bundle = await ExportAsync(dir, modelVersion: null);

        var now = await RunOnAsync(Today, "gate", "--system", "credit-scoring", "--bundle", bundle, "--json");
        var later = await RunOnAsync(expires.AddDays(1), "gate", "--system", "credit-scoring", "--bundle", bundle, "--json");

        var waived = now.Json["requirements"]!.AsArray().Single(r => r!["requirement"]!.GetValue<string>() == "control:" + control)!;
        waived["met"]!.GetValue<bool>().ShouldBeTrue();
        waived["by_waiver"]!.GetValue<bool>().ShouldBeTrue();
        later.ExitCode.ShouldBe(1, later.Error);
        later.Json["evaluated_on"]!.GetValue<string>().ShouldBe(expires.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var lapsed = later.Json["unmet"]!.AsArray().Single(u => u!["requirement"]!.GetValue<string>() == "control:" + control)!;
        lapsed["reason"]!.GetValue<string>().ShouldEndWith($"waiver {waiverId} expired on {expires:yyyy-MM-dd}, so the control is open again.");
        lapsed["frameworks"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_CI_evaluation_report_is_merged_and_JUnit_and_SARIF_are_written_as_in_data_mode()
    {
        using var dir = new TempDirectory();
        var report = dir.File("fairness.json");
        var evaluate = await CliRun.RunAsync("evaluate", "fairness", "--input", Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data", "synthetic.csv"),
            "--label", "y", "--prediction", "yhat", "--sensitive", "race,sex", "--format", "json", "--output", report);
        evaluate.ExitCode.ShouldBe(0, evaluate.Error);
        var bundle = await ExportAsync(dir);
        string[] online = ["gate", "--system", "credit-scoring", "--data", data.Path, "--model-version", "3.1.0", "--evaluation", report];
        string[] offline = ["gate", "--system", "credit-scoring", "--bundle", bundle, "--model-version", "3.1.0", "--evaluation", report];

        var onlineRun = await CliRun.RunAsync([.. online, "--json", "--junit", dir.File("online.xml"), "--sarif", dir.File("online.sarif")]);
        var offlineRun = await CliRun.RunAsync([.. offline, "--json", "--junit", dir.File("offline.xml"), "--sarif", dir.File("offline.sarif")]);

        offlineRun.ExitCode.ShouldBe(1, offlineRun.Error);
        offlineRun.Out.ShouldBe(onlineRun.Out);
        offlineRun.Json["requirements"]!.AsArray().First(r => r!["requirement"]!.GetValue<string>() == "evaluation:dp-ratio:race")!["reason"]!
            .GetValue<string>().ShouldEndWith("(evidence fairness.json).");
        (await File.ReadAllTextAsync(dir.File("offline.xml"), Ct)).ShouldBe(await File.ReadAllTextAsync(dir.File("online.xml"), Ct));
        (await File.ReadAllTextAsync(dir.File("offline.sarif"), Ct)).ShouldBe(await File.ReadAllTextAsync(dir.File("online.sarif"), Ct));
        JsonNode.Parse(await File.ReadAllTextAsync(dir.File("offline.sarif"), Ct))!["runs"]![0]!["results"]!.AsArray().Count
            .ShouldBe(offlineRun.Json["unmet"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_signature_is_verified_with_the_trusted_key_and_rejected_with_another()
    {
        using var dir = new TempDirectory();
        // A ledger export signs a checkpoint, which gives the data directory its ledger key.
        (await CliRun.RunAsync("ledger", "export", "--data", data.Path, "--output", dir.File("ledger.jsonl"))).ExitCode.ShouldBe(0);
        var bundle = await ExportAsync(dir);
        var publicKey = await CliRun.RunAsync("ledger", "public-key", "--data", data.Path);
        var trusted = dir.File("ledger.pem", publicKey.Out);
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        var other = dir.File("other.pem", Ed25519PublicKeys.ToPem(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        var keyId = JsonNode.Parse(await File.ReadAllTextAsync(bundle, Ct))!["integrity"]!["key_id"]!.GetValue<string>();

        var verified = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--bundle", bundle, "--trusted-key", trusted);
        var rejected = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--bundle", bundle, "--trusted-key", other);

        verified.ExitCode.ShouldBe(1, verified.Error);
        verified.Out.ShouldContain("NO-GO");
        rejected.ExitCode.ShouldBe(2);
        rejected.Error.ShouldBe($"attest: --bundle {bundle}: the bundle is signed by key {keyId}, which is not a trusted key.\n");
    }

    [Fact]
    public async Task A_tampered_bundle_exits_2()
    {
        using var dir = new TempDirectory();
        var bundle = await ExportAsync(dir);
        var text = await File.ReadAllTextAsync(bundle, Ct);
        await File.WriteAllTextAsync(bundle, text.Replace("\"recorded_status\": \"not_started\"", "\"recorded_status\": \"satisfied\"", StringComparison.Ordinal), Ct);

        var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--bundle", bundle);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldStartWith($"attest: --bundle {bundle}: content does not match integrity.sha256 ");
        run.Error.ShouldContain("the bundle was altered after export");
    }

    [Fact]
    public async Task A_bundle_for_another_system_or_model_version_or_mixed_with_a_database_exits_2_naming_it()
    {
        using var dir = new TempDirectory();
        var bundle = await ExportAsync(dir);

        var system = await CliRun.RunAsync("gate", "--system", "document-summarisation", "--bundle", bundle);
        var version = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.0.0", "--bundle", bundle);
        var mixed = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--bundle", bundle, "--data", data.Path);
        var keyWithoutBundle = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--data", data.Path, "--trusted-key", bundle);

        system.ExitCode.ShouldBe(2);
        system.Error.ShouldStartWith($"attest: --bundle {bundle}: --system: the bundle is for AI system 'credit-scoring' (sys_");
        system.Error.ShouldEndWith("), not 'document-summarisation'.\n");
        version.ExitCode.ShouldBe(2);
        version.Error.ShouldBe($"attest: --bundle {bundle}: --model-version: the bundle is for model version credit-pd-gbm@3.1.0, not '3.0.0'.\n");
        mixed.ExitCode.ShouldBe(2);
        mixed.Error.ShouldBe("attest: --bundle evaluates offline: give --bundle FILE without --server or --data.\n");
        keyWithoutBundle.ExitCode.ShouldBe(2);
        keyWithoutBundle.Error.ShouldBe("attest: --trusted-key checks a bundle's signature: give it with --bundle FILE.\n");
        var unknown = await CliRun.RunAsync("gate", "export", "--system", "no-such-system", "--data", data.Path, "--output", dir.File("x.json"));
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldBe("attest: No AI system 'no-such-system'.\n");
        File.Exists(dir.File("x.json")).ShouldBeFalse();
    }

    private async Task<string> ApprovedWaiverAsync(string control, DateOnly expires)
    {
        await using var services = new ServiceCollection().AddAttestCore(Core.Data.DatabaseSettings.ForDataDirectory(data.Path)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var requested = await scope.ServiceProvider.GetRequiredService<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "credit-scoring",
            Control = control,
            Justification = "Control evidence follows the pilot.",
            CompensatingControls = "Manual review of every decision.",
            RiskOwner = "Dana Kim",
            ExpiresOn = expires,
        }, CallerIdentity.LocalAdministrator("dana"), Ct);
        requested.IsOk.ShouldBeTrue(requested.Message);
        var lead = new CallerIdentity(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");
        var approved = await scope.ServiceProvider.GetRequiredService<ApproveWaiver>().ExecuteAsync(requested.Value!.Id, null, lead, Ct);
        approved.IsOk.ShouldBeTrue(approved.Message);
        return requested.Value.Id;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
