using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Npgsql;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest about`: the version, and where this installation keeps its data — the first thing support asks.
/// Reads only what exists; it never creates or migrates a database.
/// </summary>
internal static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var command = new Command("about", "Print Attest's version and where its data lives (database, evidence files, ledger keys).") { data, postgres, json };
        command.SetAction(async (parse, ct) =>
        {
            var about = Describe(parse.GetValue(data), parse.GetValue(postgres));
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(about, AboutJson.Options));
                return ExitCodes.Ok;
            }
            await console.Out.WriteLineAsync($"attest {about.Version} (.NET {about.Runtime})");
            await console.Out.WriteLineAsync($"data directory:  {about.DataDirectory ?? $"not set (--data DIR or {CommonOptions.DataEnvironmentVariable})"}");
            await console.Out.WriteLineAsync($"database:        {about.Database}");
            await console.Out.WriteLineAsync($"evidence files:  {about.EvidenceFiles}");
            await console.Out.WriteLineAsync($"ledger keys:     {about.LedgerKeys}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static About Describe(string? data, string? postgres)
    {
        var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        var runtime = Environment.Version.ToString();
        var directory = data ?? Environment.GetEnvironmentVariable(CommonOptions.DataEnvironmentVariable);
        var connection = postgres ?? Environment.GetEnvironmentVariable(CommonOptions.PostgresEnvironmentVariable);
        var signing = LedgerSigningSettings.FromEnvironment();
        if (directory is null && string.IsNullOrWhiteSpace(connection))
            return new About(version, runtime, null, "not set", "not set", Keys(null, signing));

        var full = directory is null ? null : Path.GetFullPath(directory);
        string database;
        if (!string.IsNullOrWhiteSpace(connection))
            database = "PostgreSQL " + WithoutPassword(connection);
        else
        {
            var file = Path.Combine(full!, DatabaseSettings.SqliteFileName);
            database = File.Exists(file) ? $"SQLite {file} ({Size(new FileInfo(file).Length)})" : $"SQLite {file} (not created yet)";
        }
        return new About(version, runtime, full, database, full is null ? "not set" : Blobs(Path.Combine(full, "blobs")), Keys(full, signing));
    }

    private static string Blobs(string root)
    {
        if (!Directory.Exists(root)) return $"{root} (none yet)";
        long count = 0, bytes = 0;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            count++;
            bytes += file.Length;
        }
        return $"{root} ({count} {(count == 1 ? "file" : "files")}, {Size(bytes)})";
    }

    private static string Keys(string? directory, LedgerSigningSettings signing)
    {
        var ring = directory is null ? null : Path.Combine(directory, LedgerKeyRing.FolderName);
        var where = ring is null ? "no data directory" : Directory.Exists(ring) ? ring : $"{ring} (created by the first checkpoint)";
        return signing.IsExternal ? $"signing key from {signing.Describe()} (outside the data directory); public keys in {where}" : where;
    }

    private static string WithoutPassword(string connection)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection) { Password = null };
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(connection string not readable)";
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GB",
    };

    private sealed record About(string Version, string Runtime, string? DataDirectory, string Database, string EvidenceFiles, string LedgerKeys);

    private static class AboutJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    }
}
