using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Attest.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
