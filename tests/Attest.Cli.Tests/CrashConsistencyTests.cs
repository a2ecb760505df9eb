using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Cli.Tests;

/// <summary>
/// Killing the server in the middle of writes leaves no change without its ledger entry and no entry
/// without its change: both commit in one transaction or not at all.
/// </summary>
public sealed class CrashConsistencyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Killing_the_server_mid_write_never_separates_a_change_from_its_ledger_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "attest.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--data", _dir })
            info.ArgumentList.Add(a);
        using var server = Process.Start(info)!;
        var acknowledged = 0;
        try
        {
            using var startup = new CancellationTokenSource(CliRun.StartupCap);
            (await server.StandardOutput.ReadLineAsync(startup.Token))!.ShouldStartWith("Attest is running");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var writing = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !writing.IsCancellationRequested; i++)
                {
                    var body = $$"""{"slug":"s-{{w}}-{{i}}","name":"S","purpose":"p","business_owner":"a","technical_owner":"b","business_unit":"c"}""";
                    try
                    {
                        var response = await http.PostAsync("/api/v1/systems", new StringContent(body, Encoding.UTF8, "application/json"), CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref acknowledged);
                    }
                    catch (HttpRequestException) { return; }
                }
            }, CancellationToken.None)).ToList();

            // Kill once writes are flowing (the first ones can take seconds on a loaded machine), mid-stream.
            // Kill once a few dozen writes are acknowledged — a condition with a generous cap, not a fixed pause.
            for (var waited = 0; Volatile.Read(ref acknowledged) < 30 && waited < 120_000; waited += 50)
                await Task.Delay(50, ct);
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, mid-transaction
            await server.WaitForExitAsync(ct);
            await writing.CancelAsync();
            await Task.WhenAll(writers);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }

        acknowledged.ShouldBeGreaterThan(0, "the server was writing when it was killed");
        await using var db = AttestDatabase.CreateContext(DatabaseSettings.ForDataDirectory(_dir));
        var systems = await db.Systems.Select(s => s.Id).ToListAsync(ct);
        var registered = await db.Ledger.Where(e => e.Action == "system.registered").Select(e => e.Subject).ToListAsync(ct);
        systems.Count.ShouldBeGreaterThanOrEqualTo(acknowledged, "nothing acknowledged is lost");
        registered.Order().ShouldBe(systems.Select(id => $"system:{id}").Order(), "every system has its entry and every entry its system");
        var entries = await db.Ledger.OrderBy(e => e.Seq).ToListAsync(ct);
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Seq.ShouldBe(i + 1);
            entries[i].PrevHash.ShouldBe(i == 0 ? LedgerHashing.GenesisHash : entries[i - 1].Hash);
            LedgerHashing.ExpectedHash(entries[i].ToRecord()).ShouldBe(entries[i].Hash);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
