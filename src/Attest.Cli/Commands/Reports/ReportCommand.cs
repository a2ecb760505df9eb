using System.CommandLine;
using System.Net;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Features.Reports;
using Attest.Core.Governance;

namespace Attest.Cli.Commands.Reports;

/// <summary>
/// <c>attest report executive --from D --to D --format html|pdf|md --out FILE</c> from a server (--server URL --token T,
/// <c>GET /api/v1/reports/executive</c>) or over a local database (--data DIR | --postgres). Exit 0; 2 on a bad period or format, an unwritable file, or no Chromium for a PDF (set ATTEST_CHROMIUM).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("report", "Reports for leadership.");
        var from = new Option<string?>("--from") { Description = "First day of the period (YYYY-MM-DD); default 90 days before --to.", HelpName = "DAY" };
        var to = new Option<string?>("--to") { Description = "Last day of the period (YYYY-MM-DD); default today.", HelpName = "DAY" };
        var format = new Option<string>("--format") { Description = "html, pdf or md.", DefaultValueFactory = _ => "pdf", HelpName = "html|pdf|md" };
        var output = new Option<string>("--out") { Description = "The file to write.", Required = true, HelpName = "FILE" };
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; the report is rendered by its REST API (needs --token with inventory.read).";
        var executive = new Command("executive",
            "The executive report of a period: KPIs with trends and charts, posture by tier, top open risks, incidents and near misses, decisions and waivers, material changes, the compliance matrix.")
            { from, to, format, output };
        target.AddTo(executive);
        executive.SetAction(async (pr, ct) =>
        {
            var wanted = pr.GetValue(format)!;
            if (ExportExecutiveReport.ParseFormat(wanted) is null)
                throw new CliUsageException($"--format: \"{wanted}\" is not a report format; expected html, pdf or md");
            byte[] content;
            if (pr.GetValue(target.Server) is { } server)
            {
                var query = string.Join('&', new[] { ("from", pr.GetValue(from)), ("to", pr.GetValue(to)), ("format", (string?)wanted) }.Where(p => p.Item2 is not null)
                    .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
                content = await GateServer.SendAsync(server, pr.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                    HttpMethod.Get, "api/v1/reports/executive?" + query, null, HttpStatusCode.OK, ct);
            }
            else
            {
                await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(pr.GetValue(target.Data), pr.GetValue(target.Postgres)), ct);
                var outcome = await session.Get<ExportExecutiveReport>().ExecuteAsync(new ExecutiveReportQuery(pr.GetValue(from), pr.GetValue(to)), wanted, ReadScope.Everything, ct);
                if (outcome.Unavailable is { } why)
                    throw new CliUsageException($"cannot render the PDF: {why}; --format html or md works without it");
                if (!outcome.Result.IsOk)
                    throw new CliUsageException(outcome.Result.Errors.Count > 0
                        ? string.Join("; ", outcome.Result.Errors.Select(e => $"--{e.Key}: {e.Value[0]}"))
                        : outcome.Result.Message ?? "the report failed");
                content = outcome.Result.Value!.Content;
            }
            var path = pr.GetValue(output)!;
            try { await File.WriteAllBytesAsync(path, content, ct); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot write ({e.Message})"); }
            await console.Error.WriteLineAsync($"attest: wrote the executive report to {path}");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(executive);
        return command;
    }
}
