using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Controls;
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

    public static string ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"{path}: file not found");
        return File.ReadAllText(path);
    }
}
