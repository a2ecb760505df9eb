using System.CommandLine;
using Attest.Core.Data;

namespace Attest.Cli;

/// <summary>Options shared by the verbs that work on a data directory.</summary>
internal static class CommonOptions
{
    public const string DataEnvironmentVariable = SharedOptions.DataEnvironmentVariable;
    public const string PostgresEnvironmentVariable = SharedOptions.PostgresEnvironmentVariable;

    public static Option<string?> Data() => SharedOptions.Data();

    public static Option<string?> Postgres() => SharedOptions.Postgres();

    public static Option<bool> Json() => new("--json") { Description = "Write JSON instead of a table." };

    public static string ResolveDataDirectory(string? data) =>
        data ?? Environment.GetEnvironmentVariable(DataEnvironmentVariable)
        ?? throw new CliUsageException($"--data DIR is required (or set {DataEnvironmentVariable}).");

    public static DatabaseSettings ResolveDatabase(string? data, string? postgres)
    {
        var connection = postgres ?? Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            }
            catch (ArgumentException e)
            {
                // Npgsql names the keyword or value it refuses, never the password.
                throw new CliUsageException($"--postgres is not a PostgreSQL connection string ({e.Message}). Expected e.g. \"Host=db;Database=attest;Username=attest;Password=…\".");
            }
        }
        return DatabaseSettings.Resolve(ResolveDataDirectory(data), connection);
    }
}
