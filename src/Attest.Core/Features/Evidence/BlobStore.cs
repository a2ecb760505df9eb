using System.Security.Cryptography;
using Attest.Core.Data;

namespace Attest.Core.Features.Evidence;

/// <summary>
/// Content-addressed files under <c>&lt;data-dir&gt;/blobs/sha256/ab/cd/abcd…</c>: identical content is
/// stored once. Content is first written to a temporary file while it is hashed, then moved into place
/// atomically, so a reader never sees a half-written blob and a failed upload leaves nothing behind.
/// </summary>
public sealed class BlobStore(DatabaseSettings settings)
{
    public string Root { get; } = Path.Combine(settings.DataDirectory, "blobs");

    public string PathOf(string sha256) =>
        Path.Combine(Root, "sha256", sha256[..2], sha256[2..4], sha256);

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Copies <paramref name="content"/> to a temporary file, hashing it on the way. Stops at
    /// <paramref name="maxBytes"/> + 1 bytes so an oversized stream is never stored whole. A store without room for it
    /// (no space left on the volume, or over quota) gives a staged blob with <see cref="StagedBlob.StoreFull"/> set and
    /// nothing left behind.
    /// </summary>
    public async Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var tmpDir = Path.Combine(Root, "tmp");
        var tmp = Path.Combine(tmpDir, Path.GetRandomFileName());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            Directory.CreateDirectory(tmpDir);
            await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes) break;
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
            }
        }
        catch (IOException e) when (IsOutOfSpace(e))
        {
            TryDelete(tmp);
            return new StagedBlob(this, tmp, "", size, oversized: false) { StoreFull = FullMessage(e) };
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        return new StagedBlob(this, tmp, Convert.ToHexStringLower(hash.GetHashAndReset()), size, size > maxBytes);
    }

    /// <summary>Moves a staged file to its address: created, already there (identical content), or no room for its folder.</summary>
    internal BlobCommit Commit(StagedBlob staged)
    {
        var target = PathOf(staged.Sha256);
        if (File.Exists(target))
        {
            staged.Dispose();
            return BlobCommit.Existed;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(staged.TempPath, target, overwrite: false);
            staged.Committed = true;
            return BlobCommit.Created;
        }
        catch (IOException) when (File.Exists(target))
        {
            // Someone stored the same content a moment ago: identical bytes, keep theirs.
            staged.Dispose();
            return BlobCommit.Existed;
        }
        catch (IOException e) when (IsOutOfSpace(e))
        {
            staged.StoreFull = FullMessage(e);
            staged.Dispose();
            return BlobCommit.StoreFull;
        }
    }

    /// <summary>
    /// The one rule for "the volume is full": ENOSPC or EDQUOT on Linux and macOS (.NET gives the errno as the HResult),
    /// ERROR_HANDLE_DISK_FULL or ERROR_DISK_FULL on Windows.
    /// </summary>
    internal static bool IsOutOfSpace(IOException e) => e.HResult is 28 or 122 or 69 or unchecked((int)0x80070027) or unchecked((int)0x80070070);

    private string FullMessage(IOException e) =>
        $"The evidence store ({Root}) has no room for this file ({e.Message.TrimEnd('.', ' ')}); nothing was stored. Free space on that volume or give blobs/ a larger one, then retry.";

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Removes a blob this upload created, when the upload's transaction failed after the move.</summary>
    internal void RemoveCreated(string sha256)
    {
        try { File.Delete(PathOf(sha256)); } catch (IOException) { }
    }
}

/// <summary>What <see cref="BlobStore.Commit"/> did.</summary>
internal enum BlobCommit { Created, Existed, StoreFull }

/// <summary>Content written to a temporary file and hashed, not yet in the store. Disposing deletes the temporary file.</summary>
public sealed class StagedBlob(BlobStore store, string tempPath, string sha256, long size, bool oversized) : IDisposable
{
    internal BlobStore Store { get; } = store;
    internal string TempPath { get; } = tempPath;
    public string Sha256 { get; } = sha256;
    /// <summary>Bytes read (for an oversized stream: at least the limit plus one).</summary>
    public long Size { get; } = size;
    public bool Oversized { get; } = oversized;
    /// <summary>Why the store had no room for the content (the sentence for the caller), or null.</summary>
    public string? StoreFull { get; internal set; }
    internal bool Committed { get; set; }

    public void Dispose()
    {
        if (!Committed)
        {
            try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
