using System.Security.Cryptography;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Evidence;

/// <summary>The evidence store on a real SQLite database and data directory, with a fake clock (2026-03-01 09:00 UTC).</summary>
public sealed class EvidenceStoreTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        // High risk, profiling: requires ATT-DATA-02 "Bias and fairness evaluation" (fairness_report, renewal 12 months).
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Report = Encoding.UTF8.GetBytes("{\"n\": 1000, \"overall\": {\"selection_rate\": 0.41}}");

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<Result<EvidenceDto>> AddAsync(EvidenceInput input, byte[]? content = null, string system = "resume-screening") =>
        _db.Get<AddEvidence>().ExecuteAsync(system, input, new MemoryStream(content ?? Report), Actors.Dana, Ct);

    private static EvidenceInput Fairness(params string[] modelVersions) =>
        new() { Type = "fairness_report", FileName = "fairness.json", MediaType = "application/json", ModelVersions = modelVersions, Summary = "Selection rates by sex" };

    private string[] StoredBlobs() =>
        Directory.Exists(Path.Combine(_db.Directory_, "blobs"))
            ? Directory.GetFiles(Path.Combine(_db.Directory_, "blobs"), "*", SearchOption.AllDirectories)
            : [];

    private Task<SystemEvidenceView> StatusAsync() =>
        _db.Get<GetSystemEvidenceStatus>().ExecuteAsync("resume-screening", Ct).ContinueWith(t => t.Result.Value!, TaskScheduler.Default);

    [Fact]
    public async Task Evidence_is_stored_under_its_sha256_once_with_metadata_and_a_ledger_entry()
    {
        var first = await AddAsync(Fairness("cv-ranker@1.0.0"));
        var second = await AddAsync(Fairness() with { FileName = "copy.json" });

        first.IsOk.ShouldBeTrue(first.Message);
        second.IsOk.ShouldBeTrue(second.Message);
        var e = first.Value!;
        var sha = Sha(Report);
        (e.Sha256, e.SizeBytes, e.Type, e.Method, e.Status, e.ProducedBy).ShouldBe((sha, Report.LongLength, "fairness_report", "upload", "active", "user:dana"));
        // ATT-DATA-02 is the only required control that accepts fairness_report; renewal 12 months from 2026-03-01.
        e.Controls.ShouldBe(["ATT-DATA-02"]);
        e.ValidUntil.ShouldBe(new DateOnly(2027, 3, 1));
        e.ModelVersions.Single().Label.ShouldBe("cv-ranker@1.0.0");
        // One file for two items with identical content, at blobs/sha256/ab/cd/<sha>.
        StoredBlobs().ShouldBe([Path.Combine(_db.Directory_, "blobs", "sha256", sha[..2], sha[2..4], sha)]);
        var content = (await _db.Get<GetEvidenceContent>().ExecuteAsync(e.Id, Ct)).Value!;
        using (var read = content.Open()) { using var copy = new MemoryStream(); await read.CopyToAsync(copy, Ct); copy.ToArray().ShouldBe(Report); }
        await using var ctx = _db.NewContext();
        var ledger = await ctx.Ledger.Where(l => l.Action == "evidence.added").OrderBy(l => l.Seq).ToListAsync(Ct);
        ledger.Count.ShouldBe(2);
        ledger[0].PayloadJson.ShouldContain(sha);
    }

    [Theory]
    [InlineData("empty", "file", "is empty")]
    [InlineData("type", "type", "no control accepts evidence of type 'horoscope'")]
    [InlineData("not_required", "controls[0]", "system 'resume-screening' does not require ATT-GPAI-01")]
    [InlineData("wrong_type", "controls[0]", "ATT-DATA-02 accepts evidence of type fairness_report, bias_audit, not 'model_card'")]
    [InlineData("other_system", "model_versions[0]", "model version 'other-model@2.0.0' belongs to another system, not 'resume-screening'")]
    [InlineData("past", "valid_until", "2026-02-28 is in the past (today is 2026-03-01)")]
    [InlineData("supersedes", "supersedes", "no evidence 'ev_missing' of system 'resume-screening'")]
    public async Task Bad_input_is_refused_naming_the_field_and_leaves_no_blob(string @case, string field, string problem)
    {
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("other"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("other", Inputs.Model("other-model", "2.0.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var input = @case switch
        {
            "type" => Fairness() with { Type = "horoscope" },
            "not_required" => new EvidenceInput { Type = "model_card", Controls = ["ATT-GPAI-01"] },
            "wrong_type" => new EvidenceInput { Type = "model_card", Controls = ["ATT-DATA-02"] },
            "other_system" => Fairness("other-model@2.0.0"),
            "past" => Fairness() with { ValidUntil = new DateOnly(2026, 2, 28) },
            "supersedes" => Fairness() with { Supersedes = "ev_missing" },
            _ => Fairness(),
        };

        var result = await AddAsync(input, @case == "empty" ? [] : null);

        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors[field].ShouldBe([problem]);
        StoredBlobs().ShouldBeEmpty();
    }

    [Fact]
    public async Task Oversized_content_is_refused_and_not_kept()
    {
        var small = new AddEvidence(_db.Get<Attest.Core.Data.AttestDbContext>(), _db.Get<GovernedWrites>(), _db.Clock, _db.Get<IdGenerator>(), _db.Get<BlobStore>(),
            _db.Get<Attest.Core.Features.Compliance.ComplianceData>(), new EvidenceSettings(10));

        var result = await small.ExecuteAsync("resume-screening", Fairness(), new MemoryStream(Report), Actors.Dana, Ct);

        result.Errors["file"].ShouldBe(["is larger than the limit of 10 bytes"]);
        StoredBlobs().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_control_with_fresh_evidence_is_satisfied_and_goes_stale_when_time_passes()
    {
        var added = (await AddAsync(Fairness("cv-ranker@1.0.0") with { ValidUntil = new DateOnly(2026, 6, 30) })).Value!;

        var now = await StatusAsync();
        var control = now.Controls.Single(c => c.ControlId == "ATT-DATA-02");
        (control.State, control.ValidUntil, control.ExpiringSoon).ShouldBe((EvidenceState.Satisfied, new DateOnly(2026, 6, 30), false));
        control.Evidence.ShouldBe([added.Id]);
        now.Satisfied.ShouldBe(1);
        now.Completeness.ShouldBe(Math.Round(1.0 / now.Required, 4));

        _db.Clock.Advance(TimeSpan.FromDays(100)); // 2026-06-09: within 30 days of the end
        (await StatusAsync()).ExpiringSoon.ShouldBe(["ATT-DATA-02"]);

        _db.Clock.Advance(TimeSpan.FromDays(22)); // 2026-07-01: the day after valid-until
        var later = await StatusAsync();
        var stale = later.Controls.Single(c => c.ControlId == "ATT-DATA-02");
        (stale.State, stale.Reason).ShouldBe((EvidenceState.Stale, "evidence expired on 2026-06-30"));
        later.Stale.ShouldBe(["ATT-DATA-02"]);
        later.Satisfied.ShouldBe(0);
    }

    [Fact]
    public async Task Evidence_about_an_earlier_model_version_is_stale_once_a_new_version_is_registered()
    {
        (await AddAsync(Fairness("cv-ranker@1.0.0"))).IsOk.ShouldBeTrue();
        (await StatusAsync()).Controls.Single(c => c.ControlId == "ATT-DATA-02").State.ShouldBe(EvidenceState.Satisfied);

        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(version: "2.0.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var view = await StatusAsync();
        view.CurrentModelVersion.ShouldBe("cv-ranker@2.0.0");
        var control = view.Controls.Single(c => c.ControlId == "ATT-DATA-02");
        (control.State, control.Reason).ShouldBe((EvidenceState.Stale, "evidence concerns an earlier model version"));
    }

    [Fact]
    public async Task Retired_evidence_stays_readable_and_no_longer_counts()
    {
        var added = (await AddAsync(Fairness())).Value!;

        var retired = await _db.Get<RetireEvidence>().ExecuteAsync(added.Id, new RetireEvidenceInput { Reason = "Wrong dataset" }, Actors.Dana, Ct);

        retired.IsOk.ShouldBeTrue(retired.Message);
        (retired.Value!.Status, retired.Value.RetiredBy, retired.Value.RetiredReason).ShouldBe(("retired", "user:dana", "Wrong dataset"));
        (await _db.Get<GetEvidence>().ExecuteAsync(added.Id, Ct)).Value!.Status.ShouldBe("retired");
        (await _db.Get<GetEvidenceContent>().ExecuteAsync(added.Id, Ct)).IsOk.ShouldBeTrue();
        (await StatusAsync()).Controls.Single(c => c.ControlId == "ATT-DATA-02").State.ShouldBe(EvidenceState.Missing);
        (await _db.Get<RetireEvidence>().ExecuteAsync(added.Id, new RetireEvidenceInput { Reason = "again" }, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.Conflict);
    }

    [Fact]
    public async Task New_evidence_that_supersedes_an_item_retires_it()
    {
        var old = (await AddAsync(Fairness())).Value!;
        _db.Clock.Advance(TimeSpan.FromMinutes(1)); // ids are time-ordered: the newer one sorts first

        var newer = (await AddAsync(Fairness() with { Supersedes = old.Id }, Encoding.UTF8.GetBytes("{\"n\": 2000}"))).Value!;

        newer.Supersedes.ShouldBe(old.Id);
        var list = (await _db.Get<ListSystemEvidence>().ExecuteAsync("resume-screening", Ct)).Value!;
        list.Select(e => (e.Id, e.Status)).ShouldBe([(newer.Id, "active"), (old.Id, "retired")]);
        list[1].RetiredReason.ShouldBe($"superseded by {newer.Id}");
    }

    [Fact]
    public async Task The_compliance_matrix_shows_a_control_satisfied_by_fresh_evidence_and_stale_once_it_expires()
    {
        (await _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", "ATT-DATA-02", new ControlStatusInput { Status = Attest.Engine.Controls.ControlStatus.InProgress }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await AddAsync(Fairness() with { ValidUntil = new DateOnly(2026, 3, 31) })).IsOk.ShouldBeTrue();

        var cell = (await _db.Get<GetComplianceMatrix>().ExecuteAsync(Ct)).Systems.Single().Statuses["ATT-DATA-02"];
        cell.ShouldBe(Attest.Engine.Controls.ControlStatus.Satisfied);
        var control = (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!.Controls.Single(c => c.ControlId == "ATT-DATA-02");
        (control.Status, control.RecordedStatus, control.Evidence, control.EvidenceValidUntil)
            .ShouldBe((Attest.Engine.Controls.ControlStatus.Satisfied, Attest.Engine.Controls.ControlStatus.InProgress, EvidenceState.Satisfied, new DateOnly(2026, 3, 31)));

        _db.Clock.Advance(TimeSpan.FromDays(31)); // 2026-04-01
        (await _db.Get<GetComplianceMatrix>().ExecuteAsync(Ct)).Systems.Single().Statuses["ATT-DATA-02"].ShouldBe(Attest.Engine.Controls.ControlStatus.Stale);
        var stale = (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!.Controls.Single(c => c.ControlId == "ATT-DATA-02");
        (stale.Status, stale.EvidenceReason).ShouldBe((Attest.Engine.Controls.ControlStatus.Stale, "evidence expired on 2026-03-31"));
    }

    [Fact]
    public async Task Stale_cannot_be_set_by_hand()
    {
        var result = await _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", "ATT-DATA-02", new ControlStatusInput { Status = Attest.Engine.Controls.ControlStatus.Stale }, null, Actors.Dana, Ct);

        result.Errors["status"].ShouldBe(["stale is set by evidence freshness, not by hand"]);
    }

    [Fact]
    public async Task The_assurance_pack_lists_the_evidence_with_its_freshness()
    {
        var added = (await AddAsync(Fairness())).Value!;
        using var pack = new MemoryStream();

        var summary = await _db.Get<Attest.Core.Features.Packs.ExportAssurancePack>().ExecuteAsync("resume-screening", pack, Ct);

        summary.IsOk.ShouldBeTrue(summary.Message);
        summary.Value!.Files.ShouldContain("evidence.json");
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(pack.ToArray()));
        using var reader = new StreamReader(zip.GetEntry("evidence.json")!.Open());
        var json = System.Text.Json.Nodes.JsonNode.Parse(await reader.ReadToEndAsync(Ct))!;
        json["evidence"]![0]!["id"]!.GetValue<string>().ShouldBe(added.Id);
        json["evidence"]![0]!["sha256"]!.GetValue<string>().ShouldBe(Sha(Report));
        json["freshness"]!["satisfied"]!.GetValue<int>().ShouldBe(1);
    }
}
