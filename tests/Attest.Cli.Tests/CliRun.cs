using System.Text.Json.Nodes;
using Attest.Core.Demo;
using Attest.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>
    /// How long a test waits at most for a server process to start: a cap, not a delay (the tests wait for the server's
    /// own line). Generous, because a loaded 2-core machine can take minutes to build its caches and seed the demo.
    /// </summary>
    public static readonly TimeSpan StartupCap = TimeSpan.FromMinutes(5);

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AttestCli.RunAsync(args, CliConsole.Plain(output, error), TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> Of(params string[] args) => RunAsync(args);

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

/// <summary>A data directory seeded with the demo portfolio, shared by a test class.</summary>
public sealed class DemoDataDirectory : IAsyncLifetime
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "attest-cli-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        var settings = Core.Data.DatabaseSettings.ForDataDirectory(Path);
        await Core.Data.AttestDatabase.MigrateAsync(settings);
        await using var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
