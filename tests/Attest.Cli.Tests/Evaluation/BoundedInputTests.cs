using System.Diagnostics;
using System.Text;
using static Attest.Cli.Tests.Evaluation.CliRun;

namespace Attest.Cli.Tests.Evaluation;

/// <summary>
/// Issue 12, item 8: hostile sizes get a clear exit 2, never an out-of-memory crash (exit 70) or a hang.
/// Each test is named after the defect it guards against.
/// </summary>
public sealed class BoundedInputTests
{
    private static readonly string[] Fairness =
        ["evaluate", "fairness", "--label", "y", "--prediction", "yhat", "--sensitive", "race"];

    [Fact]
    public async Task Bootstrap_of_a_billion_resamples_is_refused_with_the_documented_maximum_not_out_of_memory()
    {
        var run = await RunAsync([.. Fairness, "--input", Data("synthetic.csv"), "--bootstrap", "1000000000"]);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("attest: --bootstrap 1000000000: give 0 to 100,000 resamples (1000 is usual; intervals do not improve much past 10 000)" + Environment.NewLine);
    }

    [Theory]
    [InlineData("--input")]
    public async Task Input_from_dev_zero_is_refused_at_once_not_read_until_memory_runs_out(string option)
    {
        var watch = Stopwatch.StartNew();
        var run = await RunAsync([.. Fairness, option, "/dev/zero"]);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("attest: /dev/zero: --input is not a regular file (a device, pipe or socket); give a file" + Environment.NewLine);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30)); // a generous cap: the refusal comes before any read
    }

    [Fact]
    public async Task Drift_reference_from_dev_zero_is_refused_at_once()
    {
        var run = await RunAsync("evaluate", "drift", "--reference", "/dev/zero", "--current", Data("drift_small_current.csv"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("/dev/zero: --reference is not a regular file");
    }

    [Fact]
    public async Task A_csv_with_one_40_MiB_field_is_refused_not_loaded()
    {
        var path = Path.Combine(Path.GetTempPath(), "attest-test-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes("y,yhat,race\n1,0,"), TestContext.Current.CancellationToken);
                var chunk = new byte[1 << 20];
                Array.Fill(chunk, (byte)'x');
                for (var i = 0; i < 40; i++) await file.WriteAsync(chunk, TestContext.Current.CancellationToken);
                await file.WriteAsync("\n"u8.ToArray(), TestContext.Current.CancellationToken);
            }
            var run = await RunAsync([.. Fairness, "--input", path]);
            run.ExitCode.ShouldBe(2);
            run.Error.ShouldContain(": line 2: a row longer than 4 Mi characters");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_negative_min_group_size_is_refused()
    {
        var run = await RunAsync([.. Fairness, "--input", Data("synthetic.csv"), "--min-group-size", "-3"]);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("attest: --min-group-size -3: give 0 or more rows" + Environment.NewLine);
    }

    [Fact]
    public async Task Classify_refuses_a_yaml_with_a_30_MiB_field_quickly_by_its_size()
    {
        var path = Path.Combine(Path.GetTempPath(), "attest-test-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            await File.WriteAllTextAsync(path, "schema: attest.intake/v1\nname: \"" + new string('x', 30 << 20) + "\"\n", TestContext.Current.CancellationToken);
            var watch = Stopwatch.StartNew();
            var run = await RunAsync("classify", path);
            run.ExitCode.ShouldBe(2);
            run.Error.ShouldBe($"attest: {path}: 30.0 MiB is larger than the limit of 1 MiB for this file" + Environment.NewLine);
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30)); // refused by its size, before parsing
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Classify_refuses_dev_zero_at_once()
    {
        var run = await RunAsync("classify", "/dev/zero");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("/dev/zero: the file is not a regular file");
    }
}
