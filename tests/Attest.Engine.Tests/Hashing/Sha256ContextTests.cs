using System.Security.Cryptography;
using Attest.Engine.Hashing;

namespace Attest.Engine.Tests.Hashing;

public sealed class Sha256ContextTests
{
    [Fact]
    public void On_linux_the_hashes_go_through_openssl_s_own_functions()
    {
        if (OperatingSystem.IsLinux()) Sha256Context.IsNative.ShouldBeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_length_up_to_five_blocks_hashes_to_sha256_whole_or_in_pieces_and_the_context_is_reused(bool native)
    {
        var random = new Random(19);
        var data = new byte[5 * 64 + 7];
        random.NextBytes(data);
        using var sha = new Sha256Context(native);
        Span<byte> digest = stackalloc byte[32];
        for (var length = 0; length <= data.Length; length++)
        {
            var message = data.AsSpan(0, length);
            var expected = SHA256.HashData(message);
            sha.Hash(message, digest);
            digest.ToArray().ShouldBe(expected, $"length {length}");

            var cut = random.Next(length + 1);
            sha.Append(message[..cut]);
            sha.Append([]);
            sha.Append(message[cut..]);
            sha.FinishAndReset(digest);
            digest.ToArray().ShouldBe(expected, $"length {length} cut at {cut}");
        }
    }

    [Fact]
    public void A_short_destination_is_refused_and_a_disposed_context_is_not_used()
    {
        var sha = new Sha256Context();
        Should.Throw<ArgumentException>(() => sha.FinishAndReset(new byte[31]));
        sha.Dispose();
        sha.Dispose();
        if (Sha256Context.IsNative) Should.Throw<ObjectDisposedException>(() => sha.Append([1]));
    }
}
