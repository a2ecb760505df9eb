using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Monitoring;
using Attest.Core.Tests.Support;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Monitoring;

public sealed class MonitoringTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Plan(string url, string extraSignals = "", int autoResolve = 2) => $$"""
        format: attest.monitoring-plan/v1
        auto_resolve_after: {{autoResolve}}
        signals:
          - id: accuracy
            kind: performance
            metric: accuracy
            positive: shortlist
            window: {last: 7d}
            min_n: 10
            comparator: "<"
            threshold: 0.8
            severity: high
            every: 1h
          - id: volume
            kind: volume
            window: {last: 1d}
            comparator: "<"
            threshold: 1
            every: 1d
        {{extraSignals}}
        routes:
          - kind: webhook
            url: {{url}}
            secret: a-very-long-webhook-secret
        """;

    [Fact]
    public async Task An_accuracy_signal_fires_when_its_window_crosses_the_threshold_and_the_signed_webhook_arrives()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(200);
        var at = s.Db.Clock.GetUtcNow().AddMinutes(-1);
        var right = await s.LogAsync(at, [.. Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? "shortlist" : "reject", "female", 5.0))]);
        await s.OutcomesAsync(right.Select((id, i) => (id, i % 2 == 0 ? "shortlist" : "reject")));
        (await s.SavePlanAsync(Plan(hook.Url))).ShouldBe(1);

        var first = await s.RunAsync();
        var accuracy = first.Signals.Single(x => x.Id == "accuracy");
        (accuracy.Status, accuracy.Value, accuracy.N, accuracy.Alert).ShouldBe(("ok", 1.0, 10L, (string?)null));
        first.Signals.Single(x => x.Id == "volume").Value.ShouldBe(10);

        // Three wrong decisions: 10 of 13 right, 0.769… < 0.8 — the window has crossed the threshold.
        var wrong = await s.LogAsync(at, ("shortlist", "male", 1.0), ("shortlist", "male", 1.0), ("shortlist", "male", 1.0));
        await s.OutcomesAsync(wrong.Select(id => (id, "reject")));
        s.Db.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await s.RunAsync();
        accuracy = second.Signals.Single(x => x.Id == "accuracy");
        (accuracy.Status, accuracy.N).ShouldBe(("breached", 13L));
        accuracy.Value.ShouldBe(10.0 / 13);
        var alertId = accuracy.Alert.ShouldNotBeNull();

        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        var received = hook.Requests.ShouldHaveSingleItem();
        WebhookSignature.Verify(received.Raw, "a-very-long-webhook-secret", received.Signature).ShouldBeTrue($"signature {received.Signature} of {received.Body}");
        received.Delivery.ShouldStartWith("dlv_");
        using (var body = JsonDocument.Parse(received.Body))
        {
            body.RootElement.GetProperty("system").GetString().ShouldBe(MonitoringScenario.Slug);
            body.RootElement.GetProperty("signal").GetString().ShouldBe("accuracy");
            body.RootElement.GetProperty("value").GetDouble().ShouldBe(10.0 / 13);
            body.RootElement.GetProperty("threshold").GetDouble().ShouldBe(0.8);
            body.RootElement.GetProperty("alert").GetString().ShouldBe(alertId);
            body.RootElement.GetProperty("delivery").GetString().ShouldBe(received.Delivery);
        }

        // Still breached: the same alert counts a repeat, and sends nothing new.
        s.Db.Clock.Advance(TimeSpan.FromMinutes(5));
        (await s.RunAsync()).Signals.Single(x => x.Id == "accuracy").Alert.ShouldBe(alertId);
        var alert = (await s.Db.Get<ListAlerts>().ExecuteAsync(new AlertQuery(MonitoringScenario.Slug), Attest.Core.Governance.ReadScope.Everything, Ct)).Value!.Items.ShouldHaveSingleItem();
        (alert.Count, alert.State).ShouldBe((2, "open"));

        // Healthy again (30 more right decisions): two healthy evaluations in a row resolve it.
        var more = await s.LogAsync(s.Db.Clock.GetUtcNow().AddMinutes(-1), [.. Enumerable.Range(0, 30).Select(_ => ("shortlist", "female", 5.0))]);
        await s.OutcomesAsync(more.Select(id => (id, "shortlist")));
        s.Db.Clock.Advance(TimeSpan.FromMinutes(5));
        (await s.RunAsync()).Signals.Single(x => x.Id == "accuracy").Status.ShouldBe("ok");
        (await s.Db.Get<GetAlert>().ExecuteAsync(alertId, Ct)).Value!.State.ShouldBe("open");
        s.Db.Clock.Advance(TimeSpan.FromMinutes(5));
        await s.RunAsync();
        var resolved = (await s.Db.Get<GetAlert>().ExecuteAsync(alertId, Ct)).Value!;
        (resolved.State, resolved.ResolvedBy, resolved.Resolution).ShouldBe(("resolved", "system:attest", "2 healthy evaluations in a row"));

        var series = (await s.Db.Get<GetMonitoringSeries>().ExecuteAsync(MonitoringScenario.Slug, "accuracy", null, null, Ct)).Value!;
        series.Points.Select(p => p.Status).ShouldBe(["ok", "breached", "breached", "ok", "ok"]);
        series.Points.ShouldAllBe(p => p.ModelVersion == "cv-ranker@1.0");
        await using var db = s.Db.NewContext();
        (await db.Ledger.CountAsync(e => e.Action == "monitoring_alert.opened", Ct)).ShouldBe(1);
        (await db.Ledger.CountAsync(e => e.Action == "monitoring_alert.resolved", Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_after_a_growing_wait_and_the_log_keeps_the_last_answer()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(503, 200);
        await s.SavePlanAsync(Plan(hook.Url));
        var run = await s.RunAsync();
        run.Signals.Single(x => x.Id == "volume").Status.ShouldBe("breached");

        var deliver = s.Db.Get<DeliverAlerts>();
        (await deliver.ExecuteAsync("test", null, Ct)).ShouldBe(1);
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(0, "the retry waits 30 s");
        s.Db.Clock.Advance(TimeSpan.FromSeconds(30));
        (await s.Db.Get<DeliverAlerts>().ExecuteAsync("test", null, Ct)).ShouldBe(1);
        hook.Requests.Count.ShouldBe(2);
        hook.Requests[0].Delivery.ShouldBe(hook.Requests[1].Delivery);
        hook.Requests[0].Body.ShouldBe(hook.Requests[1].Body);
        var log = (await s.Db.Get<ListDeliveries>().ExecuteAsync(MonitoringScenario.Slug, 10, Ct)).Value!.ShouldHaveSingleItem();
        (log.State, log.Attempts, log.LastStatus).ShouldBe(("delivered", 2, (int?)200));
        log.LastResponse.ShouldBe("200 OK: thanks");
    }

    [Fact]
    public async Task Coverage_counts_a_production_system_only_when_its_plan_watches_the_model_and_its_routing_is_proven()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        // Arranged directly: the lifecycle to production is tested elsewhere; here only the stage and tier matter.
        await using (var db = s.Db.NewContext())
        {
            var system = await db.Systems.SingleAsync(x => x.Slug == MonitoringScenario.Slug, Ct);
            (system.Stage, system.Tier) = (Engine.Inventory.LifecycleStage.Deployed, "high");
            await db.SaveChangesAsync(Ct);
        }
        async Task<TierCoverage> HighAsync() =>
            (await s.Db.Get<GetMonitoringCoverage>().ExecuteAsync(Governance.ReadScope.Everything, Ct)).Tiers.Single(t => t.Tier == "high");

        (await HighAsync()).ShouldBe(new TierCoverage("high", 1, 0, 0));
        using var hook = new WebhookReceiver(204);
        await s.SavePlanAsync(Plan(hook.Url));
        (await HighAsync()).ShouldBe(new TierCoverage("high", 1, 1, 0), "a plan whose routing is not proven does not count");
        (await s.Db.Get<SendTestAlert>().ExecuteAsync(MonitoringScenario.Slug, Actors.Dana, Ct)).Value!.Operational.ShouldBeTrue();
        var covered = await HighAsync();
        covered.ShouldBe(new TierCoverage("high", 1, 1, 1));
        covered.Share.ShouldBe(1.0);

        await s.SavePlanAsync($$"""
            format: attest.monitoring-plan/v1
            signals:
              - {id: volume, kind: volume, window: {last: 1d}, comparator: "<", threshold: 1, every: 1d}
            routes:
              - {kind: webhook, url: "{{hook.Url}}", secret: a-very-long-webhook-secret}
            """);
        await s.Db.Get<SendTestAlert>().ExecuteAsync(MonitoringScenario.Slug, Actors.Dana, Ct);
        (await HighAsync()).Covered.ShouldBe(0, "counting decisions does not watch the model");
    }

    [Fact]
    public async Task A_plan_is_operational_only_after_a_test_delivery_reached_every_route()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(500, 204);
        await s.SavePlanAsync(Plan(hook.Url));
        var failed = (await s.Db.Get<SendTestAlert>().ExecuteAsync(MonitoringScenario.Slug, Actors.Dana, Ct)).Value!;
        failed.Operational.ShouldBeFalse();
        failed.Deliveries.Single().LastStatus.ShouldBe(500);
        (await s.Db.Get<GetMonitoringPlan>().ExecuteAsync(MonitoringScenario.Slug, null, Ct)).Value!.Operational.ShouldBeFalse();

        var ok = (await s.Db.Get<SendTestAlert>().ExecuteAsync(MonitoringScenario.Slug, Actors.Dana, Ct)).Value!;
        ok.Operational.ShouldBeTrue();
        WebhookSignature.Verify(hook.Requests[1].Raw, "a-very-long-webhook-secret", hook.Requests[1].Signature).ShouldBeTrue();
        var plan = (await s.Db.Get<GetMonitoringPlan>().ExecuteAsync(MonitoringScenario.Slug, null, Ct)).Value!;
        plan.Operational.ShouldBeTrue();
        plan.Plan.ToJsonString().ShouldNotContain("a-very-long-webhook-secret");
    }

    [Fact]
    public async Task Plan_errors_name_every_field_and_nothing_is_written()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        await s.LogAsync(s.Db.Clock.GetUtcNow().AddMinutes(-1), ("shortlist", "female", 3));
        const string bad = """
            format: attest.monitoring-plan/v1
            signals:
              - {id: a, kind: accuracy, comparator: "<", threshold: 0.8, window: {last: 7d}}
              - {id: b, kind: performance, metric: happiness, positive: shortlist, comparator: "<", threshold: 0.8, window: {last: 7d}}
              - {id: c, kind: drift, feature: shoe_size, comparator: ">", threshold: 0.2, window: {last: 7d}}
              - {id: d, kind: volume, comparator: "<", threshold: 1, window: {last: soon}}
              - {id: e, kind: volume, comparator: "<", threshold: .nan, window: {decisions: 100}}
              - {id: f, kind: fairness, metric: impact_ratio, attribute: religion, positive: shortlist, comparator: "<", threshold: 0.8, window: {decisions: 10}}
            routes:
              - {kind: webhook, url: "ftp://example.com/hook", secret: a-very-long-webhook-secret}
              - {kind: webhook, url: "https://example.com/hook", secret: short}
            """;
        var result = await s.Db.Get<SaveMonitoringPlan>().ExecuteAsync(MonitoringScenario.Slug, bad, yaml: true, "plan.yaml", Actors.Dana, Ct);
        result.Kind.ShouldBe(Attest.Core.Common.ResultKind.Invalid);
        result.Errors.Keys.ShouldBe(["signals[0].kind", "signals[1].metric", "signals[2].feature", "signals[3].window.last", "signals[4].threshold",
            "signals[5].attribute", "routes[0].url", "routes[1].secret"], ignoreOrder: true);
        result.Errors["signals[2].feature"][0].ShouldContain("years_experience");
        result.Errors["signals[4].threshold"][0].ShouldBe("plan.yaml:7: must be a finite number, got NaN");
        await using var db = s.Db.NewContext();
        (await db.MonitoringPlans.CountAsync(Ct)).ShouldBe(0);
        (await db.Ledger.CountAsync(e => e.Action == "monitoring_plan.saved", Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Outcomes_are_all_or_nothing_unknown_decisions_are_named_by_index_and_a_different_value_conflicts()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        var ids = await s.LogAsync(s.Db.Clock.GetUtcNow().AddMinutes(-1), ("shortlist", "female", 3), ("reject", "male", 2));
        var record = s.Db.Get<RecordOutcomes>();
        static OutcomeInput ByExternal(string id, string outcome) =>
            new() { System = MonitoringScenario.Slug, ExternalId = id, Outcome = JsonSerializer.SerializeToElement(outcome) };

        var unknown = await record.ExecuteAsync(new OutcomesInput { Outcomes = [ByExternal(ids[0], "shortlist"), ByExternal("nope", "reject")] }, Actors.Dana, Ct);
        unknown.Kind.ShouldBe(Attest.Core.Common.ResultKind.Invalid);
        unknown.Errors.Keys.ShouldBe(["outcomes[1].external_id"]);
        await using (var db = s.Db.NewContext())
            (await db.Decisions.CountAsync(d => d.Outcome != null, Ct)).ShouldBe(0, "all or nothing");

        var decisionId = (await s.Db.NewContext().Decisions.FirstAsync(d => d.ExternalId == ids[1], Ct)).Id;
        var ok = await record.ExecuteAsync(new OutcomesInput
        {
            Outcomes = [ByExternal(ids[0], "shortlist"), new OutcomeInput { Decision = decisionId, Outcome = JsonSerializer.SerializeToElement("reject"), ObservedAt = s.Db.Clock.GetUtcNow().AddHours(-1) }],
        }, Actors.Dana, Ct);
        ok.Value!.Recorded.ShouldBe(2);
        (await s.Db.Get<RecordOutcomes>().ExecuteAsync(new OutcomesInput { Outcomes = [ByExternal(ids[0], "shortlist")] }, Actors.Dana, Ct)).Value!.Unchanged.ShouldBe(1);

        var conflict = await s.Db.Get<RecordOutcomes>().ExecuteAsync(new OutcomesInput { Outcomes = [ByExternal(ids[0], "reject")] }, Actors.Dana, Ct);
        conflict.Kind.ShouldBe(Attest.Core.Common.ResultKind.Conflict);
        conflict.Errors.Keys.ShouldBe(["outcomes[0].outcome"]);
        await using var after = s.Db.NewContext();
        (await after.Decisions.SingleAsync(d => d.ExternalId == ids[0], Ct)).Outcome.ShouldBe("shortlist");
    }

    [Fact]
    public async Task A_fairness_alert_whose_plan_says_so_opens_an_incident()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        var at = s.Db.Clock.GetUtcNow().AddMinutes(-1);
        // Women shortlisted 2 of 10, men 8 of 10: impact ratio 0.25.
        await s.LogAsync(at, [.. Enumerable.Range(0, 10).Select(i => (i < 2 ? "shortlist" : "reject", "female", 4.0)), .. Enumerable.Range(0, 10).Select(i => (i < 8 ? "shortlist" : "reject", "male", 4.0))]);
        await s.SavePlanAsync(Plan("https://example.com/hook", """
              - id: impact-sex
                kind: fairness
                metric: impact_ratio
                attribute: sex
                positive: shortlist
                window: {decisions: 1000}
                min_n: 20
                comparator: "<"
                threshold: 0.8
                severity: critical
                open_incident: true
            """));
        var run = await s.RunAsync();
        var fairness = run.Signals.Single(x => x.Id == "impact-sex");
        (fairness.Status, fairness.Value, fairness.Target).ShouldBe(("breached", 0.25, "sex=female"));
        var alert = (await s.Db.Get<GetAlert>().ExecuteAsync(fairness.Alert!, Ct)).Value!;
        var incident = (await s.Db.Get<GetIncident>().ExecuteAsync(alert.Incident.ShouldNotBeNull(), Ct)).Value!;
        incident.Title.ShouldContain("impact-sex");
        await using var db = s.Db.NewContext();
        (await db.Incidents.CountAsync(Ct)).ShouldBe(1);
        // A repeat does not open a second incident.
        s.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await s.RunAsync();
        (await db.Incidents.CountAsync(Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task The_scheduler_evaluates_each_due_signal_once_per_slot()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        await s.SavePlanAsync(Plan("https://example.com/hook"));
        (await s.Db.Get<RunDueMonitoring>().ClaimAsync("a", Ct)).Count.ShouldBe(2);
        (await s.Db.Get<RunDueMonitoring>().ClaimAsync("b", Ct)).Count.ShouldBe(0);
        s.Db.Clock.Advance(TimeSpan.FromHours(1));
        (await s.Db.Get<RunDueMonitoring>().ClaimAsync("b", Ct)).ShouldBe([(s.Oversight.SystemId, "accuracy")]);
    }
}
