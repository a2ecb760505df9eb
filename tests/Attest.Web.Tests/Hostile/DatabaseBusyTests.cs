using System.Net;
using Attest.Core.Data;
using Attest.Web.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Attest.Web.Tests.Hostile;

/// <summary>Issue 12, part 6: a write that cannot get SQLite's write lock in time answers 503 with Retry-After, never 500.</summary>
public sealed class DatabaseBusyTests
{
    [Fact(Skip = "SQLite's write lock; the SQLite pass runs it", SkipType = typeof(Attest.Core.Tests.Support.TestProvider), SkipWhen = nameof(Attest.Core.Tests.Support.TestProvider.IsPostgres))]
    public async Task A_write_blocked_by_a_held_lock_gets_503_with_Retry_After_and_succeeds_when_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new AttestWebFactory();
        using var client = factory.CreateClient();
        (await client.GetAsync("/health", ct)).EnsureSuccessStatusCode(); // migrated

        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, DatabaseSettings.SqliteFileName)}"))
        {
            await holder.OpenAsync(ct);
            await using var hold = holder.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync(ct); // another process holds the write lock for longer than the bounded wait

            var started = System.Diagnostics.Stopwatch.StartNew();
            var blocked = await client.PostJsonAsync("/api/v1/systems", Json.SystemJson("busy-probe"));

            var body = await blocked.Content.ReadAsStringAsync(ct);
            blocked.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
            blocked.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
            body.ShouldContain("nothing was written");
            started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(DatabaseSettings.SqliteBusyTimeoutSeconds * 6)); // bounded, not a hang
            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync(ct);
        }

        (await client.PostJsonAsync("/api/v1/systems", Json.SystemJson("busy-probe"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
