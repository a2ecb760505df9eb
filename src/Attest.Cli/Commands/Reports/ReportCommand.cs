using System.CommandLine;
using Attest.Core.Features.Reports;
using Attest.Core.Governance;

namespace Attest.Cli.Commands.Reports;

/// <summary>
/// <c>attest report executive --from D --to D --format html|pdf|md --out FILE</c> over a local database (--data DIR |
/// --postgres). Exit 0; 2 on a bad period or format, an unwritable file, or no Chromium for a PDF (set ATTEST_CHROMIUM).
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
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var executive = new Command("executive",
            "The executive report of a period: KPIs with trends and charts, posture by tier, top open risks, incidents and near misses, decisions and waivers, material changes, the compliance matrix.")
            { from, to, format, output, data, postgres };
        executive.SetAction(async (pr, ct) =>
        {
            var wanted = pr.GetValue(format)!;
            if (ExportExecutiveReport.ParseFormat(wanted) is null)
                throw new CliUsageException($"--format: \"{wanted}\" is not a report format; expected html, pdf or md");
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
            var outcome = await session.Get<ExportExecutiveReport>().ExecuteAsync(new ExecutiveReportQuery(pr.GetValue(from), pr.GetValue(to)), wanted, ReadScope.Everything, ct);
            if (outcome.Unavailable is { } why)
                throw new CliUsageException($"cannot render the PDF: {why}; --format html or md works without it");
            if (!outcome.Result.IsOk)
                throw new CliUsageException(outcome.Result.Errors.Count > 0
                    ? string.Join("; ", outcome.Result.Errors.Select(e => $"--{e.Key}: {e.Value[0]}"))
                    : outcome.Result.Message ?? "the report failed");
            var path = pr.GetValue(output)!;
            try { await File.WriteAllBytesAsync(path, outcome.Result.Value!.Content, ct); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot write ({e.Message})"); }
            await console.Error.WriteLineAsync($"attest: wrote the executive report to {path}");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(executive);
        return command;
    }
}
