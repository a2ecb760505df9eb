using Attest.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Attest.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project bench/Attest.Benchmarks -- import-bom 500 2000 10000
// dotnet run -c Release --project bench/Attest.Benchmarks -- ledger-verify 1000000
switch (args.FirstOrDefault())
{
    case "import-bom":
        await ImportBenchmark.RunAsync(args.Skip(1).Select(int.Parse));
        break;
    case "ledger-verify":
        await LedgerVerifyBenchmark.RunAsync(args.Skip(1).Select(int.Parse));
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
