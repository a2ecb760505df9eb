using System.Diagnostics;
using System.Text;
using Parquet;
using Parquet.Schema;
using static Attest.Cli.Tests.Evaluation.CliRun;

namespace Attest.Cli.Tests.Evaluation;

/// <summary>
/// The `attest` users run (scripts/publish.sh): the Native AOT front, published here from src/Attest.Cli.Front. It must
/// print what the full attest prints, byte for byte, and hand everything it does not run itself to the full attest.
/// </summary>
public sealed class NativeFrontTests(NativeFront front) : IClassFixture<NativeFront>
{
    private static readonly string[] Fairness =
        ["evaluate", "fairness", "--input", Data("synthetic.csv"), "--label", "y", "--prediction", "yhat", "--score", "p", "--sensitive", "race,sex"];

    public static TheoryData<string[]> Evaluations => new()
    {
        { [.. Fairness, "--intersections", "--format", "json"] },
        { [.. Fairness, "--bootstrap", "50", "--seed", "3", "--format", "json"] },
        { [.. Fairness, "--format", "md"] },
        { [.. Fairness, "--intersections", "--format", "html"] },
        { ["evaluate", "fairness", "--input", Data("adult_like.csv"), "--label", "income", "--prediction", "pred", "--score", "p", "--positive-label", ">50K", "--sensitive", "race,sex", "--format", "json"] },
        { ["evaluate", "drift", "--reference", Data("drift_typed_small_reference.csv"), "--current", Data("drift_typed_small_current.csv"), "--format", "json"] },
        { ["evaluate", "drift", "--reference", Data("drift_small_reference.csv"), "--current", Data("drift_small_current.csv"), "--format", "html"] },
    };

    [Theory]
    [MemberData(nameof(Evaluations))]
    public async Task The_native_attest_prints_the_same_report_bytes_as_the_full_attest(string[] args)
    {
        var full = await RunAsync(args);
        full.ExitCode.ShouldBe(0, full.Error);
        var native = await front.RunAsync(args);
        native.Error.ShouldBe("");
        native.ExitCode.ShouldBe(0);
        native.Out.ShouldBe(full.Out);
    }

