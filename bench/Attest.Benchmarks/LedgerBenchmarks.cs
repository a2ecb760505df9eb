using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Attest.Engine.Ledger;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Benchmarks;

/// <summary>
/// What a state change costs: sealing its ledger entry (pure hashing) against registering a system
/// end to end on SQLite (validation, transaction, ledger append, commit). The first is the baseline.
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private readonly JsonObject _payload = JsonNode.Parse("""{"slug":"credit-scoring","name":"Consumer credit scoring","jurisdictions":["EU","DE"],"version":3}""")!.AsObject();
    private ServiceProvider _services = null!;
    private string _directory = "";
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "attest-bench-" + Guid.NewGuid().ToString("N"));
        var settings = DatabaseSettings.ForDataDirectory(_directory);
        AttestDatabase.MigrateAsync(settings).GetAwaiter().GetResult();
        _services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public string Seal_an_entry() =>
        LedgerHashing.Seal(42, DateTimeOffset.UnixEpoch, "user:dana", "system.updated", "system:sys_1", LedgerHashing.PayloadDigest(_payload), LedgerHashing.GenesisHash).Hash;

    [Benchmark]
    public async Task<bool> Register_a_system_on_SQLite()
    {
        using var scope = _services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
        {
            Slug = $"system-{Interlocked.Increment(ref _n)}",
            Name = "Bench",
            Purpose = "Benchmark",
            BusinessOwner = "A",
            TechnicalOwner = "B",
            BusinessUnit = "C",
        }, CallerIdentity.Attest, CancellationToken.None);
        return result.IsOk;
    }
}
