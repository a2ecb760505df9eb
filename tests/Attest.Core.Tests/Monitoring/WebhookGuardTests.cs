using System.Net;
using Attest.Core.Common;
using Attest.Core.Features.Monitoring;
using Attest.Core.Tests.Support;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Monitoring;

/// <summary>The SSRF guard: webhooks into this machine or a private network are refused at save and not called at delivery, unless allowed.</summary>
public sealed class WebhookGuardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TwoRoutes(string url) => $$"""
        format: attest.monitoring-plan/v1
        signals:
          - {id: volume, kind: volume, window: {last: 1d}, comparator: "<", threshold: 1, every: 1d}
        routes:
          - {kind: webhook, url: "https://hooks.example.com/attest", secret: a-very-long-webhook-secret}
          - {kind: webhook, url: "{{url}}", secret: a-very-long-webhook-secret}
        """;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://localhost/hook", "localhost is this machine")]
    [InlineData("http://10.20.30.40/hook", "10.20.30.40 is a private address")]
    [InlineData("http://192.168.0.1/hook", "192.168.0.1 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    [InlineData("http://[fd00::1]/hook", "fd00::1 is a unique-local address")]
    [InlineData("http://0.0.0.0:9/hook", "0.0.0.0 is an unspecified address")]
    public async Task A_webhook_into_this_machine_or_a_private_network_is_refused_at_save_and_nothing_is_written(string url, string reason)
    {
        await using var s = await MonitoringScenario.CreateAsync(monitoring: MonitoringSettings.Default);
        var saved = await s.Db.Get<SaveMonitoringPlan>().ExecuteAsync(MonitoringScenario.Slug, TwoRoutes(url), yaml: true, "plan.yaml", Actors.Dana, Ct);
        saved.Kind.ShouldBe(ResultKind.Invalid);
        var error = saved.Errors.ShouldHaveSingleItem();
        error.Key.ShouldBe("routes[1].url");
        error.Value.ShouldHaveSingleItem().ShouldContain(reason);
        error.Value[0].ShouldContain("Attest:Monitoring:AllowedWebhookHosts");
        await using var db = s.Db.NewContext();
        (await db.MonitoringPlans.CountAsync(Ct)).ShouldBe(0);
        (await db.MonitoringSchedule.CountAsync(Ct)).ShouldBe(0);
        (await db.Ledger.CountAsync(e => e.Action == Attest.Core.Governance.LedgerActions.MonitoringPlanSaved.Name, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task An_allowed_internal_host_is_saved_and_called()
    {
        using var hook = new WebhookReceiver(200);
        await using var s = await MonitoringScenario.CreateAsync(monitoring: MonitoringSettings.Default with { AllowedWebhookHosts = ["hooks.internal.example", "127.0.0.1"] });
        await s.SavePlanAsync(TwoRoutes(hook.Url));
        await s.RunAsync();
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(2);
        hook.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_stored_webhook_that_points_inside_is_not_called_at_delivery_and_logged_failed_with_the_reason()
    {
        using var hook = new WebhookReceiver(200);
        await using var s = await MonitoringScenario.CreateAsync(monitoring: MonitoringSettings.Default);
        await s.SavePlanAsync(TwoRoutes("https://hooks.example.com/other"));
        // A plan stored before the guard (or under an allow-list since removed) points at this machine.
        await using (var db = s.Db.NewContext())
        {
            var plan = await db.MonitoringPlans.SingleAsync(Ct);
            plan.DocumentJson = plan.DocumentJson.Replace("https://hooks.example.com/other", hook.Url, StringComparison.Ordinal);
            await db.SaveChangesAsync(Ct);
        }
        await s.RunAsync();
        await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct);
        hook.Requests.ShouldBeEmpty();
        var refused = (await s.Db.Get<ListDeliveries>().ExecuteAsync(MonitoringScenario.Slug, 10, Ct)).Value!.Single(d => d.Destination == hook.Url);
        (refused.State, refused.Attempts, refused.LastStatus).ShouldBe(("failed", 1, (int?)null));
        refused.LastResponse.ShouldBe("not called: 127.0.0.1 is a loopback address (127.0.0.0/8); an operator can allow the host with Attest:Monitoring:AllowedWebhookHosts");
    }

    [Fact]
    public async Task A_host_name_is_judged_by_the_addresses_it_resolves_to()
    {
        // This machine's own name resolves to a loopback or private address on a developer machine, a container or CI.
        var host = Dns.GetHostName();
        var addresses = await Dns.GetHostAddressesAsync(host, Ct);
        Assert.SkipWhen(addresses.Length == 0 || addresses.All(a => WebhookTargets.Refusal(a) is null), $"{host} resolves to public addresses only here");
        using var hook = new WebhookReceiver(200);
        var url = hook.Url.Replace("127.0.0.1", host, StringComparison.Ordinal);
        var sender = new AlertSender(MonitoringSettings.Default);
        var outcome = await sender.SendAsync(MonitoringRoute.Webhook, url, "dlv_1", "test", "{}", "a-very-long-webhook-secret", Ct);
        (outcome.Delivered, outcome.Permanent).ShouldBe((false, true));
        outcome.Response.ShouldStartWith($"not called: {host} resolves to ");
        hook.Requests.ShouldBeEmpty();

        var allowed = await new AlertSender(MonitoringSettings.Default with { AllowedWebhookHosts = [host] })
            .SendAsync(MonitoringRoute.Webhook, hook.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), "dlv_2", "test", "{}", "a-very-long-webhook-secret", Ct);
        allowed.Response.ShouldStartWith("not called: localhost is this machine", customMessage: "only the allowed host passes");
    }
}