    [Fact]
    public async Task The_native_attest_judges_a_policy_and_an_ll144_audit_like_the_full_attest()
    {
        var policy = TempFile("rules:\n  - id: dp\n    metric: demographic_parity_ratio\n    feature: race\n    comparator: \">=\"\n    threshold: 0.99\n", ".yaml");
        string[] failing = [.. Fairness, "--policy", policy, "--format", "json"];
        var native = await front.RunAsync(failing);
        native.ExitCode.ShouldBe(1);
        native.Out.ShouldBe((await RunAsync(failing)).Out);

        var audit = TempFile("sex,race,selected\nF,White,1\nF,White,0\nF,Black,1\nM,White,1\nM,Black,0\nM,,1\n");
        string[] ll144 = ["evaluate", "ll144", "--input", audit, "--selected", "selected", "--sex", "sex", "--race", "race", "--format", "json"];
        var nativeAudit = await front.RunAsync(ll144);
        nativeAudit.ExitCode.ShouldBe(0, nativeAudit.Error);
        nativeAudit.Out.ShouldBe((await RunAsync(ll144)).Out);
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_exit_2_as_in_the_full_attest()
    {
        string[][] cases =
        [
            ["evaluate", "fairness", "--input", Data("synthetic.csv"), "--label", "nope", "--prediction", "yhat", "--sensitive", "race"],
            ["evaluate", "fairness", "--input", "/dev/zero", "--label", "y", "--prediction", "yhat", "--sensitive", "race"],
            ["evaluate", "fairness", "--input", Data("synthetic.csv"), "--label", "y", "--prediction", "yhat", "--sensitive", "race", "--bootstrap", "-1"],
            ["evaluate", "drift", "--reference", Data("drift_small_reference.csv")],
        ];
        foreach (var args in cases)
        {
            var full = await RunAsync(args);
            var native = await front.RunAsync(args);
            native.ExitCode.ShouldBe(2, string.Join(' ', args));
            native.Error.ShouldBe(full.Error);
            native.Error.TrimEnd('\n').ShouldNotContain('\n');
        }
    }

    [Fact]
    public async Task Other_verbs_evidence_and_Parquet_inputs_run_in_the_full_attest()
    {
        // Another verb: the full attest's own output.
        var version = await front.RunAsync("about");
        version.ExitCode.ShouldBe(0, version.Error);
        version.Out.ShouldBe((await RunAsync("about")).Out);

        // Storing the report as evidence: the full attest runs the evaluation, then asks where to store it.
        string[] evidence = [.. Fairness, "--format", "json", "--system", "credit-scoring"];
        var stored = await front.RunAsync(evidence);
        stored.ExitCode.ShouldBe(2);
        stored.Error.ShouldBe((await RunAsync(evidence)).Error);
        stored.Error.ShouldContain("--data DIR is required");

        // A Parquet file (left out of the native build): same report as the full attest's.
        var parquet = Path.Combine(Path.GetTempPath(), $"attest-{Guid.NewGuid():N}.parquet");
        var y = new DataField<int>("y");
        var g = new DataField<string>("g");
        await using (var file = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(y, g), file, cancellationToken: TestContext.Current.CancellationToken))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<int>(y, new[] { 1, 0, 1, 0 }.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            await group.WriteAsync(g, new[] { "a", "a", "b", "b" });
        }
        string[] args = ["evaluate", "fairness", "--input", parquet, "--label", "y", "--prediction", "y", "--sensitive", "g", "--format", "json"];
        var native = await front.RunAsync(args);
        native.ExitCode.ShouldBe(0, native.Error);
        native.Out.ShouldBe((await RunAsync(args)).Out);
    }

    [Fact]
    public async Task Without_the_full_attest_another_verb_fails_with_one_line_naming_where_it_looked()
    {
        var run = await front.RunAsync(["about"], host: "/nonexistent/attest");
        run.ExitCode.ShouldBe(ExitCodes.InternalError);
        run.Error.ShouldBe("attest: the full attest is not installed at /nonexistent/attest (lay it out with scripts/publish.sh, or set ATTEST_HOST)\n");
    }
}

/// <summary>
/// Publishes the Native AOT front once for the test class (MSBuild skips the native compile when nothing changed) and
/// runs it as a process with the test build's full attest as its host.
/// </summary>
public sealed class NativeFront : IAsyncLifetime
{
    private static readonly TimeSpan PublishCap = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan RunCap = TimeSpan.FromMinutes(2);

    private string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "native-front", "attest");

    /// <summary>The full attest of this test build (Attest.Cli's apphost, copied beside the tests).</summary>
    private static string Host => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "attest.exe" : "attest");

    public async ValueTask InitializeAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Attest.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no Attest.slnx above the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var a in (string[])["publish", "src/Attest.Cli.Front", "-c", "Release", "-r", "linux-x64", "-o", Path.GetDirectoryName(Executable)!, "-nologo"])
            start.ArgumentList.Add(a);
        var (code, output, error) = await RunAsync(start, PublishCap);
        if (code != 0) throw new InvalidOperationException($"publishing the native attest failed ({code}):\n{output}\n{error}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal Task<CliRun> RunAsync(params string[] args) => RunAsync(args, Host);

    internal async Task<CliRun> RunAsync(string[] args, string host)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ATTEST_HOST"] = host;
        start.Environment.Remove("ATTEST_DATA");
        start.Environment.Remove("ATTEST_POSTGRES");
        var (code, output, error) = await RunAsync(start, RunCap);
        return new CliRun(code, output, error);
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(ProcessStartInfo start, TimeSpan cap)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(cap);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {cap}");
        }
        return (process.ExitCode, await output, await error);
    }
}
