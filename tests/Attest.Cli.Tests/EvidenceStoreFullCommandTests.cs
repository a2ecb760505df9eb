using System.Diagnostics;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests;

/// <summary>
/// Issue 18: <c>attest evidence add</c> when the evidence store's volume is full — a real 1 MiB tmpfs mounted on
/// <c>DATA/blobs</c> (needs root; skipped elsewhere, saying why): one line naming the store, exit 2, nothing recorded.
/// </summary>
public sealed class EvidenceStoreFullCommandTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("attest-full-").FullName;
    private string Data => Path.Combine(_root, "data");
    private string Blobs => Path.Combine(Data, "blobs");
    private bool _mounted;

    public async ValueTask InitializeAsync()
    {
        var settings = DatabaseSettings.ForDataDirectory(Data);
        await AttestDatabase.MigrateAsync(settings);
        await using (var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider())
        await using (var scope = services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
            {
                Slug = "scoring",
                Name = "Scoring",
                Purpose = "Fault test",
                BusinessOwner = "A",
                TechnicalOwner = "B",
                BusinessUnit = "C",
            }, CallerIdentity.Attest, CancellationToken.None)).IsOk.ShouldBeTrue();
        }
        Directory.CreateDirectory(Blobs);
        _mounted = await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", Blobs) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_mounted) await RunAsync("umount", "--lazy", Blobs);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Evidence_add_on_a_full_store_prints_one_line_naming_the_store_and_exits_2()
    {
        if (!_mounted) Assert.Skip("Mounting a small tmpfs needs root (mount -t tmpfs); this test simulates a full volume with one.");
        var file = Path.Combine(_root, "report.bin");
        await File.WriteAllBytesAsync(file, new byte[2 * 1024 * 1024], TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("evidence", "add", "--system", "scoring", "--type", "fairness_report", "--file", file, "--data", Data);

        run.ExitCode.ShouldBe(ExitCodes.BadInput);
        run.Out.ShouldBeEmpty();
        var line = run.Error.TrimEnd('\n', '\r');
        line.ShouldNotContain('\n');
        line.ShouldStartWith("attest: The evidence store (");
        line.ShouldContain("has no room for this file");
        line.ShouldContain("nothing was stored");
        await using var db = AttestDatabase.CreateContext(DatabaseSettings.ForDataDirectory(Data));
        (await db.Evidence.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.Ledger.CountAsync(e => e.Action == "evidence.added", TestContext.Current.CancellationToken)).ShouldBe(0);
        Directory.EnumerateFiles(Blobs, "*", SearchOption.AllDirectories).ShouldBeEmpty("no partial file is left in the store");
    }

    private static async Task<int> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
