using System.Text.Json.Nodes;
using Attest.Cli;

namespace Attest.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AttestCli.RunAsync(args, CliConsole.Plain(output, error), TestContext.Current.CancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("no JSON output");
}

/// <summary>A temporary directory deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("attest-cli-").FullName;

    public string File(string name, string? text = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        if (text is not null)
            System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
