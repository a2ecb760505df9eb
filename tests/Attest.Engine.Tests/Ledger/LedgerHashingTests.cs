using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Tests.Ledger;

public sealed class LedgerHashingTests
{
    private static readonly DateTimeOffset Time = new(2026, 3, 1, 9, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void An_entry_hash_is_the_SHA256_of_its_canonical_fields()
    {
        var payload = LedgerHashing.PayloadDigest(new JsonObject { ["slug"] = "credit-scoring" });
        var record = LedgerHashing.Seal(1, Time, "user:dana", "system.registered", "system:sys_1", payload, LedgerHashing.GenesisHash);

        // Written out by hand from the definition, so a change to the format cannot pass silently.
        var expectedJson = $$"""{"action":"system.registered","actor":"user:dana","payload_sha256":"{{payload}}","prev_hash":"{{new string('0', 64)}}","seq":1,"subject":"system:sys_1","time":"2026-03-01T09:30:15.1230000Z"}""";
        record.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expectedJson))));
        payload.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("""{"slug":"credit-scoring"}"""))));
    }

    [Fact]
    public void Changing_any_field_changes_the_hash()
    {
        var record = LedgerHashing.Seal(7, Time, "user:dana", "system.updated", "system:sys_1", new string('a', 64), new string('b', 64));
        var variants = new[]
        {
            record with { Seq = 8 }, record with { Time = Time.AddMilliseconds(1) }, record with { Actor = "user:dan" },
            record with { Action = "system.deleted" }, record with { Subject = "system:sys_2" },
            record with { PayloadSha256 = new string('c', 64) }, record with { PrevHash = new string('d', 64) },
        };

        LedgerHashing.ExpectedHash(record).ShouldBe(record.Hash);
        foreach (var v in variants) LedgerHashing.ExpectedHash(v).ShouldNotBe(record.Hash);
    }
}
