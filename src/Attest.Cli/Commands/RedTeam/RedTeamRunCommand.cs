using System.CommandLine;
using System.Globalization;
using Attest.Core.DataFiles;
using Attest.Core.Features.RedTeam;
using Attest.Engine.RedTeam;
using Spectre.Console;

namespace Attest.Cli.Commands.RedTeam;

internal static class RedTeamRunCommand
{
    public static Command Create(CliConsole console)
    {
        var suite = new Option<string>("--suite") { Description = "A shipped suite's name (attest redteam suites) or a suite file.", Required = true, HelpName = "NAME|FILE" };
        var strategies = new Option<string[]>("--strategy") { Description = $"Also send each probe transformed (repeat): {string.Join(", ", Strategies.All)}.", HelpName = "S", Arity = ArgumentArity.OneOrMore };
        var target = new Option<string>("--target") { Description = "Target file (attest.redteam-target/v1): openai, http or recorded.", Required = true, HelpName = "FILE" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Probes in flight at once (default: the target file's, else 4).", HelpName = "N" };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds per attempt (default: the target file's, else 60).", HelpName = "S" };
        var retries = new Option<int?>("--retries") { Description = "Retries after a timeout, 429 or 5xx, with exponential backoff (default: the target file's, else 2).", HelpName = "N" };
        var rate = new Option<double?>("--rate-limit") { Description = "At most this many requests a second (default: the target file's, else none).", HelpName = "R" };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its journal (FILE.progress.jsonl next to --out)." };
        var judge = new Option<string?>("--judge") { Description = "Also ask an LLM judge (a target file you configure; never a default).", HelpName = "FILE" };
        var output = new RedTeamOutput();
        var command = new Command("run", "Send a probe suite (and strategy variants) to a target and grade the answers offline.");
        foreach (var o in new Option[] { suite, strategies, target, concurrency, timeout, retries, rate, resume, judge }) command.Options.Add(o);
        output.AddTo(command);
        command.SetAction(async (pr, ct) =>
        {
            var spec = output.Validate(pr);
            var chosen = pr.GetValue(strategies) ?? [];
            foreach (var s in chosen)
            {
                if (!Strategies.IsKnown(s)) throw new CliUsageException($"--strategy '{s}' is not one of {string.Join(", ", Strategies.All)}");
            }
            LoadedSuite loaded;
            TargetSpec targetSpec;
            TargetSpec? judgeSpec = null;
            try
            {
                loaded = ProbeSuiteLoader.Resolve(pr.GetValue(suite)!);
                targetSpec = TargetFile.Load(pr.GetValue(target)!);
                if (pr.GetValue(judge) is { } judgeFile) judgeSpec = TargetFile.Load(judgeFile);
            }
            catch (DataFileException e) { throw new CliUsageException(e.Message); }
            catch (FileNotFoundException e) { throw new CliUsageException("--suite: " + e.Message); }
            if (judgeSpec is null && loaded.Suite.Probes.FirstOrDefault(p => p.EffectiveGraders.Contains(Graders.LlmJudge)) is { } needsJudge)
                throw new CliUsageException($"probe {needsJudge.Id} ({needsJudge.Source}) asks for the llm_judge grader; configure the judge with --judge FILE (there is no default judge)");
            var options = new RunOptions
            {
                Strategies = chosen.Distinct(StringComparer.Ordinal).ToArray(),
                Concurrency = Check(pr.GetValue(concurrency), 1, 256, "--concurrency") ?? targetSpec.Concurrency,
                Timeout = TimeSpan.FromSeconds(pr.GetValue(timeout) is { } t ? (t is > 0 and <= 3600 ? t : throw new CliUsageException("--timeout must be between 0 and 3600 seconds")) : targetSpec.TimeoutSeconds),
                Retries = Check(pr.GetValue(retries), 0, 10, "--retries") ?? targetSpec.Retries,
                RateLimitPerSecond = pr.GetValue(rate) is { } r ? (r is >= 0 and <= 10000 ? r : throw new CliUsageException("--rate-limit must be between 0 and 10000")) : targetSpec.RateLimitPerSecond,
                JournalPath = pr.GetValue(output.Out) + ".progress.jsonl",
                Resume = pr.GetValue(resume),
            };
            if (!options.Resume && File.Exists(options.JournalPath))
            {
                var lines = File.ReadLines(options.JournalPath).Count() - 1;
                throw new CliUsageException($"{options.JournalPath} holds {lines} answers of an interrupted run; add --resume to continue it, or delete the file to start over");
            }
            IRedTeamTarget client;
            LlmJudge? llmJudge;
            try
            {
                client = Targets.Create(targetSpec);
                llmJudge = judgeSpec is null ? null : new LlmJudge(Targets.Create(judgeSpec));
            }
            catch (Exception e) when (e is TargetConfigurationException or ResponsesFileException) { throw new CliUsageException(e.Message); }
            var total = RedTeamRunner.Plan(loaded.Suite, options.Strategies).Count;
            RedTeamReport report;
            try
            {
                if (console.Ansi.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
                {
                    report = await console.Ansi.Progress().AutoClear(true).StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"{loaded.Suite.Id} → {Markup.Escape(targetSpec.Name.Length > 0 ? targetSpec.Name : targetSpec.Kind.ToString())}", maxValue: total);
                        return await RedTeamGrading.RunAsync(loaded, targetSpec, client, options, console.Time, llmJudge, new Progress<int>(n => task.Value = n), ct);
                    });
                }
                else
                {
                    report = await RedTeamGrading.RunAsync(loaded, targetSpec, client, options, console.Time, llmJudge, null, ct);
                }
            }
            catch (Exception e) when (e is TargetConfigurationException or JournalMismatchException) { throw new CliUsageException(e.Message); }
            var code = await output.FinishAsync(console, pr, spec, report, ct);
            File.Delete(options.JournalPath);
            return code;
        });
        return command;
    }

    private static int? Check(int? value, int min, int max, string name) =>
        value is null ? null : value >= min && value <= max ? value : throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}"));
}
