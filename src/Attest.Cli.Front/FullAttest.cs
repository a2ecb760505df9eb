using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Attest.Cli.Commands.Evaluation;
using Attest.Evaluation.Input;

namespace Attest.Cli.Front;

/// <summary>
/// The full, framework-dependent <c>attest</c> (Attest.Cli: the server, the database verbs, evidence storage). It lives
/// in <c>host/</c> beside the front (scripts/publish.sh lays it out so), or where <c>ATTEST_HOST</c> points.
/// </summary>
internal static partial class FullAttest
{
    public const string HostVariable = "ATTEST_HOST";

    public static string Path => Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } path
        ? path
        : System.IO.Path.Combine(AppContext.BaseDirectory, "host", OperatingSystem.IsWindows() ? "attest.exe" : "attest");

    /// <summary>
    /// Whether an evaluation needs the full attest: it stores its report as evidence (database or server client), reads
    /// a Parquet file (left out of this build, see the project file), or bootstraps where this build's vectors are
    /// emulated (<see cref="Attest.Engine.Evaluation.Scores.ScoreBootstrap.RunsInHardwareVectors"/>: measured 8.7 s
    /// instead of 2.4 s for 1,000 resamples of 1M rows); the full attest's JIT uses the machine's widest vectors.
    /// </summary>
    public static bool Needed(ParseResult parse)
    {
        if (ReportEvidence.IsNamed(parse)) return true;
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is OptionResult { Option.Name: "--bootstrap" } b && b.GetValueOrDefault<int?>() is null or > 0
                && !Attest.Engine.Evaluation.Scores.ScoreBootstrap.RunsInHardwareVectors)
                return true;
            if (child is OptionResult { Option.Name: "--input" or "--reference" or "--current" } o
                && o.GetValueOrDefault<string>() is { } path && TableSources.IsParquet(path))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Replaces this process with the full attest given the same arguments (POSIX <c>execv</c>: same process, standard
    /// streams, signals and exit code); on Windows runs it as a child and returns its exit code.
    /// </summary>
    public static int Exec(string[] args)
    {
        var host = Path;
        if (!File.Exists(host))
        {
            Console.Error.WriteLine($"attest: the full attest is not installed at {host} (lay it out with scripts/publish.sh, or set {HostVariable})");
            return ExitCodes.InternalError;
        }
        if (OperatingSystem.IsWindows())
            return RunChild(host, args);
        var argv = new nint[args.Length + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(host);
            for (var i = 0; i < args.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            Console.Out.Flush();
            Execv(host, argv);
            // Only returns on failure.
            Console.Error.WriteLine($"attest: cannot start the full attest at {host} ({Marshal.GetLastPInvokeErrorMessage()})");
            return ExitCodes.InternalError;
        }
        finally
        {
            foreach (var p in argv) if (p != 0) Marshal.FreeCoTaskMem(p);
        }
    }

    private static int RunChild(string host, string[] args)
    {
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, nint[] argv);
}
