using System.Diagnostics;
using Attest.Evaluation.Input;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Evaluation.Fairness;

namespace Attest.Benchmarks;

/// <summary>Where the time of an evaluation goes, phase by phase, in one warm process (for profiling, not for the ratio table).</summary>
public static class Phases
{
    public static int Run(string[] args)
    {
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            void Mark(string phase)
            {
                var now = Process.GetCurrentProcess().TotalProcessorTime;
                Console.WriteLine($"  {phase,-12} {sw.Elapsed.TotalMilliseconds,7:F0} ms wall {(now - cpu).TotalMilliseconds,7:F0} ms cpu");
                cpu = now;
                sw.Restart();
            }
            Console.WriteLine($"round {round}");
            if (args[0] == "drift")
            {
                var table = DriftTableReader.Read(() => File.OpenRead(args[1]), args[1], () => File.OpenRead(args[2]), args[2], null, null);
                Mark("read");
                DriftEvaluator.Evaluate(table.Columns);
                Mark("evaluate");
            }
            else
            {
                var input = PredictionLogReader.Read(File.OpenRead(args[1]), args[1], new PredictionLogOptions("y", "pred", "score", ["group"]));
                Mark("read");
                var boot = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
                FairnessEvaluator.Evaluate(input, new FairnessOptions { BootstrapResamples = boot, Random = new Random(1) });
                Mark("evaluate");
            }
        }
        return 0;
    }
}
