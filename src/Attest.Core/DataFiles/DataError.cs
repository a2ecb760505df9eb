namespace Attest.Core.DataFiles;

/// <summary>One problem in a data file: where it is (file, line, key path) and what was expected.</summary>
public sealed record DataError(string File, int? Line, string Path, string Message)
{
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        return Path.Length == 0 ? $"{where}: {Message}" : $"{where}: {Path}: {Message}";
    }

    /// <summary>One line for a person: the first error, and how many more there are.</summary>
    public static string Summarise(IReadOnlyList<DataError> errors) =>
        errors.Count switch
        {
            0 => "no errors",
            1 => errors[0].ToString(),
            _ => $"{errors[0]} (and {errors.Count - 1} more error{(errors.Count == 2 ? "" : "s")})",
        };
}

/// <summary>Thrown by loaders of shipped or organisation data that must load completely or not at all.</summary>
public sealed class DataFileException(IReadOnlyList<DataError> errors) : Exception(DataError.Summarise(errors))
{
    public IReadOnlyList<DataError> Errors { get; } = errors;
}
