using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Attest.Engine.Ledger;
using NSec.Cryptography;

namespace Attest.Core.Tests.Gates;

/// <summary>
/// Gate bundles on real SQLite with a fake clock (starts 2026-03-01): a bundle exported today decides, on any later day,
/// exactly as the live gate would on that day; its content is hashed and signed by the ledger key.
/// </summary>
public sealed class GateBundleTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private string _waiverId = "";
    private string _evidenceId = "";

    private static readonly CallerIdentity Lee = new(new Actor("user:lee", "Lee Legal"), [Roles.Reviewer], [Specialties.Legal], null, "lee");
    private static readonly CallerIdentity Fay = new(new Actor("user:fay", "Fay Fair"), [Roles.Reviewer], [Specialties.Fairness, Specialties.Privacy], null, "fay");
    private static readonly CallerIdentity Sam = new(new Actor("user:sam", "Sam Sec"), [Roles.Reviewer], [Specialties.Security], null, "sam");
    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");

    /// <summary>A fairness report as `attest evaluate fairness --format json` writes it, with an undefined (NaN) disparity.</summary>
    private const string FairnessReport = """
        {"kind":"fairness","n":200,
         "overall":{"accuracy":0.91,"selection_rate":0.42},
         "features":{"sex":{
           "by_group":{"f":{"count":90,"selection_rate":0.37},"m":{"count":110,"selection_rate":0.46}},
           "disparities":{"demographic_parity_ratio":0.8043478260869565,"equalized_odds_difference":"NaN"},
           "impact_ratios":{"ratios":{"f":0.8043478260869565,"m":1.0},"ci":{"f":[0.71,0.93],"m":[1.0,1.0]}}}}}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        foreach (var control in new[] { "ATT-GOV-01", "ATT-RISK-01" })
            (await _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", control, new ControlStatusInput { Status = ControlStatus.Satisfied }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var waiver = await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "resume-screening",
            Control = "ATT-RISK-02",
            Justification = "Use limits documented after the pilot.",
            CompensatingControls = "Pilot limited to 50 internal users.",
            RiskOwner = "Dana Kim",
            ExpiresOn = new DateOnly(2026, 4, 15),
        }, Actors.Dana, Ct);
        waiver.IsOk.ShouldBeTrue(waiver.Message);
        _waiverId = waiver.Value!.Id;
        (await _db.Get<ApproveWaiver>().ExecuteAsync(_waiverId, null, Gus, Ct)).IsOk.ShouldBeTrue();
        var review = await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", Stage = GateStage.DesignReview }, Actors.Dana, Ct);
        review.IsOk.ShouldBeTrue(review.Message);
        foreach (var (who, specialty) in new[] { (Lee, "legal"), (Fay, "privacy"), (Sam, "security"), (Fay, "fairness") })
        {
            var signed = await _db.Get<SignOffReview>().ExecuteAsync(review.Value!.Id,
                new SignOffInput { Specialty = specialty, Decision = SignOffDecision.Approve, Rationale = "Reviewed." }, who, Ct);
            signed.IsOk.ShouldBeTrue(signed.Message);
        }
        var evidence = await _db.Get<AddEvidence>().ExecuteAsync("resume-screening",
            new EvidenceInput { Type = "fairness_report", FileName = "fairness.json", MediaType = "application/json", ValidUntil = new DateOnly(2026, 6, 30) },
            new MemoryStream(Encoding.UTF8.GetBytes(FairnessReport)), Actors.Dana, Ct);
        evidence.IsOk.ShouldBeTrue(evidence.Message);
        _evidenceId = evidence.Value!.Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<ExportedGateBundle> ExportAsync(string? modelVersion = null)
    {
        var exported = await _db.Get<ExportGateBundle>().ExecuteAsync("resume-screening", modelVersion, Ct);
        exported.IsOk.ShouldBeTrue(exported.Message);
        return exported.Value!;
    }

    private async Task SignCheckpointAsync() => (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();

    private static string Json(GateReport report) => JsonSerializer.Serialize(report, AttestJson.Options);

    [Fact]
    public async Task A_bundle_decides_every_stage_on_any_later_day_exactly_as_the_live_gate_would()
    {
        var opened = GateBundleDocument.Open((await ExportAsync()).Json);
        opened.Bundle.Gates.Select(g => g.Stage).ShouldBe([GateStage.DesignReview, GateStage.PreLaunch, GateStage.PostLaunchReview, GateStage.PeriodicRecertification]);

        // Today; the waiver's last day; the day after it (the waiver lapsed); after the fairness report's valid-until.
        foreach (var day in new[] { new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 15), new DateOnly(2026, 4, 16), new DateOnly(2026, 7, 1) })
        {
            _db.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
            foreach (var stage in Enum.GetValues<GateStage>())
            {
                var live = await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", null, stage, Ct);
                var offline = OfflineGate.Evaluate(opened.Bundle, "resume-screening", null, stage, day);
                offline.IsOk.ShouldBeTrue(offline.Message);
                Json(offline.Value!).ShouldBe(Json(live.Value!), $"{stage} on {day}");
            }
        }

        var onWaiverDay = OfflineGate.Evaluate(opened.Bundle, "resume-screening", null, GateStage.DesignReview, new DateOnly(2026, 4, 15)).Value!;
        onWaiverDay.Decision.ShouldBe(GateDecision.Go);
        onWaiverDay.ReliesOnWaivers.ShouldBeTrue();
        var lapsed = OfflineGate.Evaluate(opened.Bundle, "resume-screening", null, GateStage.DesignReview, new DateOnly(2026, 4, 16)).Value!;
        lapsed.Decision.ShouldBe(GateDecision.NoGo);
        lapsed.Unmet.Select(u => (u.Requirement, u.Reason)).ShouldBe([
            ("control:ATT-RISK-02", $"ATT-RISK-02 (Intended purpose, context and use limits): waiver {_waiverId} expired on 2026-04-15, so the control is open again."),
        ]);
        var preLaunch = OfflineGate.Evaluate(opened.Bundle, "resume-screening", null, GateStage.PreLaunch, new DateOnly(2026, 3, 1)).Value!;
        preLaunch.Requirements.Single(r => r.Requirement == "evaluation:impact-ratio:sex=f").Reason
            .ShouldBe($"impact_ratio for sex=f: value 0.8043 meets >= 0.8 (evidence {_evidenceId}).");
        var expired = OfflineGate.Evaluate(opened.Bundle, "resume-screening", null, GateStage.PreLaunch, new DateOnly(2026, 7, 1)).Value!;
        expired.Unmet.ShouldContain(u => u.Requirement == "evaluation:impact-ratio");
    }

    [Fact]
    public async Task A_CI_evaluation_report_is_judged_with_the_bundle_facts()
    {
        var opened = GateBundleDocument.Open((await ExportAsync()).Json);
        var ci = FairnessReportMeasurements.Read(FairnessReport.Replace("0.8043478260869565", "0.7", StringComparison.Ordinal), "ci.json", "ci.json");

        var report = OfflineGate.Evaluate(opened.Bundle, "resume-screening", null, GateStage.PreLaunch, new DateOnly(2026, 7, 1), ci).Value!;

        report.Requirements.Single(r => r.Requirement == "evaluation:impact-ratio:sex=f").Reason.ShouldBe("impact_ratio for sex=f: value 0.7 violates >= 0.8 (evidence ci.json).");
    }

    [Fact]
    public async Task A_bundle_is_signed_by_the_ledger_key_and_a_changed_value_is_detected()
    {
        // No ledger key yet: the export reads only, so it is hashed but not signed.
        var unsigned = GateBundleDocument.Open((await ExportAsync()).Json);
        unsigned.Integrity.Signature.ShouldBeNull();
        OfflineGate.SignatureProblem(unsigned, []).ShouldBe("the bundle is not signed (it was exported from a data directory without a ledger key)");

        await SignCheckpointAsync();
        var exported = await ExportAsync();
        var ring = _db.Get<LedgerKeys>().Ring;
        var trusted = Convert.FromBase64String(ring.ActiveKey.PublicKey);
        var opened = GateBundleDocument.Open(exported.Json);
        opened.Integrity.Signature!.KeyId.ShouldBe(ring.ActiveKeyId);
        opened.Integrity.Sha256.ShouldBe(LedgerHashing.Sha256Hex(opened.SignedBytes));
        OfflineGate.SignatureProblem(opened, [trusted]).ShouldBeNull();
        using var other = Key.Create(SignatureAlgorithm.Ed25519);
        OfflineGate.SignatureProblem(opened, [other.PublicKey.Export(KeyBlobFormat.RawPublicKey)])
            .ShouldBe($"the bundle is signed by key {ring.ActiveKeyId}, which is not a trusted key");

        // Moving the waiver's expiry is caught by the hash …
        var moved = exported.Json.Replace("\"expires_on\": \"2026-04-15\"", "\"expires_on\": \"2026-12-31\"", StringComparison.Ordinal);
        moved.ShouldNotBe(exported.Json);
        Should.Throw<FormatException>(() => GateBundleDocument.Open(moved)).Message.ShouldStartWith("content does not match integrity.sha256");
        // … and, with the hash recomputed, by the signature.
        var forged = (JsonObject)JsonNode.Parse(moved)!;
        forged["integrity"]!["sha256"] = LedgerHashing.Sha256Hex(GateBundleDocument.SignedBytes(forged));
        var reopened = GateBundleDocument.Open(forged.ToJsonString());
        OfflineGate.SignatureProblem(reopened, [trusted]).ShouldBe($"the signature by key {ring.ActiveKeyId} does not verify (forged or altered bundle)");
    }

    [Fact]
    public async Task A_bundle_for_another_system_or_model_version_is_refused_by_name()
    {
        var forVersion = GateBundleDocument.Open((await ExportAsync("1.0.0")).Json).Bundle;
        forVersion.ModelVersion!.Label.ShouldBe("cv-ranker@1.0.0");

        var otherSystem = OfflineGate.Evaluate(forVersion, "credit-scoring", null, GateStage.PreLaunch, new DateOnly(2026, 3, 1));
        otherSystem.Errors!["system"].ShouldBe([$"the bundle is for AI system 'resume-screening' ({forVersion.SystemId}), not 'credit-scoring'."]);
        var otherVersion = OfflineGate.Evaluate(forVersion, "resume-screening", "2.0.0", GateStage.PreLaunch, new DateOnly(2026, 3, 1));
        otherVersion.Errors!["model_version"].ShouldBe(["the bundle is for model version cv-ranker@1.0.0, not '2.0.0'."]);
        OfflineGate.Evaluate(forVersion, forVersion.SystemId, "cv-ranker@1.0.0", GateStage.PreLaunch, new DateOnly(2026, 3, 1)).IsOk.ShouldBeTrue();
        (await _db.Get<ExportGateBundle>().ExecuteAsync("no-such-system", null, Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }

    [Fact]
    public async Task An_auditor_can_check_a_bundle_with_python_and_openssl_as_docs_gates_md_shows()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) Assert.Skip("python3 or openssl is not installed");
        await SignCheckpointAsync();
        var exported = await ExportAsync();
        var dir = Directory.CreateTempSubdirectory("attest-bundle-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "credit-scoring.gate.json"), exported.Json, Ct);
            var ring = _db.Get<LedgerKeys>().Ring;
            await File.WriteAllTextAsync(Path.Combine(dir, "attest-ledger.pem"), ring.PublicKeyPem(ring.ActiveKeyId), Ct);
            // The commands of docs/gates.md, "Offline CI gate with a bundle" (the bundle holds a NaN and long fractions).
            const string Script = """
                python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("integrity"); sys.stdout.write(json.dumps(d,sort_keys=True,separators=(",",":"),ensure_ascii=False))' credit-scoring.gate.json > msg.bin
                sha256sum msg.bin
                python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["integrity"]["signature"]))' credit-scoring.gate.json > sig.bin
                openssl pkeyutl -verify -pubin -inkey attest-ledger.pem -rawin -in msg.bin -sigfile sig.bin
                """;
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/bash", ["-c", Script])
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = await process.StandardOutput.ReadToEndAsync(Ct);
            var stderr = await process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);

            process.ExitCode.ShouldBe(0, stderr);
            stdout.ShouldBe($"{exported.Integrity.Sha256}  msg.bin\nSignature Verified Successfully\n");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
