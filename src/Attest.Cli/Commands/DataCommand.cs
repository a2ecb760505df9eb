using System.CommandLine;
using Attest.Core.DataFiles;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest data check --data DIR`: loads and checks every data file (shipped and the organisation's in DIR) exactly as
/// the server does at start, offline, so CI can refuse a bad organisation control, gate or phrase file before it ships.
/// Exit 0 when all load; 2 with one line per problem (file:line: field: what is wrong) otherwise.
/// </summary>
internal static class DataCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data") { Description = "The data directory whose organisation files (controls/, frameworks/, gates/, reviews/, ledger/) to check over the shipped data (default: $ATTEST_DATA; none: the shipped data only).", HelpName = "DIR" };
        var calendar = new Option<string?>("--calendar") { Description = "Regulatory calendar that will be in force (default: ATTEST_CALENDAR, else the verified eu-ai-act calendar).", HelpName = "NAME" };
        var check = new Command("check", "Load and check every data file the server would load at start.") { data, calendar };
        check.SetAction(async (parse, ct) =>
        {
            var directory = parse.GetValue(data) ?? Environment.GetEnvironmentVariable("ATTEST_DATA");
            if (directory is not null && !Directory.Exists(directory))
                throw new CliUsageException($"--data: {directory}: directory not found");
            try
            {
                var report = DataCheck.Run(directory, parse.GetValue(calendar) ?? Environment.GetEnvironmentVariable("ATTEST_CALENDAR"));
                await console.Out.WriteLineAsync(
                    $"OK: {report.Controls} controls, {report.Frameworks} framework packs, {report.Calendars} calendars, {report.Questions} intake questions, " +
                    $"{report.Obligations} obligations, {report.TierFactors} tier factors, " +
                    $"{report.Gates} gates, {report.MaterialChangeTriggers} material-change triggers, {report.Phrases} history phrases{(directory is null ? "" : $" (with {directory})")}.");
                return ExitCodes.Ok;
            }
            catch (DataFileException e)
            {
                foreach (var error in e.Errors)
                    await console.Error.WriteLineAsync($"attest: {error}");
                return ExitCodes.BadInput;
            }
        });
        return new Command("data", "The data files Attest decides with (controls, gates, questions, phrases).") { check };
    }
}
