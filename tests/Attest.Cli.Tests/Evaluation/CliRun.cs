using System.Text;
using System.Text.Json;

namespace Attest.Cli.Tests.Evaluation;

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data", file);

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await AttestCli.RunAsync(args, CliConsole.Plain(output, error), TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    /// <summary>A temporary file with the given bytes; deleted by the OS temp cleaner.</summary>
    public static string TempFile(string content, string extension = ".csv") => TempFile(Encoding.UTF8.GetBytes(content), extension);

    public static string TempFile(byte[] content, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), "attest-test-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, content);
        return path;
    }
}
