using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Attest.Engine.Hashing;

/// <summary>
/// One reusable SHA-256 context for hashing many small messages on one thread (ledger entries, Merkle nodes).
/// Where the platform's OpenSSL exports the low-level <c>SHA256_Init/Update/Final</c> (libcrypto 3 and 1.1 do; it is
/// the library .NET's own SHA-256 runs on, so the compression — SHA-NI where the CPU has it — is the same), the context
/// is a block of our own memory and a hash costs the compression and three calls: measured 80–95 ns of CPU for a
/// 65-byte Merkle node against 400–600 ns through <see cref="IncrementalHash"/>, whose per-hash cost is .NET's shim
/// (an EVP context, the error queue, the algorithm fetch), not the hashing. Elsewhere it is an
/// <see cref="IncrementalHash"/>. Either way the digest is SHA-256 (tested against <see cref="SHA256.HashData(ReadOnlySpan{byte})"/>
/// on every length up to several blocks).
/// </summary>
public sealed unsafe class Sha256Context : IDisposable
{
    public const int HashSize = 32;

    private readonly IncrementalHash? _managed;
    private byte* _native;

    public Sha256Context() : this(preferNative: true)
    {
    }

    /// <summary>With <paramref name="preferNative"/> false, always the managed path (tests check both).</summary>
    internal Sha256Context(bool preferNative)
    {
        if (preferNative && NativeSha256.Available)
        {
            _native = (byte*)NativeMemory.AlignedAlloc(NativeSha256.ContextBytes, 64);
            NativeSha256.Init(_native);
        }
        else
        {
            _managed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    /// <summary>True when hashes go through OpenSSL's low-level functions (for benchmarks and diagnostics).</summary>
    public static bool IsNative => NativeSha256.Available;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_managed is not null)
        {
            _managed.AppendData(data);
            return;
        }
        ObjectDisposedException.ThrowIf(_native is null, this);
        fixed (byte* p = data) NativeSha256.Update(_native, p, (nuint)data.Length);
    }

    /// <summary>Writes the digest of everything appended since the last reset and starts a new message.</summary>
    public void FinishAndReset(Span<byte> destination)
    {
        if (destination.Length < HashSize) throw new ArgumentException($"A SHA-256 digest needs {HashSize} bytes.", nameof(destination));
        if (_managed is not null)
        {
            _managed.GetHashAndReset(destination);
            return;
        }
        ObjectDisposedException.ThrowIf(_native is null, this);
        fixed (byte* d = destination) NativeSha256.Final(d, _native);
        NativeSha256.Init(_native);
    }

    /// <summary>SHA-256 of one message.</summary>
    public void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Append(data);
        FinishAndReset(destination);
    }

    public void Dispose()
    {
        _managed?.Dispose();
        if (_native is not null)
        {
            NativeMemory.AlignedFree(_native);
            _native = null;
        }
    }
}

/// <summary>OpenSSL's <c>SHA256_Init/Update/Final</c>, bound once per process when libcrypto exports them.</summary>
internal static unsafe class NativeSha256
{
    /// <summary>sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3; room to spare.</summary>
    public const nuint ContextBytes = 256;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> InitFn;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> UpdateFn;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> FinalFn;

    public static bool Available { get; }

    static NativeSha256()
    {
        foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.3.dylib" })
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            if (NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                InitFn = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
                UpdateFn = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
                FinalFn = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
                Available = SelfTest();
                return;
            }
        }
    }

    public static void Init(byte* context) => Check(InitFn(context));

    public static void Update(byte* context, byte* data, nuint length) => Check(UpdateFn(context, data, length));

    public static void Final(byte* digest, byte* context) => Check(FinalFn(digest, context));

    private static void Check(int result)
    {
        if (result != 1) throw new CryptographicException("OpenSSL's SHA-256 failed.");
    }

    /// <summary>The bound functions must give SHA-256 of a known message before they are used.</summary>
    private static bool SelfTest()
    {
        var context = (byte*)NativeMemory.AlignedAlloc(ContextBytes, 64);
        try
        {
            var message = "abc"u8;
            Span<byte> digest = stackalloc byte[32];
            if (InitFn(context) != 1) return false;
            fixed (byte* m = message) if (UpdateFn(context, m, (nuint)message.Length) != 1) return false;
            fixed (byte* d = digest) if (FinalFn(d, context) != 1) return false;
            return digest.SequenceEqual(SHA256.HashData(message));
        }
        finally
        {
            NativeMemory.AlignedFree(context);
        }
    }
}
