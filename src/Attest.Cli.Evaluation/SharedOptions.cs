using System.CommandLine;

namespace Attest.Cli;

/// <summary>
/// Options declared once for every verb that takes them (the evaluate verbs here, the rest of the CLI in Attest.Cli):
/// a data directory, a PostgreSQL connection, a server and its API key.
/// </summary>
public static class SharedOptions
{
    public const string DataEnvironmentVariable = "ATTEST_DATA";
    public const string PostgresEnvironmentVariable = "ATTEST_POSTGRES";
    public const string TokenEnvironmentVariable = "ATTEST_TOKEN";

    public static Option<string?> Data() => new("--data")
    {
        Description = $"Data directory (SQLite database, blobs, keys). Default: ${DataEnvironmentVariable}.",
        HelpName = "DIR",
    };

    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = $"PostgreSQL connection string; the database then lives there instead of in --data. Default: ${PostgresEnvironmentVariable}.",
        HelpName = "CONNECTION",
    };

    public static Option<string?> Server() => new("--server") { Description = "Attest server URL; the evidence is sent to its REST API.", HelpName = "URL" };

    public static Option<string?> Token() => new("--token") { Description = $"API key for --server (default: ${TokenEnvironmentVariable}).", HelpName = "T" };
}
