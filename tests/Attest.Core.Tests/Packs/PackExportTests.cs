using System.IO.Compression;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Packs;
using Attest.Core.Tests.Support;
using Attest.Engine.Inventory;

namespace Attest.Core.Tests.Packs;

public sealed class PackExportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("other-system"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("cv-ranker", "1.0.0", "cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDeployment>().RecordAsync("resume-screening",
            new DeploymentInput { ModelVersion = "cv-ranker@1.0.0", Environment = DeploymentEnvironment.Production, Region = "eu-west-1", Status = DeploymentStatus.Active }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_systems_pack_holds_its_card_lineage_and_ledger_entries_and_verifies_offline()
    {
        using var pack = new MemoryStream();
        var summary = (await _db.Get<ExportAssurancePack>().ExecuteAsync("resume-screening", pack, Ct)).Value!;

        summary.Files.ShouldBe(["system.json", "system-card.md", "lineage.json", "summary.md", "index.md"]);
        summary.LedgerEntries.ShouldBe(3); // registered, model version, deployment — not the other system's or the dataset's
        summary.Checkpoint.TreeSize.ShouldBe(6); // five changes and the key's creation

        pack.Position = 0;
        var ring = LedgerKeyRing.Open(_db.Settings.DataDirectory);
        var result = AssurancePackVerification.Verify(pack, [ring.ActiveKey.PublicKeyBytes()]);
        result.Problem.ShouldBeNull();
        result.EntriesVerified.ShouldBe(3);
        result.FilesVerified.ShouldBe(9); // 5 content files + entries, proofs, checkpoint, public key

        pack.Position = 0;
        using var zip = new ZipArchive(pack, ZipArchiveMode.Read, leaveOpen: true);
        var card = new StreamReader(zip.GetEntry("system-card.md")!.Open(), Encoding.UTF8).ReadToEnd();
        card.ShouldStartWith("# Résumé screening assistant\n\n`resume-screening` · lifecycle stage **proposed** · EU AI Act class: not classified · internal tier: not set\n");
        card.ShouldContain("## Intended use\n\nRecruiters shortlist candidates; never an automatic rejection.\n");
        card.ShouldContain("| Business owner | Dana Kim |\n");
        card.ShouldContain("### cv-ranker@1.0.0\n\n- Kind: predictive; provider: in_house\n");
        card.ShouldContain("- Training data: cv archive (`cv-archive`)\n");
        card.ShouldContain("| production | eu-west-1 | cv-ranker@1.0.0 | — | active |\n");
        card.ShouldContain("- model version cv-ranker@1.0.0 — trained on → dataset cv archive\n");
        var json = new StreamReader(zip.GetEntry("system.json")!.Open()).ReadToEnd();
        System.Text.Json.Nodes.JsonNode.Parse(json)!["slug"]!.GetValue<string>().ShouldBe("resume-screening");
    }

    [Fact]
    public async Task A_classified_systems_pack_carries_its_classification_and_controls_matrix()
    {
        (await _db.Get<Features.Compliance.SubmitIntake>().ExecuteAsync("resume-screening", Compliance.IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        using var pack = new MemoryStream();

        var summary = (await _db.Get<ExportAssurancePack>().ExecuteAsync("resume-screening", pack, Ct)).Value!;

        summary.Files.ShouldBe(["system.json", "system-card.md", "lineage.json", "classification.json", "controls.json", "controls.csv",
            "governance/gate-verdicts.json", "summary.md", "index.md"]);
        pack.Position = 0;
        AssurancePackVerification.Verify(pack, [LedgerKeyRing.Open(_db.Settings.DataDirectory).ActiveKey.PublicKeyBytes()]).Problem.ShouldBeNull();
        pack.Position = 0;
        using var zip = new ZipArchive(pack, ZipArchiveMode.Read, leaveOpen: true);
        var classification = System.Text.Json.Nodes.JsonNode.Parse(new StreamReader(zip.GetEntry("classification.json")!.Open()).ReadToEnd())!;
        classification["effective_class"]!.GetValue<string>().ShouldBe("high_risk");
        var csv = new StreamReader(zip.GetEntry("controls.csv")!.Open()).ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].ShouldBe("control,title,status,requirements,updated_by,updated_at");
        csv.Length.ShouldBe(classification["required_controls"]!.AsArray().Count + 1);
        csv.Skip(1).ShouldAllBe(line => line.Contains(",not_started,"));
    }

    [Fact]
    public async Task A_pack_for_an_unknown_system_is_not_found_and_writes_nothing()
    {
        using var pack = new MemoryStream();
        (await _db.Get<ExportAssurancePack>().ExecuteAsync("nope", pack, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        pack.Length.ShouldBe(0);
    }

    [Fact]
    public void Every_pack_section_in_Core_is_registered_so_a_new_one_is_picked_up_without_wiring()
    {
        var sections = _db.Get<IEnumerable<IPackSection>>().Select(s => s.GetType().Name).Order(StringComparer.Ordinal).ToList();
        sections.ShouldBe(["ComplianceSection", "EvidenceSection", "GateVerdictsSection", "IncidentsSection", "LineageSection", "MaterialChangesSection",
            "ReviewsSection", "RisksSection", "SummarySection", "SystemSection", "WaiversSection"]);
    }

    [Fact]
    public async Task An_auditor_can_check_a_pack_and_an_export_from_a_real_database_with_python_and_openssl_alone()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) Assert.Skip("python3 or openssl is not installed");
        var dir = _db.Settings.DataDirectory;
        var packPath = Path.Combine(dir, "pack.zip");
        await using (var file = File.Create(packPath))
            (await _db.Get<ExportAssurancePack>().ExecuteAsync("resume-screening", file, Ct)).IsOk.ShouldBeTrue();
        var exportPath = Path.Combine(dir, "ledger.jsonl");
        await using (var export = File.Create(exportPath))
            (await _db.Get<Attest.Core.Features.Ledger.ExportLedger>().ExecuteAsync(export, Ct)).IsOk.ShouldBeTrue();
        var key = Path.Combine(dir, "keys", LedgerKeyRing.Open(dir).ActiveKeyId + ".pub.pem");

        var pack = Python("verify_pack.py", packPath, key);
        pack.Exit.ShouldBe(0, pack.Stdout);
        pack.Stdout.ShouldStartWith("OK");
        var ledger = Python("verify_export.py", exportPath, key);
        ledger.Exit.ShouldBe(0, ledger.Stdout);
        ledger.Stdout.ShouldStartWith("OK: 7 entries (hashes and payloads), 2 checkpoints"); // 5 changes, key created, the pack's checkpoint record
    }

    private static (int Exit, string Stdout) Python(string script, params string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "auditor-tools", script);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
