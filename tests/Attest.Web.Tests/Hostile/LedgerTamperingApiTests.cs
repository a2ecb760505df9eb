using System.Net;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Tests.Support;
using Attest.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Tests.Hostile;

/// <summary>
/// Issue 12, part 1 over HTTP: a ledger row edited in the database (triggers dropped) is an integrity alarm —
/// /health degraded with the reason, the entry marked in the API, its proof a 409 problem, never a bare 500.
/// </summary>
public sealed class LedgerTamperingApiTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient(); // setup mode is off in the demo: use a key
        var key = _factory.WithServiceAsync<Attest.Core.Features.Identity.CreateApiKey, Attest.Core.Features.Identity.CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new() { Name = "auditor", Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!).GetAwaiter().GetResult();
        _client.DefaultRequestHeaders.Authorization = new("Bearer", key.Secret);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private Task EditAsync(string sql, params object[] parameters) => _factory.WithServiceAsync<AttestDbContext, int>(async db =>
    {
        await db.Database.DropAppendOnlyTriggersAsync(Ct);
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, Ct);
    });

    [Fact]
    public async Task Health_is_degraded_with_the_reason_when_an_edited_actor_is_read()
    {
        var health = JsonNode.Parse(await _client.GetStringAsync("/health", Ct))!;
        health["status"]!.GetValue<string>().ShouldBe("healthy");

        await EditAsync("UPDATE ledger_entries SET \"Actor\" = 'user:mallory' WHERE \"Seq\" = 150");

        var proof = await _client.GetAsync("/api/v1/ledger/150/proof", Ct);
        var problem = await proof.Content.ReadAsStringAsync(Ct);
        proof.StatusCode.ShouldBe(HttpStatusCode.Conflict, problem);
        proof.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        problem.ShouldContain("ledger entry seq 150 was changed in the database");

        var degraded = await _client.GetAsync("/health", Ct);
        var body = JsonNode.Parse(await degraded.Content.ReadAsStringAsync(Ct))!;
        body["status"]!.GetValue<string>().ShouldBe("degraded");
        body["checks"]!["ledger"]!["description"]!.GetValue<string>().ShouldContain("ledger entry seq 150 was changed in the database");
    }

    [Fact]
    public async Task The_ledger_API_marks_a_payload_edited_in_the_database()
    {
        var page = JsonNode.Parse(await _client.GetStringAsync("/api/v1/ledger?after_seq=10&limit=5", Ct))!;
        var seq = page["items"]![2]!["seq"]!.GetValue<long>();
        await EditAsync("UPDATE ledger_entries SET \"PayloadJson\" = {0} WHERE \"Seq\" = {1}", "{\"decision\":\"no_go\"}", seq);

        var items = JsonNode.Parse(await _client.GetStringAsync("/api/v1/ledger?after_seq=10&limit=5", Ct))!["items"]!.AsArray();

        items[2]!["integrity_problem"]!.GetValue<string>().ShouldBe($"ledger entry seq {seq} was changed in the database: its payload does not match its payload_sha256");
        items[1]!["integrity_problem"].ShouldBeNull();
        (await _client.PostAsync("/api/v1/ledger/checkpoints", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict); // nothing is signed now
        var html = await _client.GetStringAsync("/ledger", Ct);
        html.ShouldContain("Integrity alarm.");
    }
}
