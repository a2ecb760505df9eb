using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace Attest.Core.Data;

/// <summary>What a backup wrote.</summary>
public sealed record BackupSummary(string Output, long DatabaseBytes, int Files, long Bytes);

/// <summary>
/// A consistent copy of an embedded (SQLite) data directory while Attest may be running: the database through SQLite's
/// online backup API (a snapshot, never a half-written page), plus the blob store, keys and the organisation's data files,
/// as one .tar.gz. Restore: extract it into an empty directory and run <c>attest ledger check --data DIR</c>.
/// The archive holds the ledger signing and route-secret keys when they live in the data directory: keep it as secret.
/// </summary>
public static class DataDirectoryBackup
{
    public static async Task<BackupSummary> WriteAsync(string dataDirectory, string output, CancellationToken ct)
    {
        var database = Path.Combine(dataDirectory, DatabaseSettings.SqliteFileName);
        if (!File.Exists(database))
            throw new InvalidOperationException($"{dataDirectory} holds no {DatabaseSettings.SqliteFileName}: not an Attest data directory on the embedded database (for PostgreSQL use pg_dump, docs/operations.md).");
        if (File.Exists(output) || Directory.Exists(output))
            throw new InvalidOperationException($"{output} exists already; a backup never overwrites.");
        var snapshot = Path.Combine(Path.GetTempPath(), $"attest-backup-{Guid.NewGuid():N}.db");
        var partial = output + ".partial";
        try
        {
            using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString()))
            {
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }
            var files = 0;
            long bytes = 0;
            await using (var file = File.Create(partial))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                await tar.WriteEntryAsync(snapshot, DatabaseSettings.SqliteFileName, ct);
                foreach (var path in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(dataDirectory, path).Replace('\\', '/');
                    // The live database and its journal are in the snapshot already.
                    if (relative.StartsWith(DatabaseSettings.SqliteFileName, StringComparison.Ordinal)) continue;
                    await tar.WriteEntryAsync(path, relative, ct);
                    files++;
                    bytes += new FileInfo(path).Length;
                }
            }
            File.Move(partial, output);
            return new BackupSummary(output, new FileInfo(snapshot).Length, files, bytes);
        }
        finally
        {
            File.Delete(snapshot);
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
