using System.Globalization;
using Attest.Evaluation.Input;

namespace Attest.Cli;

/// <summary>Small input files read whole by a verb (policies, catalogs, bundles), bounded so a huge or endless input cannot exhaust memory.</summary>
internal static class CliFiles
{
    /// <summary>The largest intake-answers or policy file: 1 MiB, far above any real one (they are a few KiB).</summary>
    public const long MaxIntakeFileBytes = 1 << 20;

    /// <summary>The largest other data file read whole (catalogs, bundles, reports).</summary>
    public const long MaxDataFileBytes = 256L << 20;

    /// <summary>
    /// Reads a small data file (YAML or JSON) whole, refusing at once what is not a regular file or is larger than
    /// <paramref name="maxBytes"/>.
    /// </summary>
    public static string ReadText(string path, long maxBytes = MaxDataFileBytes)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"{path}: file not found");
        try
        {
            using var stream = InputFile.Open(path, "the file");
            if (stream.Length > maxBytes)
                throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {stream.Length / 1048576.0:F1} MiB is larger than the limit of {maxBytes / 1048576} MiB for this file"));
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (EvaluationInputException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}
