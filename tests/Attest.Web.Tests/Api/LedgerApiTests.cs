using System.Net;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Web.Tests.Api;

public sealed class LedgerApiTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new();
    private HttpClient _client = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _client.PostJsonAsync("/api/v1/datasets", """
            {"slug":"cv-archive","name":"CV archive","source":"HR system export","owner":"Dana Kim","personal_data_classes":[],"legal_basis":null}
            """)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task I_can_sign_a_checkpoint_read_the_latest_and_verify_its_signature_with_the_published_key()
    {
        (await _client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _client.GetAsync("/api/v1/ledger/public-keys", Ct)).ReadAsync())["total"]!.GetValue<int>().ShouldBe(0);

        var signed = await _client.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
        signed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await signed.ReadAsync();
        body["created"]!.GetValue<bool>().ShouldBeTrue();
        body["checkpoint"]!["tree_size"]!.GetValue<long>().ShouldBe(3); // system, dataset, key created

        var again = await _client.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadAsync())["created"]!.GetValue<bool>().ShouldBeFalse();

        var latest = await (await _client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct)).ReadAsync();
        var keys = await (await _client.GetAsync("/api/v1/ledger/public-keys", Ct)).ReadAsync();
        var key = keys["items"]![0]!;
        key["active"]!.GetValue<bool>().ShouldBeTrue();
        key["key_id"]!.GetValue<string>().ShouldBe(latest["key_id"]!.GetValue<string>());
        key["public_key_pem"]!.GetValue<string>().ShouldStartWith("-----BEGIN PUBLIC KEY-----");

        var checkpoint = new SignedCheckpoint(
            new Checkpoint(latest["tree_size"]!.GetValue<long>(), latest["root_hash"]!.GetValue<string>(),
                DateTimeOffset.Parse(latest["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), latest["key_id"]!.GetValue<string>()),
            latest["signature"]!.GetValue<string>(), latest["public_key"]!.GetValue<string>());
        CheckpointVerification.Problem(checkpoint, [Ed25519PublicKeys.TryParse(key["public_key_pem"]!.GetValue<string>())!]).ShouldBeNull();

        var list = await (await _client.GetAsync("/api/v1/ledger/checkpoints?limit=10", Ct)).ReadAsync();
        list["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task I_can_get_an_inclusion_proof_for_an_entry_and_a_consistency_proof_between_checkpoints()
    {
        var proof = await _client.GetAsync("/api/v1/ledger/1/proof", Ct);
        proof.StatusCode.ShouldBe(HttpStatusCode.OK); // no checkpoint yet: one is signed for the proof
        var doc = await proof.ReadAsync();
        doc["leaf_index"]!.GetValue<long>().ShouldBe(0);
        doc["entry"]!["action"]!.GetValue<string>().ShouldBe("system.registered");
        var size = doc["tree_size"]!.GetValue<long>();
        size.ShouldBe(3);
        var entry = new LedgerRecord(1, DateTimeOffset.Parse(doc["entry"]!["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(),
            doc["entry"]!["actor"]!.GetValue<string>(), "system.registered", doc["entry"]!["subject"]!.GetValue<string>(),
            doc["entry"]!["payload_sha256"]!.GetValue<string>(), doc["entry"]!["prev_hash"]!.GetValue<string>(), doc["entry"]!["hash"]!.GetValue<string>());
        MerkleProofs.VerifyInclusion(0, size, MerkleHashing.LedgerLeafHash(entry),
            [.. doc["inclusion_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()))],
            Convert.FromHexString(doc["checkpoint"]!["checkpoint"]!["root_hash"]!.GetValue<string>())).ShouldBeTrue();

        (await _client.GetAsync("/api/v1/ledger/999/proof", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var consistency = await _client.GetAsync("/api/v1/ledger/consistency?from=1&to=3", Ct);
        consistency.StatusCode.ShouldBe(HttpStatusCode.OK);
        var c = await consistency.ReadAsync();
        MerkleProofs.VerifyConsistency(1, 3, Convert.FromHexString(c["old_root_hash"]!.GetValue<string>()), Convert.FromHexString(c["new_root_hash"]!.GetValue<string>()),
            [.. c["consistency_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()))]).ShouldBeTrue();
        c["new_checkpoint"]!["checkpoint"]!["tree_size"]!.GetValue<long>().ShouldBe(3);

        var bad = await _client.GetAsync("/api/v1/ledger/consistency?from=3&to=1", Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadAsync())["errors"]!["to"]![0]!.GetValue<string>().ShouldBe("must be at least from (3)");
    }

    [Fact]
    public async Task I_can_read_the_history_of_a_system_a_dataset_and_an_actor_as_sentences()
    {
        var system = await _client.GetAsync("/api/v1/systems/resume-screening/history", Ct);
        system.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await system.ReadAsync();
        page["title"]!.GetValue<string>().ShouldBe("Résumé screening assistant");
        // Before the first user or key, loopback callers act as the setup administrator (actor setup:local-admin).
        page["items"]![0]!["sentence"]!.GetValue<string>().ShouldStartWith("Setup administrator registered AI system Résumé screening assistant at ");

        var dataset = await (await _client.GetAsync("/api/v1/datasets/cv-archive/history", Ct)).ReadAsync();
        dataset["items"]![0]!["summary"]!.GetValue<string>().ShouldBe("registered dataset CV archive");

        var actor = await (await _client.GetAsync("/api/v1/ledger/actors/setup:local-admin/history", Ct)).ReadAsync();
        actor["items"]!.AsArray().Count.ShouldBe(2);

        // Any subject, e.g. an evidence item: here the ledger's own checkpoint records.
        (await _client.PostAsync("/api/v1/ledger/checkpoints", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var subject = await (await _client.GetAsync("/api/v1/ledger/history?subject=ledger:checkpoints", Ct)).ReadAsync();
        subject["items"]![0]!["summary"]!.GetValue<string>().ShouldStartWith("signed a ledger checkpoint over 3 entries with key ");
        (await _client.GetAsync("/api/v1/ledger/history", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await _client.GetAsync("/api/v1/systems/nope/history", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _client.GetAsync("/api/v1/datasets/nope/history", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_server_signs_a_checkpoint_on_its_schedule()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scheduled = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Attest:CheckpointInterval", "00:10:00");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        });
        using var client = scheduled.CreateClient();
        (await client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        clock.Advance(TimeSpan.FromMinutes(10));
        HttpResponseMessage latest;
        var waited = 0;
        while ((latest = await client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct)).StatusCode != HttpStatusCode.OK && waited < 120_000)
        {
            await Task.Delay(100, Ct);
            waited += 100;
        }
        latest.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checkpoint = await latest.ReadAsync();
        checkpoint["time"]!.GetValue<string>().ShouldBe("2026-03-01T09:10:00.0000000Z");
        checkpoint["tree_size"]!.GetValue<long>().ShouldBe(3);
        LedgerKeyRing.Exists(_factory.DataDirectory).ShouldBeTrue();
    }

    [Fact]
    public async Task An_auditor_key_reads_checkpoints_and_proofs_but_may_not_sign_on_demand_and_signing_names_the_key()
    {
        var auditor = await _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "external audit", Roles = ["auditor"] }, CallerIdentity.Attest, Ct)).Value!);
        var lead = await _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "governance bot", Roles = ["governance_lead"] }, CallerIdentity.Attest, Ct)).Value!);

        (await _client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(HttpMethod.Post, "/api/v1/ledger/checkpoints", auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var signed = await SendAsync(HttpMethod.Post, "/api/v1/ledger/checkpoints", lead.Secret);
        signed.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Get, "/api/v1/ledger/1/proof", auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var history = await (await SendAsync(HttpMethod.Get, $"/api/v1/ledger/actors/key:{lead.Key.Id}/history", auditor.Secret)).ReadAsync();
        history["title"]!.GetValue<string>().ShouldBe("governance bot (API key)");
        var summaries = history["items"]!.AsArray().Select(i => i!["summary"]!.GetValue<string>()).ToList();
        summaries.ShouldHaveSingleItem().ShouldStartWith("signed a ledger checkpoint over ");
        // Its first signature also made the data directory's key, which Attest itself records.
        var attest = await (await SendAsync(HttpMethod.Get, "/api/v1/ledger/actors/system:attest/history", auditor.Secret)).ReadAsync();
        attest["items"]!.AsArray().Select(i => i!["summary"]!.GetValue<string>()).ShouldContain(s => s.StartsWith("created ledger signing key ", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string bearer)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return await _client.SendAsync(request, Ct);
    }
}
