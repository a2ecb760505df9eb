using System.Diagnostics;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

/// <summary>The signing key can live outside the data directory: a key file, PEM text, a passphrase-protected key.</summary>
public sealed class ExternalSigningKeyTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _vault = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _data.Dispose();
        _vault.Dispose();
    }

    private string WriteKey(string? passphrase, out byte[] publicKey)
    {
        var (pem, key) = SigningKeyFile.Create(passphrase);
        publicKey = key;
        var path = Path.Combine(_vault.Path, Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, pem);
        return path;
    }

    [Fact]
    public void A_passphrase_protected_key_outside_the_data_directory_signs_and_no_private_key_is_kept_inside()
    {
        var path = WriteKey("correct horse", out var publicKey);
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time, new LedgerSigningSettings(path, null, "correct horse"));

        ring.IsExternal.ShouldBeTrue();
        ring.ActiveKey.PublicKeyBytes().ShouldBe(publicKey);
        var signed = new CheckpointSigner(ring, _time).Sign(0, MerkleHashing.EmptyRoot());
        CheckpointVerification.Problem(signed, [publicKey]).ShouldBeNull();
        Directory.GetFiles(LedgerKeyRing.KeysDirectory(_data.Path), "*.key").ShouldBeEmpty();
        File.ReadAllText(path).ShouldStartWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    }

    [Fact]
    public void A_wrong_or_missing_passphrase_and_an_unreadable_file_are_named()
    {
        var path = WriteKey("correct horse", out _);
        Should.Throw<LedgerKeyException>(() => LedgerKeyRing.OpenOrCreate(_data.Path, _time, new LedgerSigningSettings(path, null, "wrong")))
            .Message.ShouldStartWith($"{path}: cannot decrypt the key (wrong passphrase?)");
        Should.Throw<LedgerKeyException>(() => LedgerKeyRing.OpenOrCreate(_data.Path, _time, new LedgerSigningSettings(path, null, null)))
            .Message.ShouldBe($"{path}: the key is passphrase-protected; set ATTEST_LEDGER_KEY_PASSPHRASE (or ATTEST_LEDGER_KEY_PASSPHRASE_FILE)");
        Should.Throw<LedgerKeyException>(() => LedgerKeyRing.OpenOrCreate(_data.Path, _time, new LedgerSigningSettings(path + ".missing", null, null)))
            .Message.ShouldStartWith($"{path}.missing: cannot read the ledger signing key");
    }

    [Fact]
    public void Moving_the_key_out_of_the_data_directory_retires_the_old_key_and_deletes_its_private_file()
    {
        var inside = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        var old = inside.ActiveKeyId;
        var oldSignature = new CheckpointSigner(inside, _time).Sign(0, MerkleHashing.EmptyRoot());
        var (pem, publicKey) = SigningKeyFile.Create(null);

        _time.Advance(TimeSpan.FromDays(1));
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time, new LedgerSigningSettings(null, pem, null));

        ring.ActiveKey.PublicKeyBytes().ShouldBe(publicKey);
        ring.Find(old)!.Retired.ShouldBe(_time.GetUtcNow());
        File.Exists(Path.Combine(LedgerKeyRing.KeysDirectory(_data.Path), old + ".key")).ShouldBeFalse();
        CheckpointVerification.Problem(oldSignature, [ring.Find(old)!.PublicKeyBytes()]).ShouldBeNull(); // old checkpoints still verify
        Should.Throw<LedgerKeyException>(() => ring.Rotate(_time)).Message.ShouldContain("outside the data directory");
        LedgerKeyRing.Open(_data.Path).ActiveKeyId.ShouldBe(ring.ActiveKeyId);
    }

    [Fact]
    public void Keys_made_by_openssl_with_a_passphrase_are_read_and_ours_are_read_by_openssl()
    {
        if (!File.Exists("/usr/bin/openssl")) Assert.Skip("openssl is not installed");
        var theirs = Path.Combine(_vault.Path, "openssl.pem");
        Run("genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:s3cret", "-out", theirs).ShouldBe(0);
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time, new LedgerSigningSettings(theirs, null, "s3cret"));
        ring.IsExternal.ShouldBeTrue();

        var ours = WriteKey("s3cret", out var publicKey);
        var pub = Path.Combine(_vault.Path, "ours.pub.pem");
        Run("pkey", "-in", ours, "-passin", "pass:s3cret", "-pubout", "-out", pub).ShouldBe(0);
        Ed25519PublicKeys.TryParse(File.ReadAllText(pub)).ShouldBe(publicKey);
    }

    private static int Run(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/openssl", args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
