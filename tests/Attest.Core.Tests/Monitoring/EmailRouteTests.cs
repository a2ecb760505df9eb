using Attest.Core.Features.Monitoring;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Monitoring;

/// <summary>E-mail routes against a local SMTP sink: alerts and test deliveries arrive; a refusal is logged with its reply code and retried.</summary>
public sealed class EmailRouteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Plan(string to) => $$"""
        format: attest.monitoring-plan/v1
        signals:
          - id: volume
            kind: volume
            window: {last: 1d}
            comparator: "<"
            threshold: 1
            severity: high
            every: 1d
        routes:
          - kind: email
            to: {{to}}
        """;

    private static Task<MonitoringScenario> ScenarioAsync(SmtpSink sink) =>
        MonitoringScenario.CreateAsync(monitoring: MonitoringSettings.Default with { SmtpHost = "127.0.0.1", SmtpPort = sink.Port, SmtpFrom = "attest@example.org" });

    [Fact]
    public async Task An_alert_and_a_test_delivery_arrive_as_mail_naming_the_system_and_the_signal()
    {
        using var sink = new SmtpSink();
        await using var s = await ScenarioAsync(sink);
        await s.SavePlanAsync(Plan("oncall@example.org"));

        var test = (await s.Db.Get<SendTestAlert>().ExecuteAsync(MonitoringScenario.Slug, Actors.Dana, Ct)).Value!;
        test.Operational.ShouldBeTrue(test.Deliveries.Single().LastResponse);
        var log = test.Deliveries.ShouldHaveSingleItem();
        (log.State, log.RouteKind, log.Destination, log.LastStatus).ShouldBe(("delivered", "email", "oncall@example.org", (int?)250));
        var testMail = sink.Received.ShouldHaveSingleItem();
        testMail.To.ShouldBe(["<oncall@example.org>"]);
        testMail.From.ShouldBe("<attest@example.org>");
        var message = testMail.Message;
        message.Subject.ShouldBe($"[Attest] Test alert for {MonitoringScenario.Slug}");
        message.Headers["X-Attest-Delivery"].ShouldBe(log.Id);
        message.TextBody.ShouldNotBeNull().ShouldContain("Résumé screening assistant");

        // No decisions today: the volume signal is breached and its alert goes out by mail.
        var run = await s.RunAsync();
        var alertId = run.Signals.Single().Alert.ShouldNotBeNull();
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        sink.Received.Count.ShouldBe(2);
        var alertMail = sink.Received[1].Message;
        alertMail.Subject.ShouldStartWith($"[Attest] high alert on {MonitoringScenario.Slug}: volume");
        alertMail.TextBody.ShouldNotBeNull().ShouldContain(alertId);
        alertMail.TextBody.ShouldContain("\"signal\":\"volume\"");
        var delivered = (await s.Db.Get<ListDeliveries>().ExecuteAsync(MonitoringScenario.Slug, 10, Ct)).Value!.First(d => d.Alert == alertId);
        (delivered.State, delivered.LastStatus, delivered.Attempts).ShouldBe(("delivered", (int?)250, 1));
        delivered.LastResponse.ShouldNotBeNull().ShouldContain("queued as m2");
    }

    [Fact]
    public async Task A_refused_recipient_is_logged_with_the_reply_code_and_retried_without_an_exception()
    {
        using var sink = new SmtpSink(550, 250);
        await using var s = await ScenarioAsync(sink);
        await s.SavePlanAsync(Plan("nobody@example.org"));
        await s.RunAsync();

        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        sink.Received.ShouldBeEmpty();
        var failed = (await s.Db.Get<ListDeliveries>().ExecuteAsync(MonitoringScenario.Slug, 10, Ct)).Value!.ShouldHaveSingleItem();
        (failed.State, failed.Attempts, failed.LastStatus).ShouldBe(("pending", 1, (int?)550));
        failed.LastResponse.ShouldNotBeNull().ShouldStartWith("550 ");

        // The retry after 30 s finds the mailbox accepting.
        s.Db.Clock.Advance(TimeSpan.FromSeconds(30));
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        sink.Received.ShouldHaveSingleItem().To.ShouldBe(["<nobody@example.org>"]);
        var retried = (await s.Db.Get<ListDeliveries>().ExecuteAsync(MonitoringScenario.Slug, 10, Ct)).Value!.ShouldHaveSingleItem();
        (retried.State, retried.Attempts, retried.LastStatus).ShouldBe(("delivered", 2, (int?)250));
    }

    [Fact]
    public async Task A_test_delivery_the_sink_refuses_leaves_the_plan_not_operational()
    {
        using var sink = new SmtpSink(550);
        await using var s = await ScenarioAsync(sink);
        await s.SavePlanAsync(Plan("nobody@example.org"));
        var test = (await s.Db.Get<SendTestAlert>().ExecuteAsync(MonitoringScenario.Slug, Actors.Dana, Ct)).Value!;
        test.Operational.ShouldBeFalse();
        var log = test.Deliveries.ShouldHaveSingleItem();
        (log.State, log.LastStatus).ShouldBe(("failed", (int?)550));
        await using var db = s.Db.NewContext();
        (await db.MonitoringPlans.SingleAsync(Ct)).OperationalAt.ShouldBeNull();
    }
}
