using System.Net;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Tests.Operations;

/// <summary>/ready: 200 once the database answers and is migrated; a 503 problem naming the missing migration otherwise.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_answers_anonymously_once_migrated_and_names_a_migration_that_is_not_applied()
    {
        using var client = _factory.CreateAnonymousClient();

        var ready = await client.GetAsync("/ready", Ct);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await ready.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>().ShouldBe("ready");

        // As if the newest migration had not run: its history row is gone.
        var newest = await _factory.WithServiceAsync<AttestDbContext, string>(async db =>
        {
            var last = db.Database.GetMigrations().Last();
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"__ef_migrations\" WHERE \"MigrationId\" = {last}", Ct);
            return last;
        });

        var notReady = await client.GetAsync("/ready", Ct);
        notReady.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        notReady.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await notReady.Content.ReadAsStringAsync(Ct))!;
        problem["detail"]!.GetValue<string>().ShouldContain(newest);
        (await client.GetAsync("/health", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "liveness does not depend on migrations");
    }
}
