namespace Attest.Cli.Tests;

public sealed class KeysCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task Keys_create_prints_the_key_alone_on_stdout_once_and_list_never_shows_it()
    {
        var created = await CliRun.RunAsync("keys", "create", "--data", data.Path, "--name", "github-actions", "--role", "ml_engineer", "--system", "credit-scoring");

        created.ExitCode.ShouldBe(0, created.Error);
        var key = created.Out.Trim();
        key.ShouldStartWith("atk_");
        key.ShouldNotContain(" ");
        created.Error.ShouldContain("not shown again");

        var list = await CliRun.RunAsync("keys", "list", "--data", data.Path, "--json");
        list.Out.ShouldContain("github-actions");
        list.Out.ShouldNotContain(key);
    }

    [Fact]
    public async Task A_revoked_key_is_listed_as_revoked()
    {
        var created = await CliRun.RunAsync("keys", "create", "--data", data.Path, "--name", "temp", "--role", "auditor", "--json");
        var id = created.Json["key"]!["id"]!.GetValue<string>();

        var revoke = await CliRun.RunAsync("keys", "revoke", id, "--data", data.Path);
        var again = await CliRun.RunAsync("keys", "revoke", id, "--data", data.Path);

        revoke.ExitCode.ShouldBe(0, revoke.Error);
        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("already revoked");
    }

    [Fact]
    public async Task Keys_list_shows_an_expired_key_as_expired()
    {
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await CliRun.RunAsync("keys", "create", "--data", data.Path, "--name", "short-lived", "--role", "auditor", "--expires", tomorrow)).ExitCode.ShouldBe(0);

        var today = await CliRun.RunAsync("keys", "list", "--data", data.Path);
        var todayLine = today.Out.Split('\n').Single(l => l.Contains("short-lived", StringComparison.Ordinal));
        todayLine.ShouldContain($"active, expires {tomorrow}");

        // Three days on, the same key is listed as what it is then: expired, not "expires …".
        using var output = new StringWriter();
        using var error = new StringWriter();
        var later = new ShiftedClock(TimeSpan.FromDays(3));
        (await AttestCli.RunAsync(["keys", "list", "--data", data.Path], CliConsole.Plain(output, error, time: later), TestContext.Current.CancellationToken)).ShouldBe(0);
        var line = output.ToString().Split('\n').Single(l => l.Contains("short-lived", StringComparison.Ordinal));
        line.ShouldContain($"expired {tomorrow}");
        line.ShouldNotContain("expires");
    }

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    [Theory]
    [InlineData("--role", "superuser", "--role: 'superuser' is not a role")]
    [InlineData("--system", "no-such-system", "--system: no AI system 'no-such-system'")]
    public async Task Bad_key_requests_exit_2_naming_the_option(string option, string value, string message)
    {
        string[] args = option == "--role"
            ? ["keys", "create", "--data", data.Path, "--name", "x", "--role", value]
            : ["keys", "create", "--data", data.Path, "--name", "x", "--role", "auditor", option, value];

        var run = await CliRun.RunAsync(args);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(message);
    }

    [Fact]
    public async Task Users_create_prints_a_generated_password_once()
    {
        var run = await CliRun.RunAsync("users", "create", "--data", data.Path, "--username", "dana", "--name", "Dana Kim", "--role", "reviewer", "--specialty", "fairness");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("Created user dana (reviewer).");
        run.Out.ShouldMatch(@"Password \(shown once\): [A-Za-z0-9]{20}");
        var grant = await CliRun.RunAsync("users", "grant", "--data", data.Path, "--username", "dana", "--system", "credit-scoring", "--role", "reviewer");
        grant.ExitCode.ShouldBe(2);
        grant.Error.ShouldContain("--role: must be one of product_owner | ml_engineer");
    }
}
