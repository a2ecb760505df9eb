using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Controls;
using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Compliance.Tables;
using Attest.Engine.Classification;
using Attest.Engine.Controls;

namespace Attest.Cli.Commands;

/// <summary>Loads shipped and organisation data for offline verbs; a bad data file becomes exit 2 with its file, line and field.</summary>
internal static class CliData
{
    public static T Load<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (DataFileException e)
        {
            throw new CliUsageException(e.Message);
        }
    }

    public static ControlLibrary Library(string? dataDirectory)
    {
        if (dataDirectory is not null && !Directory.Exists(dataDirectory))
            throw new CliUsageException($"--data-dir: {dataDirectory}: directory not found");
        return Load(() => ControlLibraryLoader.LoadDefault(dataDirectory));
    }

    public static RegulatoryCalendar Calendar(string? name)
    {
        var calendars = Load(RegulatoryCalendars.LoadDefault);
        return calendars.Find(name)
            ?? throw new CliUsageException($"--calendar: unknown calendar \"{name}\"; expected one of {string.Join(", ", calendars.All.Select(c => c.Name))}");
    }

    /// <summary>The classifier's tables (obligations, tier policy, Annex III area titles) from the shipped data.</summary>
    public static ClassificationTables Tables(AnnexIiiCatalog annexIii) => Load(() => ClassificationTablesLoader.LoadDefault(annexIii));

    /// <summary>One line for an intake whose classification is incomplete: the questions that decide it, by key.</summary>
    public static string Incomplete(string path, Classification classification)
    {
        var missing = classification.Missing;
        return $"{path}: incomplete: {missing.Count} question{(missing.Count == 1 ? " that decides" : "s that decide")} the classification "
            + $"{(missing.Count == 1 ? "has" : "have")} no answer (left out or unknown): {string.Join(", ", missing.Select(m => m.Key))}; "
            + "answer each (yes, no or a value) to get a class";
    }

    /// <summary>The largest intake-answers file: 1 MiB, far above any real one (they are a few KiB).</summary>
    public const long MaxIntakeFileBytes = CliFiles.MaxIntakeFileBytes;

    /// <summary>The largest other data file read whole (catalogs, bundles, reports).</summary>
    public const long MaxDataFileBytes = CliFiles.MaxDataFileBytes;

    /// <summary>Reads a small data file whole (<see cref="CliFiles.ReadText"/>).</summary>
    public static string ReadFile(string path, long maxBytes = MaxDataFileBytes) => CliFiles.ReadText(path, maxBytes);
}
