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
    /// <paramref name="maxBytes"/> + 1 bytes so an oversized stream is never stored whole.
    /// </summary>
    public async Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var tmpDir = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(tmpDir);
        var tmp = Path.Combine(tmpDir, Path.GetRandomFileName());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
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
        catch
        {
            File.Delete(tmp);
            throw;
        }
        return new StagedBlob(this, tmp, Convert.ToHexStringLower(hash.GetHashAndReset()), size, size > maxBytes);
    }

    /// <summary>Moves a staged file to its address; returns true when this call created the blob (false: it existed).</summary>
    internal bool Commit(StagedBlob staged)
    {
        var target = PathOf(staged.Sha256);
        if (File.Exists(target))
        {
            staged.Dispose();
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(staged.TempPath, target, overwrite: false);
            staged.Committed = true;
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            // Someone stored the same content a moment ago: identical bytes, keep theirs.
            staged.Dispose();
            return false;
        }
    }

    /// <summary>Removes a blob this upload created, when the upload's transaction failed after the move.</summary>
    internal void RemoveCreated(string sha256)
    {
        try { File.Delete(PathOf(sha256)); } catch (IOException) { }
    }
}

/// <summary>Content written to a temporary file and hashed, not yet in the store. Disposing deletes the temporary file.</summary>
public sealed class StagedBlob(BlobStore store, string tempPath, string sha256, long size, bool oversized) : IDisposable
{
    internal BlobStore Store { get; } = store;
    internal string TempPath { get; } = tempPath;
    public string Sha256 { get; } = sha256;
    /// <summary>Bytes read (for an oversized stream: at least the limit plus one).</summary>
    public long Size { get; } = size;
    public bool Oversized { get; } = oversized;
    internal bool Committed { get; set; }

    public void Dispose()
    {
        if (!Committed)
        {
            try { File.Delete(TempPath); } catch (IOException) { }
        }
    }
}
