using System.Net;
using System.Text.Json.Nodes;
using Attest.Client;

namespace Attest.Cli.Tests.Oversight;

/// <summary>The .NET client (clients/dotnet) against a real `attest serve --demo` process.</summary>
[Collection(DemoServerCollection.Name)]
public sealed class DotnetClientTests(DemoServerFixture server)
{
    private const string System = "card-fraud-detection";
    private const string Model = "fraud-gbm@5.3.1";
    private static readonly DateTimeOffset Occurred = DateTimeOffset.UtcNow.AddMinutes(-2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Decision Decision(string externalId, string output = "approve", double confidence = 0.95) => new()
    {
        System = System,
        ModelVersion = Model,
        ExternalId = externalId,
        OccurredAt = Occurred,
        Input = new JsonObject { ["payment"] = externalId },
        Output = output,
        Confidence = confidence,
        Factors = new Dictionary<string, double> { ["velocity"] = 0.4 },
        Attributes = new Dictionary<string, string> { ["age_band"] = "25-34" },
    };

    private async Task<AttestClient> ServiceAsync(AttestClientOptions? options = null) =>
        new(new Uri(server.Url), await server.KeyAsync("service", System), options);

    [Fact]
    public async Task A_decision_is_routed_and_a_resent_one_is_the_original_answer()
    {
        using var attest = await ServiceAsync();
        var first = await attest.LogAsync(Decision("net-1", "decline"), Ct);
        first.Id.ShouldStartWith("dec_");
        first.NeedsHumanReview.ShouldBeTrue();
        first.Reasons.ShouldBe(["declines"]);
        first.QueueItem.ShouldNotBeNull().ShouldStartWith("rvi_");
        var again = await attest.LogAsync(Decision("net-1", "decline"), Ct);
        (again.Duplicate, again.Id).ShouldBe((true, first.Id));
    }

    [Fact]
    public async Task Batches_keep_input_order_and_are_split_by_batch_size()
    {
        using var attest = await ServiceAsync(new AttestClientOptions { BatchSize = 250 });
        var decisions = Enumerable.Range(0, 600).Select(i => Decision($"net-batch-{i}", i % 100 == 0 ? "decline" : "approve")).ToList();
        var results = await attest.LogBatchAsync(decisions, Ct);
        results.Select(r => r.ExternalId).ShouldBe(decisions.Select(d => d.ExternalId));
        results.Count(r => r.NeedsHumanReview).ShouldBe(6);
        results.Select(r => r.Id).Distinct().Count().ShouldBe(600);
        (await attest.LogBatchAsync(decisions.Take(10), Ct)).ShouldAllBe(r => r.Duplicate);
    }

    [Fact]
    public async Task A_refusal_names_the_field_and_a_changed_body_under_a_known_external_id_is_a_conflict()
    {
        using var attest = await ServiceAsync();
        var bad = await Should.ThrowAsync<AttestException>(() => attest.LogAsync(Decision("net-bad", confidence: 1.5), Ct));
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.Errors.Keys.ShouldContain("confidence");
        await attest.LogAsync(Decision("net-conflict", "approve"), Ct);
        var conflict = await Should.ThrowAsync<AttestException>(() => attest.LogAsync(Decision("net-conflict", "decline"), Ct));
        conflict.Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_appeal_opens_a_review_and_a_reader_fetches_the_trace()
    {
        using var attest = await ServiceAsync();
        var logged = await attest.LogAsync(Decision("net-appeal"), Ct);
        logged.Route.ShouldBe("auto");
        var item = await attest.AppealAsync(logged.Id, "The card holder says the payment was theirs.", Ct);
        (item.Decision, item.Reasons.Single()).ShouldBe((logged.Id, "appeal"));
        (await Should.ThrowAsync<AttestException>(() => attest.GetTraceAsync(logged.Id, Ct))).Status.ShouldBe(HttpStatusCode.Forbidden);
        using var reader = new AttestClient(new Uri(server.Url), await server.KeyAsync("reviewer"));
        var trace = await reader.GetTraceAsync(logged.Id, Ct);
        trace["decision"]!["id"]!.GetValue<string>().ShouldBe(logged.Id);
        trace.ContainsKey("proof").ShouldBeTrue();
        (await reader.GetDecisionAsync(logged.Id, Ct))["external_id"]!.GetValue<string>().ShouldBe("net-appeal");
    }

    [Fact]
    public async Task An_unreachable_server_is_an_error_without_a_status_after_the_retries()
    {
        using var dead = new AttestClient(new Uri($"http://127.0.0.1:{OversightCommandTests.FreePort()}"), "atk_x",
            new AttestClientOptions { Retries = 1, Backoff = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(5) });
        var error = await Should.ThrowAsync<AttestException>(() => dead.LogAsync(Decision("net-dead"), Ct));
        error.Status.ShouldBeNull();
        error.Message.ShouldContain("cannot reach");
    }
}
