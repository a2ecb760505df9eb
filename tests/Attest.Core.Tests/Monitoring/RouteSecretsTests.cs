using Attest.Core.Data;
using Attest.Core.Features.Monitoring;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Monitoring;

/// <summary>Webhook secrets are stored encrypted (AES-GCM under keys/route-secrets.key) and decrypted only to sign.</summary>
public sealed class RouteSecretsTests
{
    private const string Secret = "a-very-long-webhook-secret";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> StoredSecretsAsync(MonitoringScenario s)
    {
        await using var db = s.Db.NewContext();
        return (await db.MonitoringPlans.SingleAsync(Ct)).SecretsJson;
    }

    private static async Task StoreSecretsAsync(MonitoringScenario s, string value)
    {
        await using var db = s.Db.NewContext();
        var plan = await db.MonitoringPlans.SingleAsync(Ct);
        plan.SecretsJson = value;
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<WebhookReceiver.Received> DeliverOneAsync(MonitoringScenario s, WebhookReceiver hook)
    {
        await s.RunAsync();
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        return hook.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_database_holds_no_secret_and_deliveries_are_still_signed_with_it()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(200);
        await s.SavePlanAsync(MonitoringTests.Plan(hook.Url));
        var stored = await StoredSecretsAsync(s);
        stored.ShouldStartWith(RouteSecrets.Prefix);
        stored.ShouldNotContain(Secret);
        stored.ShouldNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Secret)));

        var key = s.Db.Get<RouteSecrets>().KeyPath;
        File.Exists(key).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(key).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(key)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var received = await DeliverOneAsync(s, hook);
        WebhookSignature.Verify(received.Raw, Secret, received.Signature).ShouldBeTrue();
        // The same secret saved twice encrypts differently (a fresh nonce each time).
        s.Db.Get<RouteSecrets>().Protect(s.Oversight.SystemId, [Secret]).ShouldNotBe(s.Db.Get<RouteSecrets>().Protect(s.Oversight.SystemId, [Secret]));
    }

    [Fact]
    public async Task A_plan_stored_before_encryption_as_a_plain_array_still_signs()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(200);
        await s.SavePlanAsync(MonitoringTests.Plan(hook.Url));
        await StoreSecretsAsync(s, $"[\"{Secret}\"]");
        var received = await DeliverOneAsync(s, hook);
        WebhookSignature.Verify(received.Raw, Secret, received.Signature).ShouldBeTrue();
    }

    [Fact]
    public async Task Secrets_under_another_key_or_of_another_system_are_not_sent_unsigned_and_the_log_says_why()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(200);
        await s.SavePlanAsync(MonitoringTests.Plan(hook.Url));
        var elsewhere = Path.Combine(Path.GetTempPath(), "attest-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var otherKey = new RouteSecrets(DatabaseSettings.ForDataDirectory(elsewhere), Attest.Core.Features.Operations.InstallationSecrets.None);
            await StoreSecretsAsync(s, otherKey.Protect(s.Oversight.SystemId, [Secret]));
        }
        finally { Directory.Delete(elsewhere, recursive: true); }
        await s.RunAsync();
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        hook.Requests.ShouldBeEmpty();
        var log = (await s.Db.Get<ListDeliveries>().ExecuteAsync(MonitoringScenario.Slug, 10, Ct)).Value!.ShouldHaveSingleItem();
        (log.State, log.Attempts, log.LastStatus).ShouldBe(("pending", 1, (int?)null));
        log.LastResponse.ShouldNotBeNull().ShouldStartWith("not sent: the webhook secrets of this plan do not decrypt with keys/route-secrets.key");

        // The right key, but bound to another system: refused as well.
        var mine = s.Db.Get<RouteSecrets>();
        Should.Throw<RouteSecretsException>(() => mine.Unprotect("sys_other", mine.Protect(s.Oversight.SystemId, [Secret])));
        mine.Unprotect(s.Oversight.SystemId, mine.Protect(s.Oversight.SystemId, [Secret, null])).ShouldBe([Secret, null]);
    }
}
