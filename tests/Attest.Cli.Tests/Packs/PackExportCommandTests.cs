using System.IO.Compression;
using System.Text.Json.Nodes;
using Attest.Core.Features.Packs;

namespace Attest.Cli.Tests.Packs;

/// <summary>`attest pack export` → `attest pack verify` over the demo portfolio, and tampering caught.</summary>
public sealed class PackExportCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>, IDisposable
{
    private readonly TempDirectory _out = new();

    public void Dispose() => _out.Dispose();

    private async Task<string> ExportAsync()
    {
        var pack = _out.File("credit-scoring.zip");
        var run = await CliRun.Of("pack", "export", "--system", "credit-scoring", "--data", data.Path, "--output", pack);
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldStartWith($"wrote {pack}: credit-scoring, 13 content files (system.json, system-card.md, lineage.json, classification.json, controls.json, controls.csv, evidence.json, "
            + "governance/reviews.json, governance/waivers.json, governance/risks.json, governance/gate-verdicts.json, summary.md, index.md), ");
        return pack;
    }

    [Fact]
    public async Task I_can_export_a_systems_assurance_pack_and_verify_it_offline_with_the_published_key()
    {
        var pack = await ExportAsync();
        var key = _out.File("key.pem", (await CliRun.Of("ledger", "public-key", "--data", data.Path)).Out);

        var verify = await CliRun.Of("pack", "verify", pack, "--public-key", key);

        verify.ExitCode.ShouldBe(0);
        verify.Out.ShouldStartWith($"OK {pack}: 17 files match the signed manifest, ");
        using var zip = ZipFile.OpenRead(pack);
        zip.Entries.Select(e => e.FullName).ShouldBe([
            "manifest.json", "manifest.sig.json", "classification.json", "controls.csv", "controls.json", "evidence.json",
            "governance/gate-verdicts.json", "governance/reviews.json", "governance/risks.json", "governance/waivers.json", "index.md",
            "ledger/checkpoint.json", "ledger/entries.jsonl", "ledger/proofs.json", "ledger/public_key.pem",
            "lineage.json", "summary.md", "system-card.md", "system.json"]);
        new StreamReader(zip.GetEntry("system-card.md")!.Open()).ReadToEnd().ShouldStartWith("# ");

        // What an auditor asks first: the demo's reviews with sign-offs and a decision, waivers with their state, risks, gate verdicts.
        JsonNode Read(string path) => JsonNode.Parse(new StreamReader(zip.GetEntry(path)!.Open()).ReadToEnd())!;
        var reviews = Read("governance/reviews.json")["records"]!.AsArray();
        reviews.ShouldContain(r => r!["sign_offs"]!.AsArray().Count > 0 && r["decision"] != null && r["decision"]!["recorded_as"] != null);
        reviews.SelectMany(r => r!["sign_offs"]!.AsArray()).ShouldAllBe(s => s!["recorded_as"] != null && s["signed_by"] != null);
        Read("governance/waivers.json")["records"]!.AsArray().ShouldAllBe(w => w!["state_at_export"] != null && w["requested"]!["recorded_as"] != null);
        Read("governance/risks.json")["records"]!.AsArray().ShouldAllBe(r => r!["ledger"]!.AsArray().Count > 0);
        Read("governance/gate-verdicts.json")["records"]!.AsArray().Count.ShouldBe(4);
        new StreamReader(zip.GetEntry("summary.md")!.Open()).ReadToEnd().ShouldContain("## Gate verdicts");

        if (File.Exists("/usr/bin/python3") && File.Exists("/usr/bin/openssl"))
        {
            using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [VerifyPackScript(), pack, key]) { RedirectStandardOutput = true })!;
            var output = await python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await python.WaitForExitAsync(TestContext.Current.CancellationToken);
            output.ShouldStartWith("OK: 17 files match the signed manifest");
            output.ShouldContain("governance records agree with the entries they name");
            python.ExitCode.ShouldBe(0);
        }
    }

    private static string VerifyPackScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "docs", "ledger", "verify_pack.py");
            if (File.Exists(script)) return script;
        }
        throw new FileNotFoundException("docs/ledger/verify_pack.py not found above the test directory");
    }

    [Theory]
    [InlineData("system-card.md")]
    [InlineData("governance/reviews.json")]
    [InlineData("governance/waivers.json")]
    public async Task An_edited_file_in_an_exported_pack_is_caught_with_exit_code_1_naming_the_file(string edited)
    {
        var pack = await ExportAsync();
        using (var zip = ZipFile.OpenRead(pack))
        {
            var files = zip.Entries.Select(e =>
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                return new Attest.Engine.Packs.PackFile(e.FullName, m.ToArray());
            }).ToList();
            var card = files.FindIndex(f => f.Path == edited);
            var bytes = files[card].Content.ToArray();
            bytes[2] ^= 0x20; // one character changes
            files[card] = files[card] with { Content = bytes };
            zip.Dispose();
            File.WriteAllBytes(pack, CanonicalZip.ToBytes(files));
        }

        var verify = await CliRun.Of("pack", "verify", pack);

        verify.ExitCode.ShouldBe(1);
        verify.Out.ShouldStartWith($"FAILED {pack}: {edited} does not match the manifest");
    }

    [Fact]
    public async Task A_pack_for_an_unknown_system_is_bad_input_and_writes_no_file()
    {
        var pack = _out.File("nope.zip");
        var run = await CliRun.Of("pack", "export", "--system", "no-such-system", "--data", data.Path, "--output", pack);
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe("attest: --system no-such-system: No AI system 'no-such-system'.");
        File.Exists(pack).ShouldBeFalse();
    }
}
