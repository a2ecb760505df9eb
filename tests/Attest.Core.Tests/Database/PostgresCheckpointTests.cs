using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;

namespace Attest.Core.Tests.Database;

/// <summary>Checkpoints on PostgreSQL: stored times keep the signed bytes; concurrent requests sign one checkpoint per size.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCheckpointTests(PostgresServer server)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_checkpoint_stored_on_PostgreSQL_verifies_when_read_back_and_its_export_verifies()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        db.Settings.Provider.ShouldBe(DatabaseProvider.Postgres);
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        db.Clock.Advance(TimeSpan.FromTicks(9_876_543)); // sub-millisecond: the stored time must still match the signed one

        var made = (await db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!;
        made.Checkpoint.TreeSize.ShouldBe(2);
        made.Checkpoint.Time.ShouldBe("2026-03-01T09:00:00.9870000Z");

        var stored = (await db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value!;
        stored.ShouldBe(made.Checkpoint);
        var ring = LedgerKeyRing.Open(db.Settings.DataDirectory);
        var signed = new SignedCheckpoint(new Checkpoint(stored.TreeSize, stored.RootHash, DateTimeOffset.Parse(stored.Time, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), stored.KeyId),
            stored.Signature, stored.PublicKey);
        CheckpointVerification.Problem(signed, [ring.ActiveKey.PublicKeyBytes()]).ShouldBeNull();

        using var export = new MemoryStream();
        (await db.Get<ExportLedger>().ExecuteAsync(export, Ct)).IsOk.ShouldBeTrue();
        export.Position = 0;
        var result = LedgerExportVerification.Verify(export, [ring.ActiveKey.PublicKeyBytes()]);
        result.Problem.ShouldBeNull();
        result.CheckpointsVerified.ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_checkpoint_requests_on_PostgreSQL_sign_once_and_agree()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        await db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct); // creates the key first
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("second"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct), Ct)));

        outcomes.ShouldAllBe(o => o.IsOk);
        outcomes.Count(o => o.Value!.Created).ShouldBe(1);
        outcomes.Select(o => o.Value!.Checkpoint.TreeSize).Distinct().ShouldBe([4L]);
    }
}
