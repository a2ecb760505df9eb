using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Packs;
using Attest.Core.Features.Risks;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;

namespace Attest.Core.Tests.Packs;

/// <summary>
/// An assurance pack carries what an auditor asks first — reviews with sign-offs and the decision, waivers with their
/// state, risks, incidents, the gate verdicts, material changes — each record naming the ledger entries that recorded it,
/// and both verifiers (C# and verify_pack.py) catch a changed file or a record that disagrees with the ledger.
/// </summary>
public sealed class GovernancePackTests : IAsyncLifetime
{
    private const string System = "resume-screening";
    private TestDatabase _db = null!;
    private string _approvedWaiver = "";
    private string _review = "";

    private static readonly CallerIdentity Lee = new(new Actor("user:lee", "Lee Legal"), [Roles.Reviewer], [Specialties.Legal], null, "lee");
    private static readonly CallerIdentity Fay = new(new Actor("user:fay", "Fay Fair"), [Roles.Reviewer], [Specialties.Fairness, Specialties.Privacy], null, "fay");
    private static readonly CallerIdentity Sam = new(new Actor("user:sam", "Sam Sec"), [Roles.Reviewer], [Specialties.Security], null, "sam");
    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        Ok(await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct));
        Ok(await _db.Get<SubmitIntake>().ExecuteAsync(System, IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct));
        var review = Ok(await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = System, Stage = GateStage.DesignReview }, Actors.Dana, Ct));
        _review = review.Id;
        foreach (var control in new[] { "ATT-GOV-01", "ATT-RISK-01" })
            Ok(await _db.Get<SetControlStatus>().ExecuteAsync(System, control, new ControlStatusInput { Status = ControlStatus.Satisfied }, null, Actors.Dana, Ct));
        var waiver = Ok(await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = System,
            Control = "ATT-RISK-02",
            Justification = "Use limits documented after the pilot.",
            CompensatingControls = "Pilot limited to 50 internal users; weekly manual audit.",
            RiskOwner = "Dana Kim",
            ExpiresOn = new DateOnly(2026, 4, 15),
        }, Actors.Dana, Ct));
        _approvedWaiver = waiver.Id;
        Ok(await _db.Get<ApproveWaiver>().ExecuteAsync(waiver.Id, null, Gus, Ct));
        Ok(await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = System,
            Control = "ATT-GOV-01",
            Justification = "Policy owner on leave.",
            CompensatingControls = "Interim owner named.",
            RiskOwner = "Dana Kim",
            ExpiresOn = new DateOnly(2026, 4, 30),
        }, Actors.Dana, Ct));
        foreach (var (who, specialty, decision) in new[]
        {
            (Lee, "legal", SignOffDecision.Approve), (Fay, "privacy", SignOffDecision.Approve), (Sam, "security", SignOffDecision.Approve),
            (Fay, "fairness", SignOffDecision.RequestChanges), (Fay, "fairness", SignOffDecision.Approve),
        })
            Ok(await _db.Get<SignOffReview>().ExecuteAsync(review.Id, new SignOffInput { Specialty = specialty, Decision = decision, Rationale = $"{specialty}: {decision}." }, who, Ct));
        Ok(await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput { Decision = BoardDecision.Go, Rationale = "All design-review requirements met." }, null, Eve, Ct));
        var risk = Ok(await _db.Get<RecordRisk>().ExecuteAsync(System, new RiskInput
        {
            Title = "Career gaps penalised",
            Severity = RiskSeverity.Medium,
            Owner = "Dana Kim",
        }, Actors.Dana, Ct));
        Ok(await _db.Get<RecordRisk>().ExecuteAsync(System, new RiskInput { Title = "Typos in letters", Severity = RiskSeverity.Low, Owner = "Dana Kim" }, Actors.Dana, Ct));
        Ok(await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Recruiters review every shortlist." }, null, Eve, Ct));
        Ok(await _db.Get<ReportIncident>().ExecuteAsync(System, new IncidentInput
        {
            Title = "Qualified women ranked lower",
            Severity = IncidentSeverity.Severe,
            Category = "bias_regression",
            OccurredAt = _db.Clock.GetUtcNow().AddHours(-5),
            AwareAt = _db.Clock.GetUtcNow().AddHours(-2),
        }, Actors.Dana, Ct));
        // 2026-04-16: the approved waiver ended yesterday.
        _db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 16, 9, 0, 0, TimeSpan.Zero));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    // Steps happen a minute apart, so records made by them sort in the order they were made.
    private T Ok<T>(Result<T> result, [global::System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
        result.IsOk.ShouldBeTrue($"line {line}: {result.Message}");
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        return result.Value!;
    }

    private async Task<byte[]> PackAsync()
    {
        using var pack = new MemoryStream();
        Ok(await _db.Get<ExportAssurancePack>().ExecuteAsync(System, pack, Ct));
        return pack.ToArray();
    }

    private static List<PackFile> Files(byte[] pack)
    {
        using var zip = new ZipArchive(new MemoryStream(pack), ZipArchiveMode.Read);
        return [.. zip.Entries.Select(e =>
        {
            using var content = new MemoryStream();
            using (var stream = e.Open()) stream.CopyTo(content);
            return new PackFile(e.FullName, content.ToArray());
        })];
    }

    private static JsonNode Json(List<PackFile> files, string path) => JsonNode.Parse(files.Single(f => f.Path == path).Content)!;

    private LedgerKeyRing Ring => LedgerKeyRing.Open(_db.Settings.DataDirectory);

    private PackVerificationResult Verify(byte[] pack) => AssurancePackVerification.Verify(new MemoryStream(pack), [Ring.ActiveKey.PublicKeyBytes()]);

    /// <summary>The pack with one file changed and the manifest signed again with the operator's key: only the record checks can tell.</summary>
    private byte[] Resigned(byte[] pack, string path, Func<JsonNode, JsonNode> change)
    {
        var files = Files(pack).Where(f => f.Path is not (AssurancePackFormat.ManifestPath or AssurancePackFormat.ManifestSignaturePath))
            .Select(f => f.Path == path ? f with { Content = Encoding.UTF8.GetBytes(change(JsonNode.Parse(f.Content)!).ToJsonString(AttestJson.Indented) + "\n") } : f)
            .ToList();
        var manifest = AssurancePackFormat.Manifest(files);
        var ring = Ring;
        var (keyId, signature) = ring.SignWithActiveKey(manifest);
        var signatureFile = AssurancePackFormat.ManifestSignature(keyId, ring.Find(keyId)!.PublicKey, Convert.ToBase64String(signature));
        return CanonicalZip.ToBytes([new PackFile(AssurancePackFormat.ManifestPath, manifest), new PackFile(AssurancePackFormat.ManifestSignaturePath, signatureFile), .. files]);
    }

    [Fact]
    public async Task The_pack_holds_reviews_with_sign_offs_and_decision_waivers_with_their_state_risks_incidents_and_gate_verdicts_and_verifies()
    {
        var pack = await PackAsync();

        Verify(pack).Problem.ShouldBeNull();
        var files = Files(pack);
        files.Select(f => f.Path).ShouldBe([
            "manifest.json", "manifest.sig.json", "classification.json", "controls.csv", "controls.json",
            "governance/gate-verdicts.json", "governance/incidents.json", "governance/reviews.json", "governance/risks.json", "governance/waivers.json",
            "index.md", "ledger/checkpoint.json", "ledger/entries.jsonl", "ledger/proofs.json", "ledger/public_key.pem",
            "lineage.json", "summary.md", "system-card.md", "system.json"]);
        var entries = Encoding.UTF8.GetString(files.Single(f => f.Path == AssurancePackFormat.EntriesPath).Content).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!).ToDictionary(e => e["seq"]!.GetValue<long>());

        var review = Json(files, "governance/reviews.json")["records"]!.AsArray().Single()!;
        review["id"]!.GetValue<string>().ShouldBe(_review);
        review["stage"]!.GetValue<string>().ShouldBe("design_review");
        review["requested_by"]!.GetValue<string>().ShouldBe("user:dana");
        var signOffs = review["sign_offs"]!.AsArray();
        signOffs.Select(s => $"{s!["specialty"]} {s["decision"]} {s["signed_by"]}").ShouldBe([
            "legal approve user:lee", "privacy approve user:fay", "security approve user:sam", "fairness request_changes user:fay", "fairness approve user:fay"]);
        foreach (var s in signOffs)
        {
            var entry = entries[s!["recorded_as"]!["seq"]!.GetValue<long>()];
            entry["hash"]!.GetValue<string>().ShouldBe(s["recorded_as"]!["hash"]!.GetValue<string>());
            entry["payload"]!["rationale"]!.GetValue<string>().ShouldBe(s["rationale"]!.GetValue<string>());
        }
        var decision = review["decision"]!;
        decision["decision"]!.GetValue<string>().ShouldBe("go");
        decision["rationale"]!.GetValue<string>().ShouldBe("All design-review requirements met.");
        decision["decided_by"]!.GetValue<string>().ShouldBe("user:eve");
        entries[decision["recorded_as"]!["seq"]!.GetValue<long>()]["action"]!.GetValue<string>().ShouldBe("review.decided");
        review["ledger"]!.AsArray().Count.ShouldBe(7); // requested, five sign-offs, decided

        var waivers = Json(files, "governance/waivers.json")["records"]!.AsArray();
        waivers.Select(w => $"{w!["control"]} {w["state_at_export"]}").ShouldBe(["ATT-RISK-02 expired", "ATT-GOV-01 requested"]);
        waivers[0]!["approved"]!["approved_by"]!.GetValue<string>().ShouldBe("user:gus");
        waivers[0]!["ledger"]!.AsArray().Count.ShouldBe(2);

        var risks = Json(files, "governance/risks.json")["records"]!.AsArray();
        risks.Select(r => $"{r!["treatment"]}").ShouldBe(["accepted", "open"]);
        risks[0]!["accepted"]!["rationale"]!.GetValue<string>().ShouldBe("Recruiters review every shortlist.");
        var incident = Json(files, "governance/incidents.json")["records"]!.AsArray().Single()!;
        incident["status"]!.GetValue<string>().ShouldBe("open");
        incident["deadlines"]!.AsArray().ShouldNotBeEmpty();
        incident["ledger"]!.AsArray().ShouldNotBeEmpty();

        var gates = Json(files, "governance/gate-verdicts.json");
        gates["records"]!.AsArray().Select(g => g!["stage"]!.GetValue<string>()).ShouldBe(["design_review", "pre_launch", "post_launch_review", "periodic_recertification"]);
        var design = gates["records"]![0]!;
        design["decision"]!.GetValue<string>().ShouldBe("no_go", "the waiver expired, so ATT-RISK-02 is open again");
        design["requirements"]!.AsArray().Where(r => !r!["met"]!.GetValue<bool>()).Select(r => r!["requirement"]!.GetValue<string>()).ShouldBe(["control:ATT-RISK-02"]);

        var summary = Encoding.UTF8.GetString(files.Single(f => f.Path == "summary.md").Content);
        summary.ShouldContain("| Design review | **no go** |");
        summary.ShouldContain("**go** for design review, decided by user:eve on 2026-03-01: All design-review requirements met.");
        summary.ShouldContain("| ATT-GOV-01 ");
        summary.ShouldContain("| Typos in letters | low | Dana Kim |");
        summary.ShouldContain("| Qualified women ranked lower | severe | open |");
        var index = Encoding.UTF8.GetString(files.Single(f => f.Path == "index.md").Content);
        foreach (var file in files) index.ShouldContain($"| `{file.Path}` |");
    }

    [Fact]
    public async Task A_conditional_go_with_its_conditions_and_the_material_changes_after_it_are_in_the_pack_tied_to_their_entries()
    {
        const string other = "other-system";
        Ok(await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(other), Actors.Dana, Ct));
        Ok(await _db.Get<SubmitIntake>().ExecuteAsync(other, IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct));
        Ok(await _db.Get<RegisterModelVersion>().ExecuteAsync(other, Model("1.0", "gbm"), Actors.Dana, Ct));
        var review = Ok(await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = other, ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct));
        await ReviewSteps.SignOffAllAsync(_db, review, Ct);
        var unmet = await ReviewSteps.UnmetAsync(_db, other, review, Ct);
        Ok(await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot.",
            Conditions = [new ConditionInput { Description = "Attach the fairness report", Owner = "Dana Kim", DueOn = new DateOnly(2026, 6, 1), Answers = unmet }],
        }, null, Eve, Ct));
        Ok(await _db.Get<RegisterModelVersion>().ExecuteAsync(other, Model("1.1", "gbm"), Actors.Dana, Ct));
        Ok(await _db.Get<RegisterModelVersion>().ExecuteAsync(other, Model("2.0", "transformer"), Actors.Dana, Ct));
        using var output = new MemoryStream();
        Ok(await _db.Get<ExportAssurancePack>().ExecuteAsync(other, output, Ct));
        var pack = output.ToArray();

        Verify(pack).Problem.ShouldBeNull();
        var files = Files(pack);
        var decision = Json(files, "governance/reviews.json")["records"]![0]!["decision"]!;
        decision["decision"]!.GetValue<string>().ShouldBe("conditional_go");
        var condition = decision["conditions"]![0]!;
        condition["owner"]!.GetValue<string>().ShouldBe("Dana Kim");
        condition["due_on"]!.GetValue<string>().ShouldBe("2026-06-01");
        condition["answers"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(unmet);
        decision["condition_follow_up"]![0]!["status"]!.GetValue<string>().ShouldBe("open");
        var changes = Json(files, "governance/material-changes.json");
        changes["approved_version"]!.GetValue<string>().ShouldBe("screener@1.0");
        changes["records"]!.AsArray().Select(c => $"{c!["candidate_version"]} {c["material"]}").ShouldBe(["screener@1.1 false", "screener@2.0 true"]);
        changes["records"]!.AsArray().ShouldAllBe(c => c!["recorded_as"]!["action"]!.GetValue<string>() == "model_version.change_assessed");

        // The material assessment claims nothing fired.
        var forged = Resigned(pack, "governance/material-changes.json", doc =>
        {
            doc["records"]![1]!["fired"] = new JsonArray();
            return doc;
        });
        var problem = Verify(forged).Problem.ShouldNotBeNull();
        problem.Kind.ShouldBe(LedgerProblemKind.RecordMismatch);
        problem.Message.ShouldContain("'fired' is [] but ledger entry seq ");

        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) return;
        var key = Path.Combine(_db.Settings.DataDirectory, "keys", Ring.ActiveKeyId + ".pub.pem");
        foreach (var (name, bytes, expected) in new[] { ("changes.zip", pack, "OK"), ("forged.zip", forged, "FAILED: governance/material-changes.json: record ") })
        {
            var path = Path.Combine(_db.Settings.DataDirectory, name);
            await File.WriteAllBytesAsync(path, bytes, Ct);
            Python(path, key).Stdout.ShouldStartWith(expected, customMessage: name);
        }
    }

    private static ModelVersionInput Model(string version, string architecture) => new()
    {
        Name = "screener",
        Version = version,
        Kind = Engine.Inventory.ModelKind.Predictive,
        Provider = Engine.Inventory.ModelProvider.InHouse,
        Config = new JsonObject { ["architecture"] = architecture },
    };

    [Fact]
    public async Task Markdown_files_show_record_fields_as_text_never_as_HTML()
    {
        Ok(await _db.Get<ReportIncident>().ExecuteAsync(System, new IncidentInput { Title = "<img src=x onerror=alert(1)>", Severity = IncidentSeverity.Minor }, Actors.Dana, Ct));
        var files = Files(await PackAsync());
        var summary = Encoding.UTF8.GetString(files.Single(f => f.Path == "summary.md").Content);
        summary.ShouldContain("| &lt;img src=x onerror=alert(1)&gt; | minor |");
        summary.ShouldNotContain("<img");
    }

    [Fact]
    public async Task A_changed_byte_in_a_governance_file_is_caught_naming_the_file()
    {
        var pack = await PackAsync();
        foreach (var path in new[] { "governance/reviews.json", "governance/waivers.json", "governance/gate-verdicts.json", "summary.md", "index.md" })
        {
            var files = Files(pack).Select(f => f.Path == path ? f with { Content = [.. f.Content[..^2], (byte)(f.Content[^2] ^ 1), f.Content[^1]] } : f).ToList();
            var problem = Verify(CanonicalZip.ToBytes(files)).Problem.ShouldNotBeNull();
            problem.Kind.ShouldBe(LedgerProblemKind.FileMismatch);
            problem.Message.ShouldStartWith($"{path} does not match the manifest");
        }
    }

    [Fact]
    public async Task A_record_whose_ledger_reference_is_wrong_or_whose_content_differs_from_the_entry_is_caught_even_when_re_signed()
    {
        var pack = await PackAsync();

        // The first sign-off claims the seq of the decision's entry, with its own hash.
        var swapped = Resigned(pack, "governance/reviews.json", doc =>
        {
            var record = doc["records"]![0]!;
            record["sign_offs"]![0]!["recorded_as"]!["seq"] = record["decision"]!["recorded_as"]!["seq"]!.GetValue<long>();
            return doc;
        });
        var problem = Verify(swapped).Problem.ShouldNotBeNull();
        problem.Kind.ShouldBe(LedgerProblemKind.RecordMismatch);
        problem.Message.ShouldStartWith($"governance/reviews.json: record {_review} names ledger entry seq ");

        // The rationale shown is not the one the ledger recorded.
        var reworded = Resigned(pack, "governance/reviews.json", doc =>
        {
            doc["records"]![0]!["sign_offs"]![0]!["rationale"] = "Never reviewed.";
            return doc;
        });
        problem = Verify(reworded).Problem.ShouldNotBeNull();
        problem.Kind.ShouldBe(LedgerProblemKind.RecordMismatch);
        problem.Message.ShouldContain("'rationale' is \"Never reviewed.\" but ledger entry seq");

        // A waiver naming an entry about another waiver.
        var borrowed = Resigned(pack, "governance/waivers.json", doc =>
        {
            var records = doc["records"]!.AsArray();
            records[1]!["ledger"] = records[0]!["ledger"]!.DeepClone();
            return doc;
        });
        problem = Verify(borrowed).Problem.ShouldNotBeNull();
        problem.Kind.ShouldBe(LedgerProblemKind.RecordMismatch);
        problem.Message.ShouldContain($"but that entry is not about ");

        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) return;
        var dir = _db.Settings.DataDirectory;
        var key = Path.Combine(dir, "keys", Ring.ActiveKeyId + ".pub.pem");
        foreach (var (name, bytes, expected) in new[]
        {
            ("good.zip", pack, "OK"),
            ("swapped.zip", swapped, $"FAILED: governance/reviews.json: record {_review} names ledger entry seq "),
            ("reworded.zip", reworded, "FAILED: governance/reviews.json: record"),
            ("borrowed.zip", borrowed, "FAILED: governance/waivers.json: record"),
            ("changed.zip", CanonicalZip.ToBytes(Files(pack).Select(f => f.Path == "governance/risks.json" ? f with { Content = [.. f.Content[..^2], (byte)'X', f.Content[^1]] } : f).ToList()),
                "FAILED: governance/risks.json does not match the manifest"),
        })
        {
            var path = Path.Combine(dir, name);
            await File.WriteAllBytesAsync(path, bytes, Ct);
            var (exit, stdout) = Python(path, key);
            stdout.ShouldStartWith(expected, customMessage: name);
            exit.ShouldBe(expected == "OK" ? 0 : 1, name);
        }
    }

    private static (int Exit, string Stdout) Python(params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "auditor-tools", "verify_pack.py");
        using var process = global::System.Diagnostics.Process.Start(new global::System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
