using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Ledger;

/// <summary>
/// <see cref="LedgerWriter.AppendAllAsync"/> (entries chained in memory, inserted as one batch) makes the chain that
/// appending one by one makes, hash for hash, mixes with single appends in one transaction, and verifies like any ledger.
/// </summary>
public sealed class LedgerAppendAllTests : IAsyncLifetime
{
    private TestDatabase _one = null!;
    private TestDatabase _batch = null!;
    private static readonly Actor Dana = new("user:dana", "Dana Kim");

    public async ValueTask InitializeAsync()
    {
        _one = await TestDatabase.CreateAsync();
        _batch = await TestDatabase.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _one.DisposeAsync();
        await _batch.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<LedgerAppend> Appends(int from, int count) => [.. Enumerable.Range(from, count).Select(i =>
        new LedgerAppend("model_version.registered", $"system:sys_{i % 3}", new JsonObject { ["n"] = i, ["note"] = $"entry {i} — ünïcode", ["score"] = i / 8.0 }))];

    private static async Task<List<LedgerEntry>> EntriesAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Ledger.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(Ct);
    }

    private static async Task ChangeAsync(TestDatabase db, Func<AttestDbContext, Task> change)
    {
        await using var ctx = db.NewContext();
        var result = await ctx.InTransactionAsync(async () =>
        {
            await change(ctx);
            return Result<bool>.Ok(true);
        }, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
    }

    [Fact]
    public async Task A_batch_makes_the_chain_one_by_one_appends_make_and_it_verifies()
    {
        await ChangeAsync(_one, async ctx =>
        {
            foreach (var (action, subject, payload) in Appends(1, 250))
                await LedgerWriter.AppendAsync(ctx, _one.Clock, Dana, action, subject, payload, Ct);
        });
        await ChangeAsync(_batch, async ctx => (await LedgerWriter.AppendAllAsync(ctx, _batch.Clock, Dana, Appends(1, 250), Ct)).Count.ShouldBe(250));

        var one = await EntriesAsync(_one);
        var batch = await EntriesAsync(_batch);

        batch.Count.ShouldBe(250);
        batch.Select(e => (e.Seq, e.Time, e.Action, e.Subject, e.PayloadJson, e.PayloadSha256, e.PrevHash, e.Hash))
            .ShouldBe(one.Select(e => (e.Seq, e.Time, e.Action, e.Subject, e.PayloadJson, e.PayloadSha256, e.PrevHash, e.Hash)));
        await VerifyAsync(batch);
    }

    [Fact]
    public async Task Single_appends_before_and_after_a_batch_in_one_transaction_chain_through_it()
    {
        await ChangeAsync(_batch, async ctx =>
        {
            // The first is still pending (not saved) when the batch is written; the last reads its tail from the batch.
            await LedgerWriter.AppendAsync(ctx, _batch.Clock, Dana, "system.registered", "system:sys_0", new JsonObject { ["n"] = 0 }, Ct);
            await LedgerWriter.AppendAllAsync(ctx, _batch.Clock, Dana, Appends(1, 40), Ct);
            await LedgerWriter.AppendAsync(ctx, _batch.Clock, Dana, "bom.imported", "system:sys_0", new JsonObject { ["n"] = 41 }, Ct);
        });
        _batch.Clock.Advance(TimeSpan.FromMinutes(1));
        await ChangeAsync(_batch, async ctx => await LedgerWriter.AppendAllAsync(ctx, _batch.Clock, Dana, Appends(42, 10), Ct));

        var entries = await EntriesAsync(_batch);

        entries.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 52).Select(i => (long)i));
        entries.Select(e => JsonNode.Parse(e.PayloadJson)!["n"]!.GetValue<int>()).ShouldBe(Enumerable.Range(0, 52));
        await VerifyAsync(entries);
    }

    [Fact]
    public async Task A_batch_outside_a_transaction_is_refused_and_an_empty_one_writes_nothing()
    {
        await using var ctx = _batch.NewContext();
        await Should.ThrowAsync<InvalidOperationException>(() => LedgerWriter.AppendAllAsync(ctx, _batch.Clock, Dana, Appends(1, 2), Ct));

        await ChangeAsync(_batch, async c => (await LedgerWriter.AppendAllAsync(c, _batch.Clock, Dana, [], Ct)).ShouldBeEmpty());
        (await EntriesAsync(_batch)).ShouldBeEmpty();
    }

    // What `ledger verify` checks: each entry and payload against its hashes and the chain, then an export of them offline,
    // with a checkpoint signed over all of them by a trusted key.
    private static async Task VerifyAsync(IReadOnlyList<LedgerEntry> entries)
    {
        LedgerEntry? previous = null;
        foreach (var entry in entries)
        {
            LedgerEntryCheck.Problem(entry, previous).ShouldBeNull();
            previous = entry;
        }
        entries[0].PrevHash.ShouldBe(LedgerHashing.GenesisHash);

        using var keys = new TempDirectory();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var ring = LedgerKeyRing.OpenOrCreate(keys.Path, clock);
        using var export = new MemoryStream();
        await LedgerExportWriter.WriteAsync(export, SyntheticLedger.Async(entries.Select(e => e.ToExportEntry())), [], new CheckpointSigner(ring, clock), Ct);
        var result = LedgerExportVerification.Verify(new MemoryStream(export.ToArray()), new LedgerTrustOptions { TrustedKeys = [ring.ActiveKey.PublicKeyBytes()] });
        result.Problem.ShouldBeNull();
        result.Entries.ShouldBe(entries.Count);
    }
}
