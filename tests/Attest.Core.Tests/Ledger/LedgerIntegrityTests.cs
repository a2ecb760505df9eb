using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Packs;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Ledger;

/// <summary>
/// Issue 12, "verify means verify": every reader that serves or exports a ledger entry re-checks it, and a
/// row edited in the database (triggers dropped) raises the integrity alarm instead of being passed on.
/// Each test is named after the defect the probe found.
/// </summary>
public sealed class LedgerIntegrityTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task EditAsync(string sql)
    {
        await using var ctx = _db.NewContext();
        await ctx.Database.DropAppendOnlyTriggersAsync(Ct);
        await ctx.Database.ExecuteSqlRawAsync(sql, Ct);
    }

    private LedgerIntegrityAlarm? Alarm => _db.Get<LedgerIntegrityMonitor>().Alarm;

    [Fact]
    public async Task Ledger_api_marks_a_payload_edited_in_the_database_and_raises_the_alarm()
    {
        Alarm.ShouldBeNull();
        await EditAsync("UPDATE ledger_entries SET \"PayloadJson\" = replace(\"PayloadJson\", 'cv-ranker', 'cv-ranker-x') WHERE \"Seq\" = 2");

        var page = await _db.Get<ListLedgerEntries>().ExecuteAsync(new LedgerQuery(), ReadScope.Everything, Ct);

        page.Items[0].IntegrityProblem.ShouldBeNull();
        page.Items[1].IntegrityProblem.ShouldBe("ledger entry seq 2 was changed in the database: its payload does not match its payload_sha256");
        Alarm!.Seq.ShouldBe(2);
        Alarm.Problem.ShouldBe(page.Items[1].IntegrityProblem);
    }

    [Fact]
    public async Task History_marks_an_entry_whose_actor_was_edited()
    {
        await EditAsync("UPDATE ledger_entries SET \"Actor\" = 'user:mallory' WHERE \"Seq\" = 1");

        var recent = await _db.Get<GetRecentHistory>().ExecuteAsync(10, ReadScope.Everything, Ct);

        recent.Single(i => i.Seq == 1).IntegrityProblem.ShouldBe("ledger entry seq 1 was changed in the database: its hash does not match its fields");
        recent.Where(i => i.Seq != 1).ShouldAllBe(i => i.IntegrityProblem == null);
    }

    [Fact]
    public async Task Ledger_proof_of_an_entry_with_an_edited_actor_is_a_conflict_not_a_500()
    {
        await EditAsync("UPDATE ledger_entries SET \"Actor\" = 'user:mallory' WHERE \"Seq\" = 1");

        var proof = await _db.Get<GetInclusionProof>().ExecuteAsync(1, Ct);

        proof.Kind.ShouldBe(ResultKind.Conflict);
        proof.Message.ShouldStartWith("Ledger integrity alarm: ledger entry seq 1 was changed in the database");
        // Other entries' proofs are refused too while the alarm stands: nothing is signed over an altered ledger.
        (await _db.Get<GetInclusionProof>().ExecuteAsync(2, Ct)).Kind.ShouldBe(ResultKind.Conflict);
    }

    [Fact]
    public async Task Ledger_proof_of_a_row_rewritten_with_a_matching_hash_is_refused()
    {
        // A careful forger recomputes the row's hash too: the in-memory signed tree still tells.
        var original = (await _db.Get<ListLedgerEntries>().ExecuteAsync(new LedgerQuery(Limit: 1), ReadScope.Everything, Ct)).Items[0];
        var forged = LedgerHashing.Seal(1, DateTimeOffset.Parse(original.Time, System.Globalization.CultureInfo.InvariantCulture), "user:mallory",
            original.Action, original.Subject, original.PayloadSha256, original.PrevHash);
        await EditAsync($"UPDATE ledger_entries SET \"Actor\" = 'user:mallory', \"Hash\" = '{forged.Hash}' WHERE \"Seq\" = 1");

        var proof = await _db.Get<GetInclusionProof>().ExecuteAsync(1, Ct);

        proof.Kind.ShouldBe(ResultKind.Conflict);
        proof.Message!.ShouldContain("not the entry the signed Merkle tree holds");
    }

    [Fact]
    public async Task Ledger_export_refuses_to_sign_over_a_row_edited_in_the_database()
    {
        await EditAsync("UPDATE ledger_entries SET \"PayloadJson\" = replace(\"PayloadJson\", '1.0.0', '9.9.9') WHERE \"Seq\" = 2");
        var before = await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct);

        using var output = new MemoryStream();
        var result = await _db.Get<ExportLedger>().ExecuteAsync(output, Ct);

        result.Kind.ShouldBe(ResultKind.Conflict);
        result.Message.ShouldStartWith("Ledger integrity alarm: ledger entry seq 2 was changed: its payload does not match its payload_sha256");
        (await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value.ShouldBe(before.Value); // nothing new was signed
        Alarm.ShouldNotBeNull();
    }

    [Fact]
    public async Task Ledger_export_refuses_a_chain_rehashed_after_it_was_signed()
    {
        // Re-hash the chain from an edited entry 1 (every hash recomputed): the chain verifies again, but the
        // checkpoint recorded in it (and the stored one) no longer match the entries.
        await RewriteAsync(1, "user:mallory", deleteCheckpoints: true);

        using var output = new MemoryStream();
        var result = await _db.Get<ExportLedger>().ExecuteAsync(output, Ct);

        result.Kind.ShouldBe(ResultKind.Conflict);
        result.Message!.ShouldContain("records a checkpoint over 3 entries with root");
        (await _db.Get<AuditLedger>().ExecuteAsync(Ct)).Problem.ShouldNotBeNull();
    }

    [Fact]
    public async Task Pack_export_on_an_edited_database_is_a_conflict_not_an_unexpected_error()
    {
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("later-system"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        await EditAsync("UPDATE ledger_entries SET \"Actor\" = 'user:mallory' WHERE \"Seq\" = 1");

        using var output = new MemoryStream();
        var result = await _db.Get<ExportAssurancePack>().ExecuteAsync("resume-screening", output, Ct);

        result.Kind.ShouldBe(ResultKind.Conflict);
        result.Message.ShouldStartWith("Ledger integrity alarm: ledger entry seq 1 was changed in the database");
    }

    [Fact]
    public async Task The_audit_finds_an_old_row_edited_long_after_it_was_written()
    {
        (await _db.Get<AuditLedger>().ExecuteAsync(Ct)).ShouldBe(new LedgerAuditResult(4, 1, null));
        await EditAsync("UPDATE ledger_entries SET \"Subject\" = 'system:elsewhere' WHERE \"Seq\" = 2");

        var audit = await _db.Get<AuditLedger>().ExecuteAsync(Ct);

        audit.Problem.ShouldBe("ledger entry seq 2 was changed in the database: its hash does not match its fields");
        Alarm!.Problem.ShouldBe(audit.Problem);
    }

    /// <summary>What an operator with database access can do: edit an entry and re-seal every entry after it.</summary>
    private async Task RewriteAsync(long seq, string actor, bool deleteCheckpoints)
    {
        await using var ctx = _db.NewContext();
        await ctx.Database.DropAppendOnlyTriggersAsync(Ct);
        var rows = await ctx.Ledger.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(Ct);
        var prev = LedgerHashing.GenesisHash;
        foreach (var row in rows)
        {
            var sealedRecord = LedgerHashing.Seal(row.Seq, row.Time, row.Seq == seq ? actor : row.Actor, row.Action, row.Subject, row.PayloadSha256, prev);
            await ctx.Database.ExecuteSqlRawAsync("UPDATE ledger_entries SET \"Actor\" = {0}, \"PrevHash\" = {1}, \"Hash\" = {2} WHERE \"Seq\" = {3}",
                [sealedRecord.Actor, sealedRecord.PrevHash, sealedRecord.Hash, row.Seq], Ct);
            prev = sealedRecord.Hash;
        }
        if (deleteCheckpoints) await ctx.Database.ExecuteSqlRawAsync("DELETE FROM ledger_checkpoints", Ct);
    }
}
