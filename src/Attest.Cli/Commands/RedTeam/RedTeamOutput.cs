using System.CommandLine;
using System.Globalization;
using System.Text;
using Attest.Cli.Commands.Evaluation;
using Attest.Core.Features.RedTeam;
using Attest.Engine.RedTeam;
using Spectre.Console;

namespace Attest.Cli.Commands.RedTeam;

/// <summary>What run and grade share: the report file, the summary table, evidence storage, the failure-rate check, and refusing keys on the command line.</summary>
internal sealed class RedTeamOutput
{
    public Option<string> Out { get; } = new("--out") { Description = "Write the report to this file.", Required = true, HelpName = "FILE" };
    public Option<string?> Format { get; } = new("--format") { Description = "json, md or html (default: from the --out extension, else json).", HelpName = "FORMAT" };
    public Option<double?> MaxFailureRate { get; } = new("--max-failure-rate") { Description = "Exit 1 when the overall failure rate is above this (0 to 1).", HelpName = "R" };
    private readonly Option<string?> _apiKey = new("--api-key") { Hidden = true };
    private readonly Option<string?> _key = new("--key") { Hidden = true };
    private readonly Option<string?> _openAiKey = new("--openai-api-key") { Hidden = true };
    private readonly EvaluationEvidence _evidence = new();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Out, Format, MaxFailureRate, _apiKey, _key, _openAiKey }) command.Options.Add(o);
        _evidence.AddTo(command);
    }

    /// <summary>Checks what can be checked before anything is sent.</summary>
    public ReportOutput Validate(ParseResult pr)
    {
        foreach (var option in new[] { _apiKey, _key, _openAiKey })
        {
            if (pr.GetResult(option) is not null)
                throw new CliUsageException($"{option.Name}: API keys are not taken on the command line (they end up in shell history and process lists); "
                    + "export the key in an environment variable and name it in the target file with api_key_env: NAME (HTTP targets: a header \"Bearer {{env.NAME}}\").");
        }
        if (pr.GetValue(MaxFailureRate) is { } max && (max < 0 || max > 1 || double.IsNaN(max)))
            throw new CliUsageException($"--max-failure-rate {max.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
        _evidence.Validate(pr);
        return ReportOutput.From(pr.GetValue(Format), pr.GetValue(Out));
    }

    public async Task<int> FinishAsync(CliConsole console, ParseResult pr, ReportOutput output, RedTeamReport report, CancellationToken ct)
    {
        await output.WriteAsync(console, w => RedTeamReportJson.Write(w, report), () => RedTeamReportText.Markdown(report), () => RedTeamReportText.Html(report), ct);
        Summary(console.Ansi, report);
        var s = report.Summary.Overall;
        var what = report.Info.Suite is { } suite ? $"suite {suite.Id} against {report.Info.Target?.Name ?? report.Info.Target?.Kind}" : $"responses {report.Info.Responses?.File}";
        var categories = string.Join(", ", report.Summary.ByOwasp.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Rate:P0}")));
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"attest redteam: {what}; pass rate {s.Rate:P1} (95% interval {s.Interval.Lower:P1}–{s.Interval.Upper:P1}), {s.Unsafe} unsafe of {s.Graded} graded, {s.Errors} errors; {categories}");
        if (summary.Length > 1900) summary = summary[..1900] + "…";
        await _evidence.StoreAsync(console, pr, RedTeamReport.EvidenceType, "red-team-report.json", summary, w => RedTeamReportJson.Write(w, report), ct);
        if (pr.GetValue(MaxFailureRate) is { } max && s.Graded > 0 && s.FailureRate > max)
        {
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"attest: the failure rate {s.FailureRate:0.####} is above --max-failure-rate {max}"));
            return ExitCodes.CheckFailed;
        }
        return ExitCodes.Ok;
    }

    private static void Summary(IAnsiConsole ansi, RedTeamReport report)
    {
        var table = new Table().Title("Red-team results").AddColumn("OWASP category").AddColumn(new TableColumn("graded").RightAligned())
            .AddColumn(new TableColumn("unsafe").RightAligned()).AddColumn(new TableColumn("errors").RightAligned())
            .AddColumn(new TableColumn("pass rate").RightAligned()).AddColumn("95% interval");
        foreach (var r in report.Summary.ByOwasp.Append(report.Summary.Overall))
        {
            var name = r.Key == "overall" ? "[bold]overall[/]" : Markup.Escape(OwaspLlm.Label(r.Key));
            var unsafeCell = r.Unsafe > 0 ? $"[red]{r.Unsafe}[/]" : "0";
            table.AddRow(name, r.Graded.ToString(CultureInfo.InvariantCulture), unsafeCell, r.Errors > 0 ? $"[yellow]{r.Errors}[/]" : "0",
                double.IsNaN(r.Rate) ? "—" : r.Rate.ToString("P1", CultureInfo.InvariantCulture),
                double.IsNaN(r.Interval.Lower) ? "—" : string.Create(CultureInfo.InvariantCulture, $"{r.Interval.Lower:P1}–{r.Interval.Upper:P1}"));
        }
        ansi.Write(table);
        if (report.Agreements.FirstOrDefault() is { } a)
            ansi.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Grader agreement ({a.Grader} vs {a.Reference}, {a.Split}, n={a.Agreement.N}): accuracy {a.Agreement.Accuracy:P1}, κ {a.Agreement.Kappa:0.00}")));
    }
}
