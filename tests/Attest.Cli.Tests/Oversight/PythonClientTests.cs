using System.Diagnostics;
using Attest.Cli.Tests.Fixtures;

namespace Attest.Cli.Tests.Oversight;

/// <summary>The stdlib-only Python client (clients/python) runs its own tests against a real `attest serve --demo` process.</summary>
[Collection(DemoServerCollection.Name)]
public sealed class PythonClientTests(DemoServerFixture server)
{
    [Fact]
    public async Task The_Python_client_logs_batches_retries_safely_appeals_and_fetches_traces()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = await server.KeyAsync("service", "card-fraud-detection");
        var reviewer = await server.KeyAsync("reviewer");
        var python = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Fixture.RepoPath("clients/python") };
        foreach (var a in new[] { "-m", "unittest", "-v", "test_attest_client" }) python.ArgumentList.Add(a);
        python.Environment["ATTEST_URL"] = server.Url;
        python.Environment["ATTEST_SERVICE_TOKEN"] = service;
        python.Environment["ATTEST_READER_TOKEN"] = reviewer;
        python.Environment["ATTEST_SYSTEM"] = "card-fraud-detection";
        python.Environment["ATTEST_MODEL_VERSION"] = "fraud-gbm@5.3.1";
        python.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var run = Process.Start(python)!;
        var output = run.StandardOutput.ReadToEndAsync(ct);
        var errors = run.StandardError.ReadToEndAsync(ct);
        await run.WaitForExitAsync(ct);
        var report = await output + await errors;
        run.ExitCode.ShouldBe(0, report);
        report.ShouldContain("Ran 5 tests");
    }
}
