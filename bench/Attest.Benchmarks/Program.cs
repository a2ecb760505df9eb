using Attest.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Attest.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project bench/Attest.Benchmarks -- import-bom 500 2000 10000
// dotnet run -c Release --project bench/Attest.Benchmarks -- ledger-verify 1000000
// dotnet run -c Release --project bench/Attest.Benchmarks -- ledger-export 1000000 FILE   (keeps FILE and FILE.key)
// dotnet run -c Release --project bench/Attest.Benchmarks -- monitor-run 100000 1000000
// dotnet run -c Release --project bench/Attest.Benchmarks -- monitor-due 100
// dotnet run -c Release --project bench/Attest.Benchmarks -- oversight-http 500000 20 10000000   (ingest, ask, trace over HTTP)
// dotnet run -c Release --project bench/Attest.Benchmarks -- oversight-nats 200000 1000 4   (ingest with two instances on PostgreSQL, direct and through NATS)
// dotnet run -c Release --project bench/Attest.Benchmarks -- mixed 500 30 20   (80 % reads / 20 % writes on two `attest serve` processes on PostgreSQL, then failover: one killed)
// dotnet run -c Release --project bench/Attest.Benchmarks -- csv FAIRNESS.csv DRIFT.csv   (CSV parsers side by side)
// dotnet run -c Release --project bench/Attest.Benchmarks -- redteam-overhead jbb-behaviors 20 16 5   (runner cost beyond the target)
// dotnet run -c Release --project bench/Attest.Benchmarks -- redteam-mock PORT DELAY_MS   (the mock target alone)
switch (args.FirstOrDefault())
{
    case "import-bom":
        await ImportBenchmark.RunAsync(args.Skip(1).Select(int.Parse));
        return 0;
    case "ledger-verify":
        await LedgerVerifyBenchmark.RunAsync(args.Skip(1).Select(int.Parse));
        return 0;
    case "ledger-export":
        await LedgerVerifyBenchmark.ExportAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
        return 0;
    case "monitor-run":
        await MonitorRunBenchmark.RunAsync(args.Skip(1).Select(int.Parse));
        return 0;
    case "monitor-due":
        await MonitorDueBenchmark.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000);
        return 0;
    case "csv":
        return CsvParserComparison.Run(args[1..]);
    case "oversight-http": return await OversightHttpBenchmark.RunAsync(args[1..]);
    case "oversight-nats": return await OversightNatsBenchmark.RunAsync(args[1..]);
    case "mixed": return await MixedTrafficBenchmark.RunAsync(args[1..]);
    case "redteam-overhead": return await RedTeamRunOverhead.RunAsync(args[1..]);
    case "redteam-mock": return await RedTeamRunOverhead.ServeAsync(args[1..]);
    case "phases":
        return Phases.Run(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(OversightBenchmarks).Assembly).Run(args);
        return 0;
}
