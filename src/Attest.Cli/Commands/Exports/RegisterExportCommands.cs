using System.CommandLine;
using System.Net;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Features.Exports;
using Attest.Core.Governance;

namespace Attest.Cli.Commands.Exports;

/// <summary>
/// <c>attest export NAME --format csv|xlsx --out FILE</c> for each register (compliance-matrix, risk-register,
/// waiver-register, kpis, kpi-history with --from/--to) of a server (--server URL --token T, <c>GET
/// /api/v1/exports/NAME.FORMAT</c>) or a local database (--data DIR | --postgres). Exit 0, or 2 on a bad format or period,
/// a refusal or an unwritable file.
/// </summary>
internal static class RegisterExportCommands
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        foreach (var kind in GetExport.Kinds)
        {
            var format = new Option<string>("--format") { Description = "csv or xlsx.", Required = true, HelpName = "csv|xlsx" };
            var output = new Option<string>("--out") { Description = "The file to write.", Required = true, HelpName = "FILE" };
            var target = EvidenceTarget.Create();
            target.Server.Description = "Attest server URL; the export is read through its REST API (needs --token with the export's permission).";
            var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD); default 90 days before --to.", HelpName = "DAY" };
            var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD); default yesterday.", HelpName = "DAY" };
            var command = new Command(kind.Name, $"The {kind.Title.ToLowerInvariant()} as CSV or XLSX: {kind.Description}.") { format, output };
            if (kind.HasPeriod)
            {
                command.Options.Add(from);
                command.Options.Add(to);
            }
            target.AddTo(command);
            command.SetAction(async (pr, ct) =>
            {
                var wanted = pr.GetValue(format)!;
                if (GetExport.ParseFormat(wanted) is not { } parsed)
                    throw new CliUsageException($"--format: \"{wanted}\" is not an export format; expected csv or xlsx");
                var period = new ExportPeriod(pr.GetValue(from), pr.GetValue(to));
                byte[] bytes;
                string rows;
                if (pr.GetValue(target.Server) is { } server)
                {
                    var query = string.Join('&', new[] { ("from", period.From), ("to", period.To) }.Where(p => kind.HasPeriod && p.Item2 is not null)
                        .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
                    bytes = await GateServer.SendAsync(server, pr.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                        HttpMethod.Get, $"api/v1/exports/{kind.Name}.{wanted.Trim().ToLowerInvariant()}" + (query.Length == 0 ? "" : "?" + query), null, HttpStatusCode.OK, ct);
                    rows = $"{bytes.Length} bytes";
                }
                else
                {
                    await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(pr.GetValue(target.Data), pr.GetValue(target.Postgres)), ct);
                    var result = await session.Get<GetExport>().ExecuteAsync(kind.Name, period, ReadScope.Everything, ct);
                    if (!result.IsOk)
                        throw new CliUsageException(result.Errors.Count > 0 ? string.Join("; ", result.Errors.Select(e => $"--{e.Key}: {e.Value[0]}")) : result.Message ?? "the export failed");
                    bytes = result.Value!.Write(parsed);
                    rows = $"{result.Value.Rows.Count} rows";
                }
                var path = pr.GetValue(output)!;
                try { await File.WriteAllBytesAsync(path, bytes, ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot write ({e.Message})"); }
                await console.Error.WriteLineAsync($"attest: wrote the {kind.Title.ToLowerInvariant()} ({rows}) to {path}");
                return ExitCodes.Ok;
            });
            yield return command;
        }
    }
}
