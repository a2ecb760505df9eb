using Attest.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Attest.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Attest.Benchmarks -- csv FAIRNESS.csv DRIFT.csv   (CSV parsers side by side)
if (args.Length > 0 && args[0] == "csv")
    return CsvParserComparison.Run(args[1..]);
if (args.Length > 0 && args[0] == "phases")
    return Phases.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
