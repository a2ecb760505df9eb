using System.Text;
using System.Text.Json.Nodes;
using Attest.Cli;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Packs;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;

namespace Attest.Cli.Tests.Packs;

public sealed class PackVerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-cli-pack-").FullName;
    private readonly LedgerKeyRing _ring;

    public PackVerifyCommandTests() => _ring = LedgerKeyRing.OpenOrCreate(_dir, TimeProvider.System);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<PackFile> PackFiles()
    {
        var entries = new List<LedgerExportEntry>();
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= 6; seq++)
        {
            var payload = new JsonObject { ["seq"] = seq };
            var r = LedgerHashing.Seal(seq, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(seq), "user:dana", "control.status_changed",
                "system:credit-scoring", LedgerHashing.PayloadDigest(payload), prev);
            entries.Add(new LedgerExportEntry(r, CanonicalJson.ToCanonicalString(payload)));
            prev = r.Hash;
        }
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var content = new AssurancePackContent(
            [new PackFile("system-card.md", Encoding.UTF8.GetBytes("# Credit scoring\n"))],
            entries.Where(e => e.Record.Seq % 2 == 0).ToList(),
            new CheckpointSigner(_ring, TimeProvider.System).Sign(tree));
        return [.. AssurancePackWriter.Build(content, tree, _ring)];
    }

    private string Write(IReadOnlyList<PackFile> files)
    {
        var path = Path.Combine(_dir, "pack.zip");
        File.WriteAllBytes(path, CanonicalZip.ToBytes(files));
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AttestCli.RunAsync(args, CliConsole.Plain(output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task I_can_verify_an_assurance_pack_offline_with_the_published_key()
    {
        var pack = Write(PackFiles());
        var (exit, output, _) = await RunAsync("pack", "verify", pack, "--public-key", _ring.ActiveKey.PublicKey);
        exit.ShouldBe(0);
        output.ShouldContain($"OK {pack}: 5 files match the signed manifest, 3 ledger entries (and their payloads) proven against the checkpoint");
        output.ShouldContain("checkpoint: tree_size 6");
    }

    [Fact]
    public async Task A_tampered_pack_exits_1_naming_the_file()
    {
        var files = PackFiles().Select(f => f.Path == "system-card.md" ? f with { Content = Encoding.UTF8.GetBytes("# Something else\n") } : f).ToList();
        var pack = Write(files);
        var (exit, output, _) = await RunAsync("pack", "verify", pack, "--trusted-key", _ring.ActiveKey.PublicKey);
        exit.ShouldBe(1);
        output.ShouldStartWith($"FAILED {pack}: system-card.md does not match the manifest");
        (await RunAsync("pack", "verify", Write(PackFiles()))).Out.ShouldStartWith($"FAILED {pack}: no trusted key");
    }

    [Fact]
    public async Task A_missing_pack_exits_2()
    {
        var (exit, _, error) = await RunAsync("pack", "verify", Path.Combine(_dir, "missing.zip"));
        exit.ShouldBe(2);
        error.ShouldContain("missing.zip: cannot read the assurance pack");
    }
}
