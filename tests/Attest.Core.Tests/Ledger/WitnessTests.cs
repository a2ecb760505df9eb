using System.Text;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Ledger;

/// <summary>
/// Witnessed checkpoints (issue 12, part 2): every signed checkpoint is pushed to a witness as a C2SP
/// checkpoint note, and a history rewritten by an operator with full disk access — chain re-hashed,
/// checkpoints deleted, a fresh export re-signed with the key in the data directory — fails against it.
/// </summary>
public sealed class WitnessTests : IAsyncLifetime
{
    private readonly TempDirectory _witness = new();
    private TestDatabase _db = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(ledger: new LedgerOptions(LedgerSigningSettings.InDataDirectory, new WitnessSettings([_witness.Path], [], [])));
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        _witness.Dispose();
    }

    private byte[] TrustedKey => LedgerKeyRing.Open(_db.Settings.DataDirectory).ActiveKey.PublicKeyBytes();

    [Fact]
    public async Task Every_signed_checkpoint_is_pushed_to_the_witness_as_a_C2SP_checkpoint_note()
    {
        var made = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;

        var file = Path.Combine(_witness.Path, CheckpointWitnesses.FileName(made.TreeSize));
        var text = await File.ReadAllTextAsync(file, Ct);
        await using var ctx = _db.NewContext();
        var origin = CheckpointNote.Origin((await ctx.Ledger.SingleAsync(e => e.Seq == 1, Ct)).Hash);
        text.ShouldStartWith($"{origin}\n{made.TreeSize}\n{Convert.ToBase64String(Convert.FromHexString(made.RootHash))}\n\n\u2014 {origin} ");
        var note = CheckpointNote.Parse(text, out var error)!;
        error.ShouldBeNull();
        WitnessDirectory.VerifiedBy(note, [TrustedKey]).ShouldBeTrue();
        var vkey = await File.ReadAllTextAsync(Path.Combine(_witness.Path, made.KeyId + ".vkey"), Ct);
        CheckpointNote.ParseVerifierKey(vkey)!.Value.PublicKey.ShouldBe(TrustedKey);

        var read = WitnessDirectory.Read(_witness.Path, []);
        read.Problem.ShouldBeNull();
        read.Checkpoints.ShouldBe([new KnownCheckpoint(made.TreeSize, made.RootHash, $"witness {file}")]);
    }

    [Fact]
    public async Task Witness_catches_history_rewritten_like_the_probe_did()
    {
        (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("second-system"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        Directory.GetFiles(_witness.Path, "*.checkpoint").Length.ShouldBe(2);

        // The operator, with the database and the signing key on disk: rewrite who registered the system,
        // re-seal every entry, drop the checkpoint records and delete every stored checkpoint.
        await RewriteHistoryAsync();
        using var export = new MemoryStream();
        var exported = await _db.Get<ExportLedger>().ExecuteAsync(export, Ct);
        exported.IsOk.ShouldBeTrue(exported.Message); // re-signed with the data directory's key

        var alone = LedgerExportVerification.Verify(new MemoryStream(export.ToArray()), [TrustedKey]);
        alone.Problem.ShouldBeNull(); // the operator's own key vouches for the rewritten history

        var witnessed = WitnessDirectory.Read(_witness.Path, [TrustedKey]);
        witnessed.Problem.ShouldBeNull();
        var result = LedgerExportVerification.Verify(new MemoryStream(export.ToArray()), new LedgerTrustOptions { TrustedKeys = [TrustedKey], Known = witnessed.Checkpoints });
        result.Problem!.Kind.ShouldBe(LedgerProblemKind.RewrittenHistory);
        result.Problem.Message.ShouldContain("the history was rewritten after that checkpoint was published");
    }

    [Fact]
    public async Task An_unreachable_witness_does_not_stop_signing_and_is_retried()
    {
        await _db.DisposeAsync();
        var blocked = Path.Combine(_witness.Path, "blocked");
        await File.WriteAllTextAsync(blocked, "a file where the witness directory should be", Ct);
        _db = await TestDatabase.CreateAsync(ledger: new LedgerOptions(LedgerSigningSettings.InDataDirectory, new WitnessSettings([blocked], [], [])));
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        File.Delete(blocked);
        await _db.Get<CheckpointWitnesses>().RetryPendingAsync(Ct);
        Directory.GetFiles(blocked, "*.checkpoint").Length.ShouldBe(1);
    }

    private async Task RewriteHistoryAsync()
    {
        await using var ctx = _db.NewContext();
        await ctx.Database.DropAppendOnlyTriggersAsync(Ct);
        var rows = await ctx.Ledger.AsNoTracking().Where(e => e.Action != LedgerActions.CheckpointSigned.Name).OrderBy(e => e.Seq).ToListAsync(Ct);
        await ctx.Database.ExecuteSqlRawAsync("DELETE FROM ledger_entries", Ct);
        await ctx.Database.ExecuteSqlRawAsync("DELETE FROM ledger_checkpoints", Ct);
        var prev = LedgerHashing.GenesisHash;
        long seq = 0;
        foreach (var row in rows)
        {
            var r = LedgerHashing.Seal(++seq, row.Time, seq == 1 ? "user:mallory" : row.Actor, row.Action, row.Subject, row.PayloadSha256, prev);
            ctx.Ledger.Add(new Attest.Core.Data.LedgerEntry
            {
                Seq = r.Seq,
                Time = r.Time,
                Actor = r.Actor,
                Action = r.Action,
                Subject = r.Subject,
                PayloadSha256 = r.PayloadSha256,
                PayloadJson = row.PayloadJson,
                PrevHash = r.PrevHash,
                Hash = r.Hash,
            });
            prev = r.Hash;
        }
        await ctx.SaveChangesAsync(Ct);
        Encoding.UTF8.GetByteCount(prev).ShouldBe(64);
    }
}
