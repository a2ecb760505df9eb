using System.CommandLine;
using Attest.Core.Data;

namespace Attest.Cli.Commands;

/// <summary>`attest db migrate`: bring a database to this version's schema (the server also does this at start).</summary>
internal static class DbCommand
{
    public static Command Create(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var migrate = new Command("migrate", "Create the database or apply pending schema migrations.") { data, postgres };
        migrate.SetAction(async (parse, ct) =>
        {
            var settings = CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres));
            try
            {
                var report = await AttestDatabase.MigrateAsync(settings, ct);
                await console.Out.WriteLineAsync(report.Applied.Count == 0
                    ? $"Database is up to date ({report.PreviouslyApplied} migrations)."
                    : $"Applied {report.Applied.Count} migration(s): {string.Join(", ", report.Applied)}.");
                return ExitCodes.Ok;
            }
            catch (DatabaseStartupException e)
            {
                throw new CliUsageException(e.Message);
            }
        });
        return new Command("db", "Database administration.") { migrate };
    }
}
