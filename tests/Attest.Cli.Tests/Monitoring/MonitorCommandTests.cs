using System.Net.Http.Headers;
using System.Text;

using Attest.Cli.Tests.Oversight;

namespace Attest.Cli.Tests.Monitoring;

/// <summary>`attest monitor run` against a real `attest serve --demo` process: a plan saved over the API, evaluated by the CLI.</summary>
[Collection(DemoServerCollection.Name)]
public sealed class MonitorCommandTests(DemoServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_evaluate_a_systems_monitoring_plan_from_the_command_line()
    {
        var owner = await server.KeyAsync("product_owner", "credit-scoring");
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        using (var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/systems/credit-scoring/monitoring-plan")
        {
            Content = new StringContent("""
                format: attest.monitoring-plan/v1
                signals:
                  - {id: traffic, kind: volume, window: {last: 1d}, comparator: "<", threshold: 1000000, every: 1d}
                """, Encoding.UTF8, "application/yaml"),
        })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);
            using var response = await http.SendAsync(request, Ct);
            ((int)response.StatusCode).ShouldBe(201, await response.Content.ReadAsStringAsync(Ct));
        }

        var run = await CliRun.RunAsync("monitor", "run", "--system", "credit-scoring", "--server", server.Url, "--token", owner);
        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        run.Out.ShouldContain("traffic (volume count)");
        run.Out.ShouldContain("breached");
        var json = await CliRun.RunAsync("monitor", "run", "--system", "credit-scoring", "--server", server.Url, "--token", owner, "--json");
        json.Json["signals"]![0]!["status"]!.GetValue<string>().ShouldBe("breached");
        json.Json["signals"]![0]!["alert"]!.GetValue<string>().ShouldStartWith("alr_");

        var missing = await CliRun.RunAsync("monitor", "run", "--system", "no-such-system", "--server", server.Url, "--token", owner);
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("404");
    }
}
