using System.IO.Compression;
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
        run.Out.ShouldStartWith($"wrote {pack}: credit-scoring, 7 content files (system.json, system-card.md, lineage.json, classification.json, controls.json, controls.csv, evidence.json), ");
        return pack;
    }

    [Fact]
    public async Task I_can_export_a_systems_assurance_pack_and_verify_it_offline_with_the_published_key()
    {
        var pack = await ExportAsync();
        var key = _out.File("key.pem", (await CliRun.Of("ledger", "public-key", "--data", data.Path)).Out);

        var verify = await CliRun.Of("pack", "verify", pack, "--public-key", key);

        verify.ExitCode.ShouldBe(0);
        verify.Out.ShouldStartWith($"OK {pack}: 11 files match the signed manifest, ");
        using var zip = ZipFile.OpenRead(pack);
        zip.Entries.Select(e => e.FullName).ShouldBe([
            "manifest.json", "manifest.sig.json", "classification.json", "controls.csv", "controls.json", "evidence.json",
            "ledger/checkpoint.json", "ledger/entries.jsonl", "ledger/proofs.json", "ledger/public_key.pem",
            "lineage.json", "system-card.md", "system.json"]);
        new StreamReader(zip.GetEntry("system-card.md")!.Open()).ReadToEnd().ShouldStartWith("# ");
    }

    [Fact]
    public async Task An_edited_system_card_in_an_exported_pack_is_caught_with_exit_code_1_naming_the_file()
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
            var card = files.FindIndex(f => f.Path == "system-card.md");
            var bytes = files[card].Content.ToArray();
            bytes[2] ^= 0x20; // one letter of the title changes case
            files[card] = files[card] with { Content = bytes };
            zip.Dispose();
            File.WriteAllBytes(pack, CanonicalZip.ToBytes(files));
        }

        var verify = await CliRun.Of("pack", "verify", pack);

        verify.ExitCode.ShouldBe(1);
        verify.Out.ShouldStartWith($"FAILED {pack}: system-card.md does not match the manifest");
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
