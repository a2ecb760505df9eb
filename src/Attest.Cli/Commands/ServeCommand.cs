using System.CommandLine;
using Attest.Core.Data;
using Attest.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace Attest.Cli.Commands;

/// <summary>`attest serve`: the web UI and REST API over the data directory (or PostgreSQL).</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, separated by ';'.", DefaultValueFactory = _ => "http://127.0.0.1:5080", HelpName = "URL" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var demo = new Option<bool>("--demo") { Description = "Seed the demo portfolio when the database is new." };
        var nats = new Option<string?>("--nats") { Description = "Queue decision batches in this NATS JetStream server (nats://host:4222) and record them with ingest workers on every instance (default: ATTEST_NATS, else record directly).", HelpName = "URL" };
        var calendar = new Option<string?>("--calendar") { Description = "Regulatory calendar in force (default: ATTEST_CALENDAR, else the verified eu-ai-act calendar).", HelpName = "NAME" };
        var command = new Command("serve", "Start the web UI and REST API.") { urls, data, postgres, demo, calendar, nats };
        command.SetAction(async (parse, ct) =>
        {
            var settings = CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres));
            var app = AttestWebApp.Create([], builder =>
            {
                builder.WebHost.UseUrls(parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                builder.Configuration["Attest:Data"] = settings.DataDirectory;
                builder.Configuration["Attest:Postgres"] = settings.Provider == DatabaseProvider.Postgres ? settings.ConnectionString : "";
                builder.Configuration["Attest:Demo"] = parse.GetValue(demo) ? "true" : "false";
                if (parse.GetValue(nats) is { } natsUrl)
                    builder.Configuration["Attest:Nats:Url"] = natsUrl;
                if (parse.GetValue(calendar) is { } calendarName)
                    builder.Configuration["Attest:Calendar"] = calendarName;
                builder.Configuration["Logging:LogLevel:Default"] ??= "Warning";
                builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] ??= "Warning";
                // The host logs a failed start (a busy port, say) with its stack trace before rethrowing; the CLI
                // reports that failure itself as one line, so the host's copy is noise.
                builder.Configuration["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] ??= "None";
            });
            try
            {
                await app.StartAsync(ct);
            }
            catch (DatabaseStartupException e)
            {
                throw new CliUsageException(e.Message);
            }
            catch (Attest.Core.Features.Oversight.DecisionStreamUnavailableException e)
            {
                // An unreachable --nats: one line, exit 2 (not a crash loop).
                throw new CliUsageException(e.Message);
            }
            catch (Attest.Core.DataFiles.DataFileException e)
            {
                // A malformed control library, calendar or question file: name file, line and field, start nothing.
                throw new CliUsageException(e.Message);
            }
            catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Net.Sockets.SocketException)
            {
                throw new CliUsageException($"cannot listen on {parse.GetValue(urls)}: {e.Message}");
            }
            await console.Out.WriteLineAsync($"Attest is running at {string.Join(", ", app.Urls)} (data: {settings.DataDirectory}{(settings.Provider == DatabaseProvider.Postgres ? ", database: PostgreSQL" : "")}{(app.Configuration["Attest:Nats:Url"] is { Length: > 0 } queue ? $", decision stream: {queue}" : "")}). Press Ctrl+C to stop.");
            if (parse.GetValue(demo) && Attest.Core.Demo.SeedDemoPortfolio.DemoUsers() is { Users.Count: > 0 } demoUsers)
            {
                await console.Out.WriteLineAsync($"Demo users (password '{demoUsers.Password}'):");
                foreach (var (userName, name) in demoUsers.Users)
                    await console.Out.WriteLineAsync($"  {userName,-15} {name}");
            }
            await console.Out.FlushAsync(ct);
            // Ctrl+C / SIGTERM cancel ct (System.CommandLine handles the signals): stop gracefully, exit 0.
            await app.WaitForShutdownAsync(ct);
            await app.DisposeAsync();
            return ExitCodes.Ok;
        });
        return command;
    }
}
