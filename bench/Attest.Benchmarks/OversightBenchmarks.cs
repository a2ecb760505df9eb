using System.Globalization;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.DataFiles;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Attest.Engine.Access;
using Attest.Engine.Inventory;
using Attest.Engine.Oversight;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Benchmarks;

/// <summary>
/// Runtime oversight: routing one decision by a six-rule policy (pure Engine; the baseline), reading a request body of
/// 1,000 decisions (parse, check, canonicalise, hash), and recording those 1,000 decisions on SQLite through the governed
/// change — one transaction, one Merkle batch, one ledger entry, committed with synchronous=FULL (acknowledged = on disk).
/// </summary>
[MemoryDiagnoser]
public class OversightBenchmarks
{
    private const int BatchSize = 1000;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly OversightPolicy _policy = ReadPolicy();
    private readonly DecisionFacts _facts = new("approve", 0.91, new Dictionary<string, double> { ["fraud_score"] = 0.2, ["debt_to_income"] = 0.4 },
        new Dictionary<string, FeatureValue> { ["annual_income"] = FeatureValue.Of(52_000), ["age"] = FeatureValue.Of(37) },
        "3f2a9c1d7e4b5a6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7", Ungoverned: false);
    private ServiceProvider _services = null!;
    private string _directory = "";
    private CallerIdentity _service = null!;
    private int _batch;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "attest-bench-oversight-" + Guid.NewGuid().ToString("N"));
        var settings = DatabaseSettings.ForDataDirectory(_directory);
        AttestDatabase.MigrateAsync(settings).GetAwaiter().GetResult();
        _services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
        using var scope = _services.CreateScope();
        var system = scope.ServiceProvider.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
        {
            Slug = "scoring",
            Name = "Scoring",
            Purpose = "Benchmark",
            BusinessOwner = "A",
            TechnicalOwner = "B",
            BusinessUnit = "C",
        }, CallerIdentity.Attest, CancellationToken.None).GetAwaiter().GetResult().Value!;
        scope.ServiceProvider.GetRequiredService<RegisterModelVersion>().ExecuteAsync("scoring", new ModelVersionInput
        {
            Name = "gbm",
            Version = "1.0.0",
            Kind = ModelKind.Predictive,
            Provider = ModelProvider.InHouse,
        }, CallerIdentity.Attest, CancellationToken.None).GetAwaiter().GetResult();
        _service = new CallerIdentity(new Actor("key:bench", "bench service"), [Roles.Service], [], system.Id, null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public DecisionRoute Route_a_decision() => OversightRouter.Route(_policy, _facts).Route;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Read_a_body_of_1000_decisions() => DecisionBodyReader.Read(Body(0), Now).Decisions.Count;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task<int> Record_1000_decisions_on_SQLite()
    {
        var body = DecisionBodyReader.Read(Body(Interlocked.Increment(ref _batch)), Now);
        var result = await _services.GetRequiredService<DecisionIngestPipeline>().SubmitAsync(_service, body, CancellationToken.None);
        return result.Value!.Batch.Accepted;
    }

    private static byte[] Body(int batch)
    {
        var sb = new StringBuilder("{\"decisions\":[");
        for (var i = 0; i < BatchSize; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(CultureInfo.InvariantCulture, $$$"""{"system":"scoring","model_version":"gbm@1.0.0","external_id":"b{{{batch}}}-{{{i}}}","occurred_at":"2026-03-01T11:59:00Z","input":{"application":{{{i}}},"batch":{{{batch}}}},"output":"{{{(i % 10 == 0 ? "decline" : "approve")}}}","confidence":{{{0.5 + (i % 50) / 100.0}}},"factors":{"fraud_score":{{{(i % 100) / 100.0}}}},"features":{"annual_income":{{{20_000 + i * 10}}},"age":{{{18 + i % 60}}}}}""");
        }
        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static OversightPolicy ReadPolicy()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Attest.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run from the repository.");
        var errors = new List<DataError>();
        var file = Path.Combine(root, "docs", "examples", "credit-scoring.oversight-policy.yaml");
        return OversightPolicyReader.Read(File.ReadAllText(file), file, yaml: true, null, errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors));
    }
}
