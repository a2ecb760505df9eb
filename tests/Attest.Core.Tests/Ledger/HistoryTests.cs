using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.DataFiles;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Inventory;

namespace Attest.Core.Tests.Ledger;

public sealed class HistoryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly CallerIdentity LocalDana = CallerIdentity.LocalAdministrator("dana");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var ctx = _db.NewContext();
        ctx.Users.Add(new User { Id = "usr_dana", UserName = "dana", DisplayName = "Dana Kim", CreatedAt = _db.Clock.GetUtcNow() });
        await ctx.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_systems_history_reads_as_sentences_naming_who_did_what_to_which_system_and_when()
    {
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cv-archive"), LocalDana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System() with { Name = "Consumer credit scoring" }, LocalDana, Ct)).IsOk.ShouldBeTrue();
        _db.Clock.Advance(TimeSpan.FromMinutes(30));
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("credit-pd-gbm", "3.1.0", "cv-archive"), LocalDana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<UpdateSystem>().ExecuteAsync("resume-screening", Inputs.System() with { Name = "Consumer credit scoring", Stage = LifecycleStage.InDevelopment }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDeployment>().RecordAsync("resume-screening",
            new DeploymentInput { ModelVersion = "credit-pd-gbm@3.1.0", Environment = DeploymentEnvironment.Staging, Region = "eu-west-1" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var page = (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.System, "resume-screening", 0, 100, Ct)).Value!;

        page.Title.ShouldBe("Consumer credit scoring");
        // Wording from data/ledger/history-phrases.json; "local:dana" is the user dana, Dana Kim; "user:dana" resolves by user name too.
        page.Items.Select(i => i.Sentence).ShouldBe([
            "Dana Kim (local CLI) registered AI system Consumer credit scoring at 2026-03-01 09:00 UTC",
            "Dana Kim (local CLI) registered model version credit-pd-gbm@3.1.0 of Consumer credit scoring at 2026-03-01 09:30 UTC",
            "Dana Kim moved Consumer credit scoring from proposed to in development at 2026-03-01 09:30 UTC",
            "Dana Kim recorded a staging deployment of credit-pd-gbm@3.1.0 in eu-west-1 for Consumer credit scoring at 2026-03-01 09:30 UTC",
        ]);
        page.Items[0].Seq.ShouldBe(2);
        page.Items[0].ActorName.ShouldBe("Dana Kim (local CLI)");

        var dataset = (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.Dataset, "cv-archive", 0, 100, Ct)).Value!;
        dataset.Items.Single().Sentence.ShouldBe("Dana Kim (local CLI) registered dataset cv archive at 2026-03-01 09:00 UTC");

        var byActor = (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.Actor, "user:dana", 0, 100, Ct)).Value!;
        byActor.Title.ShouldBe("Dana Kim");
        byActor.Items.Select(i => i.Seq).ShouldBe([4L, 5L]);

        var paged = (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.System, "resume-screening", 0, 2, Ct)).Value!;
        paged.Items.Count.ShouldBe(2);
        paged.NextAfterSeq.ShouldBe(3);
        (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.System, "resume-screening", 3, 2, Ct)).Value!.Items.Select(i => i.Seq).ShouldBe([4L, 5L]);
    }

    [Fact]
    public async Task A_deleted_systems_history_is_still_readable_by_its_id_and_unknown_subjects_are_not_found()
    {
        var system = (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), LocalDana, Ct)).Value!;
        (await _db.Get<DeleteSystem>().ExecuteAsync("resume-screening", null, LocalDana, Ct)).IsOk.ShouldBeTrue();

        var page = (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.System, system.Id, 0, 100, Ct)).Value!;
        page.Items.Select(i => i.Summary).ShouldBe(["registered AI system Résumé screening assistant", "deleted AI system Résumé screening assistant"]);

        (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.System, "no-such-system", 0, 100, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _db.Get<GetHistory>().ExecuteAsync(HistoryScope.Dataset, "no-such-dataset", 0, 100, Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }

    [Fact]
    public async Task An_action_without_a_phrase_or_a_payload_missing_a_value_falls_back_to_a_generic_sentence()
    {
        var book = HistoryPhraseBook.Default;
        book.Describe("evidence.added", new System.Text.Json.Nodes.JsonObject(), "Consumer credit scoring").ShouldBe("recorded evidence.added on Consumer credit scoring");
        book.Describe("model_version.registered", new System.Text.Json.Nodes.JsonObject { ["name"] = "m" }, "S").ShouldBe("recorded model_version.registered on S");
        book.Describe("ledger.key_rotated", new System.Text.Json.Nodes.JsonObject { ["retired_key_id"] = "aa", ["key_id"] = "bb" }, "x")
            .ShouldBe("rotated the ledger signing key from aa to bb");
    }

    [Fact]
    public void A_phrase_file_with_a_malformed_placeholder_is_refused_naming_the_action()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "phrases.json");
        File.WriteAllText(path, """{"format":"attest.history-phrases/v1","phrases":{"system.registered":"registered {subject"}}""");
        Should.Throw<DataFileException>(() => HistoryPhraseBook.Load(path)).Message.ShouldBe($"{path}:1: phrases.system.registered: Unclosed '{{' at position 11.");
    }

    [Fact]
    public void An_organisations_phrase_file_rewords_actions_and_may_not_invent_one()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "ledger"));
        var path = Path.Combine(dir.Path, "ledger", "history-phrases.json");
        File.WriteAllText(path, "{\"format\": \"attest.history-phrases/v1\",\n \"phrases\": {\"waiver.approved\": \"signed waiver {waiver_id} off\"}}");
        HistoryPhraseBook.LoadDefault(dir.Path).Describe("waiver.approved", new System.Text.Json.Nodes.JsonObject { ["waiver_id"] = "wv_1" }, "S").ShouldBe("signed waiver wv_1 off");

        File.WriteAllText(path, "{\"format\": \"attest.history-phrases/v1\",\n \"phrases\": {\"waiver.signed\": \"x\"}}");
        Should.Throw<DataFileException>(() => HistoryPhraseBook.LoadDefault(dir.Path)).Message
            .ShouldBe($"{path}:2: phrases.waiver.signed: not a ledger action Attest records (see Governance/LedgerActions.cs)");
    }

    [Fact]
    public void Every_ledger_action_reads_as_a_sentence_in_the_history()
    {
        var book = HistoryPhraseBook.Default;
        LedgerActions.Names.Where(a => !book.Phrases.ContainsKey(a)).ShouldBeEmpty("every action of the catalog has a phrase in data/ledger/history-phrases.json");
        book.Phrases.Keys.Where(a => !LedgerActions.Names.Contains(a)).ShouldBeEmpty("every phrase names an action of the catalog");
        book.Describe("waiver.approved", new System.Text.Json.Nodes.JsonObject { ["waiver_id"] = "wv_1", ["control_id"] = "ATT-DATA-02", ["expires_on"] = "2027-03-01" }, "Consumer credit scoring")
            .ShouldBe("approved waiver wv_1 of ATT-DATA-02 for Consumer credit scoring until 2027-03-01");
    }
}
