using System.CommandLine;

namespace Attest.Cli.Commands;

/// <summary>The top-level verbs. Add a verb here and in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(CliConsole console)
    {
        yield return ServeCommand.Create(console);
        yield return SystemsCommand.Create(console);
        yield return DbCommand.Create(console);
        yield return BackupCommand.Create(console);
        yield return DataCommand.Create(console);
        yield return KeysCommand.Create(console);
        yield return UsersCommand.Create(console);
        yield return VersionCommand.Create(console);
        yield return LedgerCommand.Create(console);
        yield return PackCommand.Create(console);
        yield return ClassifyCommand.Create(console);
        yield return ControlsCommand.Create(console);
        yield return Evaluation.EvaluateCommand.Create(console, () => new Evaluation.EvaluationEvidence());
        yield return Evidence.EvidenceCommand.Create(console);
        yield return Evidence.DocsCommand.Create(console);
        yield return Evidence.ExportCommand.Create(console);
        yield return Evidence.ImportCommand.Create(console);
        yield return GateCommand.Create(console);
        yield return RedTeam.RedTeamCommand.Create(console);
        yield return Oversight.TraceCommand.Create(console);
        yield return Oversight.OversightCommand.Create(console);
        yield return Monitoring.MonitorCommand.Create(console);
        yield return Incidents.IncidentsCommand.Create(console);
        yield return Kpis.KpisCommand.Create(console);
        yield return Training.TrainingCommand.Create(console);
        yield return Reports.ReportCommand.Create(console);
        yield return Assurance.AssuranceCommand.Create(console);
    }
}
