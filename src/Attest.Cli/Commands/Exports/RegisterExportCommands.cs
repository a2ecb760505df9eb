using System.CommandLine;
using Attest.Core.Features.Exports;
using Attest.Core.Governance;

namespace Attest.Cli.Commands.Exports;

/// <summary>
/// <c>attest export NAME --format csv|xlsx --out FILE</c> for each register (compliance-matrix, risk-register,
/// waiver-register, kpis) of a local database (--data DIR | --postgres). Exit 0, or 2 on a bad format or an unwritable file.
/// </summary>
internal static class RegisterExportCommands
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        foreach (var kind in GetExport.Kinds)
        {
            var format = new Option<string>("--format") { Description = "csv or xlsx.", Required = true, HelpName = "csv|xlsx" };
            var output = new Option<string>("--out") { Description = "The file to write.", Required = true, HelpName = "FILE" };
            var data = CommonOptions.Data();
            var postgres = CommonOptions.Postgres();
            var command = new Command(kind.Name, $"The {kind.Title.ToLowerInvariant()} as CSV or XLSX: {kind.Description}.") { format, output, data, postgres };
            command.SetAction(async (pr, ct) =>
            {
                var wanted = pr.GetValue(format)!;
                if (GetExport.ParseFormat(wanted) is not { } parsed)
                    throw new CliUsageException($"--format: \"{wanted}\" is not an export format; expected csv or xlsx");
                await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
                var result = await session.Get<GetExport>().ExecuteAsync(kind.Name, ReadScope.Everything, ct);
                if (!result.IsOk) throw new CliUsageException(result.Errors.Count > 0 ? string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value[0]}")) : result.Message ?? "the export failed");
                var path = pr.GetValue(output)!;
                try { await File.WriteAllBytesAsync(path, result.Value!.Write(parsed), ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot write ({e.Message})"); }
                await console.Error.WriteLineAsync($"attest: wrote the {kind.Title.ToLowerInvariant()} ({result.Value!.Rows.Count} rows) to {path}");
                return ExitCodes.Ok;
            });
            yield return command;
        }
    }
}
