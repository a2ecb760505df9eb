using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;

namespace Attest.Core.Tests.Database;

/// <summary>
/// Two instances (each with its own data directory) on one PostgreSQL database: what one signs, the other shows,
/// proves and exports — the key ring of a data directory is no longer the only source of public keys.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SeveralInstancesTests(PostgresServer server)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Instance_B_exports_and_proves_what_instance_A_signed_with_a_key_B_never_had()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = await TestDatabase.CreateAsync(database);
        await using var b = await TestDatabase.CreateAsync(database);
        (await a.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var signedByA = (await a.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!;
        var keyA = LedgerKeyRing.Open(a.Settings.DataDirectory).ActiveKey;
        LedgerKeyRing.Exists(b.Settings.DataDirectory).ShouldBeFalse();

        (await b.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value.ShouldBe(signedByA.Checkpoint);
        (await b.Get<ListCheckpoints>().ExecuteAsync(null, 10, Ct)).Items.ShouldBe([signedByA.Checkpoint]);
        (await b.Get<GetConsistencyProof>().ExecuteAsync(signedByA.Checkpoint.TreeSize, signedByA.Checkpoint.TreeSize, Ct)).IsOk.ShouldBeTrue();
        (await b.Get<RegisterSystem>().ExecuteAsync(Inputs.System("second"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        using var export = new MemoryStream();
        (await b.Get<ExportLedger>().ExecuteAsync(export, Ct)).IsOk.ShouldBeTrue();
        var keyB = LedgerKeyRing.Open(b.Settings.DataDirectory).ActiveKey;
        keyB.KeyId.ShouldNotBe(keyA.KeyId);
        export.Position = 0;
        var result = LedgerExportVerification.Verify(export, [keyA.PublicKeyBytes(), keyB.PublicKeyBytes()]);
        result.Problem.ShouldBeNull();
        result.CheckpointsVerified.ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_writers_on_two_instances_make_one_chain_that_both_export_and_that_verifies()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = await TestDatabase.CreateAsync(database);
        await using var b = await TestDatabase.CreateAsync(database);
        var writes = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var instance = i % 2 == 0 ? a : b;
            (await instance.Get<RegisterSystem>().ExecuteAsync(Inputs.System($"system-{i}"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
            if (i % 10 == 9) (await instance.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        }, Ct));
        await Task.WhenAll(writes);

        LedgerVerificationResult? first = null;
        foreach (var instance in new[] { a, b })
        {
            using var export = new MemoryStream();
            (await instance.Get<ExportLedger>().ExecuteAsync(export, Ct)).IsOk.ShouldBeTrue();
            var trusted = new[] { a, b }.Select(i => LedgerKeyRing.Open(i.Settings.DataDirectory).ActiveKey.PublicKeyBytes()).ToList();
            export.Position = 0;
            // The later export must extend the earlier one's checkpoint: one chain, no fork.
            var known = first?.LatestCheckpoint is { Checkpoint: var c } ? [new KnownCheckpoint(c.TreeSize, c.RootHash, "the other instance's export")] : new List<KnownCheckpoint>();
            var result = LedgerExportVerification.Verify(export, new LedgerTrustOptions { TrustedKeys = trusted, Known = known });
            result.Problem.ShouldBeNull();
            result.Entries.ShouldBeGreaterThanOrEqualTo(40);
            first = result;
        }
        (await a.Get<AuditLedger>().ExecuteAsync(Ct)).Problem.ShouldBeNull();
    }
}
