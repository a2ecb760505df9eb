using System.Diagnostics;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

public sealed class CheckpointSigningTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _data.Dispose();

    private static byte[] Root(byte seed) => [.. Enumerable.Repeat(seed, 32)];

    [Fact]
    public void A_new_key_ring_keeps_the_private_key_readable_only_by_its_owner()
    {
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        ring.Keys.Count.ShouldBe(1);
        ring.ActiveKeyId.Length.ShouldBe(16);
        var privateKey = Path.Combine(_data.Path, "keys", ring.ActiveKeyId + ".key");
        File.ReadAllText(privateKey).ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(privateKey).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.Combine(_data.Path, "keys")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // The key id is the first 16 hex characters of SHA-256 of the raw public key.
        ring.ActiveKeyId.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ring.ActiveKey.PublicKeyBytes()))[..16]);
        LedgerKeyRing.Open(_data.Path).ActiveKeyId.ShouldBe(ring.ActiveKeyId);
    }

    [Fact]
    public void A_signed_checkpoint_verifies_with_its_key_and_fails_when_any_field_changes()
    {
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        var signed = new CheckpointSigner(ring, _time).Sign(42, Root(7));
        signed.Checkpoint.ShouldBe(new Checkpoint(42, string.Concat(Enumerable.Repeat("07", 32)), _time.GetUtcNow(), ring.ActiveKeyId));
        var trusted = new[] { ring.ActiveKey.PublicKeyBytes() };
        CheckpointVerification.Problem(signed, trusted).ShouldBeNull();
        CheckpointVerification.Problem(signed, null).ShouldBeNull();

        CheckpointVerification.Problem(signed with { Checkpoint = signed.Checkpoint with { TreeSize = 43 } }, trusted).ShouldNotBeNull().ShouldContain("does not verify");
        CheckpointVerification.Problem(signed with { Checkpoint = signed.Checkpoint with { RootHash = new string('1', 64) } }, trusted).ShouldNotBeNull();
        CheckpointVerification.Problem(signed with { Checkpoint = signed.Checkpoint with { Time = _time.GetUtcNow().AddSeconds(1) } }, trusted).ShouldNotBeNull();
    }

    [Fact]
    public void A_checkpoint_signed_by_another_key_is_refused_when_a_key_is_trusted()
    {
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        using var other = new TempDirectory();
        var forger = LedgerKeyRing.OpenOrCreate(other.Path, _time);
        var forged = new CheckpointSigner(forger, _time).Sign(1, Root(1));
        CheckpointVerification.Problem(forged, [ring.ActiveKey.PublicKeyBytes()]).ShouldNotBeNull().ShouldContain($"signed by key {forger.ActiveKeyId}, which is not a trusted key");
        // Without a trusted key, the file's own key is used: self-consistent, so it verifies.
        CheckpointVerification.Problem(forged, null).ShouldBeNull();
        // An embedded key that does not match the claimed key id is refused.
        CheckpointVerification.Problem(forged with { PublicKey = ring.ActiveKey.PublicKey }, null).ShouldNotBeNull().ShouldContain("not the key_id");
    }

    [Fact]
    public void After_rotation_new_checkpoints_use_the_new_key_and_old_ones_still_verify()
    {
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        var oldKey = ring.ActiveKey;
        var old = new CheckpointSigner(ring, _time).Sign(10, Root(1));
        _time.Advance(TimeSpan.FromDays(30));
        var newKey = ring.Rotate(_time);
        var fresh = new CheckpointSigner(ring, _time).Sign(20, Root(2));

        newKey.KeyId.ShouldNotBe(oldKey.KeyId);
        fresh.Checkpoint.KeyId.ShouldBe(newKey.KeyId);
        var reopened = LedgerKeyRing.Open(_data.Path);
        reopened.ActiveKeyId.ShouldBe(newKey.KeyId);
        reopened.Find(oldKey.KeyId)!.Retired.ShouldBe(_time.GetUtcNow());
        File.Exists(Path.Combine(_data.Path, "keys", oldKey.KeyId + ".key")).ShouldBeFalse();
        File.Exists(Path.Combine(_data.Path, "keys", oldKey.KeyId + ".pub.pem")).ShouldBeTrue();

        var trusted = reopened.Keys.Select(k => k.PublicKeyBytes()).ToArray();
        CheckpointVerification.Problem(old, trusted).ShouldBeNull();
        CheckpointVerification.Problem(fresh, trusted).ShouldBeNull();
    }

    [Fact]
    public void A_ring_opened_before_another_process_rotated_signs_with_the_new_key()
    {
        var early = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        var rotated = LedgerKeyRing.Open(_data.Path).Rotate(_time);
        var signed = new CheckpointSigner(early, _time).Sign(1, Root(3));
        signed.Checkpoint.KeyId.ShouldBe(rotated.KeyId);
        CheckpointVerification.Problem(signed, [rotated.PublicKeyBytes()]).ShouldBeNull();
    }

    [Fact]
    public void Public_keys_parse_from_pem_raw_base64_and_der_base64()
    {
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        var raw = ring.ActiveKey.PublicKeyBytes();
        var pem = ring.PublicKeyPem(ring.ActiveKeyId);
        Ed25519PublicKeys.TryParse(pem).ShouldBe(raw);
        Ed25519PublicKeys.TryParse(Convert.ToBase64String(raw)).ShouldBe(raw);
        var der = pem.Split('\n')[1];
        Ed25519PublicKeys.TryParse(der).ShouldBe(raw);
        Ed25519PublicKeys.TryParse("not a key").ShouldBeNull();
        ring.Rotate(_time);
        var both = string.Concat(ring.Keys.Select(k => $"# key_id {k.KeyId}\n" + ring.PublicKeyPem(k.KeyId)));
        Ed25519PublicKeys.TryParseAll(both)!.Select(k => Convert.ToBase64String(k)).ShouldBe(ring.Keys.Select(k => k.PublicKey));
        Ed25519PublicKeys.TryParseAll(both + "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").ShouldBeNull();
        Ed25519PublicKeys.TryParse(Convert.ToBase64String(new byte[31])).ShouldBeNull();
    }

    [Fact]
    public void An_auditor_can_verify_a_checkpoint_signature_with_plain_openssl()
    {
        if (!File.Exists("/usr/bin/openssl")) Assert.Skip("openssl is not installed");
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        var signed = new CheckpointSigner(ring, _time).Sign(3, Root(9));
        var dir = _data.Path;
        File.WriteAllBytes(Path.Combine(dir, "msg.bin"), signed.Checkpoint.SigningMessage());
        File.WriteAllBytes(Path.Combine(dir, "sig.bin"), Convert.FromBase64String(signed.Signature));
        File.WriteAllText(Path.Combine(dir, "pub.pem"), ring.PublicKeyPem(ring.ActiveKeyId));

        OpenSslVerify(dir).ShouldBe(0);
        File.WriteAllBytes(Path.Combine(dir, "msg.bin"), (signed.Checkpoint with { TreeSize = 4 }).SigningMessage());
        OpenSslVerify(dir).ShouldNotBe(0);
    }

    private static int OpenSslVerify(string dir)
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg.bin", "-sigfile", "sig.bin"])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
