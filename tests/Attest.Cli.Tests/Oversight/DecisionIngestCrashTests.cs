using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Cli.Tests.Oversight;

/// <summary>
/// Killing the server (SIGKILL) while batches of decisions are being logged loses no acknowledged decision and leaves no
/// batch half-written: every stored decision belongs to a whole batch whose Merkle root is on the ledger.
/// </summary>
public sealed class DecisionIngestCrashTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-decision-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Killing_the_server_mid_batch_loses_no_acknowledged_decision_and_half_writes_none()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = OversightCommandTests.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "attest.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--data", _dir })
            info.ArgumentList.Add(a);
        using var server = Process.Start(info)!;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            using var startup = new CancellationTokenSource(CliRun.StartupCap);
            (await server.StandardOutput.ReadLineAsync(startup.Token))!.ShouldStartWith("Attest is running");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            (await http.PostAsync("/api/v1/systems", Body("""{"slug":"scoring","name":"Scoring","purpose":"p","business_owner":"a","technical_owner":"b","business_unit":"c"}"""), ct))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
            (await http.PostAsync("/api/v1/systems/scoring/models", Body("""{"name":"gbm","version":"1.0.0","kind":"predictive","provider":"in_house"}"""), ct))
                .StatusCode.ShouldBe(HttpStatusCode.Created);

            using var writing = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
            {
                for (var b = 0; !writing.IsCancellationRequested; b++)
                {
                    var ids = Enumerable.Range(0, 500).Select(i => $"w{w}-b{b}-{i}").ToList();
                    var body = "{\"decisions\":[" + string.Join(",", ids.Select(id =>
                        $$"""{"system":"scoring","model_version":"gbm@1.0.0","external_id":"{{id}}","occurred_at":"2026-01-01T00:00:00Z","input_digest":"{{new string('a', 64)}}","output":"approve","confidence":0.9}""")) + "]}";
                    try
                    {
                        using var response = await http.PostAsync("/api/v1/decisions", Body(body), CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.OK)
                            foreach (var id in ids) acknowledged.Add(id);
                    }
                    catch (HttpRequestException) { return; }
                    catch (TaskCanceledException) { return; }
                }
            }, CancellationToken.None)).ToList();

            // Kill mid-stream once several batches are acknowledged — a condition with a generous cap, not a fixed pause.
            for (var waited = 0; acknowledged.Count < 2_000 && waited < 180_000; waited += 50)
                await Task.Delay(50, ct);
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, mid-batch
            await server.WaitForExitAsync(ct);
            await writing.CancelAsync();
            await Task.WhenAll(writers);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }

        acknowledged.ShouldNotBeEmpty("the server was logging decisions when it was killed");
        await using var db = AttestDatabase.CreateContext(DatabaseSettings.ForDataDirectory(_dir));
        var stored = (await db.Decisions.Select(d => d.ExternalId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        acknowledged.Where(id => !stored.Contains(id)).ShouldBeEmpty("nothing acknowledged is lost");

        var batches = await db.DecisionBatches.ToListAsync(ct);
        var entries = await db.Ledger.Where(e => e.Action == "decisions.batch_recorded").ToDictionaryAsync(e => e.Seq, ct);
        var rows = (await db.Decisions.ToListAsync(ct)).GroupBy(r => r.BatchId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.BatchIndex).ToList());
        rows.Keys.Order(StringComparer.Ordinal).ShouldBe(batches.Select(b => b.Id).Order(StringComparer.Ordinal), "every decision belongs to a recorded batch");
        foreach (var batch in batches)
        {
            var members = rows[batch.Id];
            members.Count.ShouldBe(batch.Count, "no batch is half-written");
            var tree = new MerkleTree();
            foreach (var row in members) tree.AppendLeafHash(row.LeafHash);
            Convert.ToHexStringLower(tree.RootHash()).ShouldBe(batch.RootHash);
            JsonNode.Parse(entries[batch.LedgerSeq].PayloadJson)!["root_hash"]!.GetValue<string>().ShouldBe(batch.RootHash, "the batch root is on the ledger");
        }
        var ledger = await db.Ledger.OrderBy(e => e.Seq).ToListAsync(ct);
        for (var i = 0; i < ledger.Count; i++)
        {
            ledger[i].PrevHash.ShouldBe(i == 0 ? LedgerHashing.GenesisHash : ledger[i - 1].Hash);
            LedgerHashing.ExpectedHash(ledger[i].ToRecord()).ShouldBe(ledger[i].Hash);
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
