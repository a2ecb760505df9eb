using System.CommandLine;
using Attest.Evaluation.Input;
using Attest.Evaluation.Policy;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;

namespace Attest.Cli.Commands.Evaluation;

internal static class EvaluateFairnessCommand
{
    public const int DefaultResamples = 1000;
    public const int DefaultSeed = 12345;

    /// <summary>
    /// The most resamples accepted: 100 000 (percentile intervals settle long before; each resample keeps one
    /// number per metric and group, so a billion would need tens of gigabytes).
    /// </summary>
    public const int MaxResamples = 100_000;

    public static Command Create(CliConsole console, Func<ReportEvidence> newEvidence)
    {
        var input = new Option<string>("--input") { Description = "Prediction log (CSV, RFC 4180, UTF-8).", Required = true };
        var label = new Option<string>("--label") { Description = "Column with the true outcome.", Required = true };
        var prediction = new Option<string>("--prediction") { Description = "Column with the model's decision.", Required = true };
        var score = new Option<string?>("--score") { Description = "Column with the predicted probability in [0, 1] (ROC AUC, log loss, Brier, calibration)." };
        var sensitive = new Option<string[]>("--sensitive") { Description = "Sensitive feature column(s), comma-separated or repeated.", Required = true, Arity = ArgumentArity.OneOrMore };
        var intersections = new Option<bool>("--intersections") { Description = "Also evaluate the intersection of all sensitive features (key a&b, groups 'x | y')." };
        var positive = new Option<string?>("--positive-label") { Description = "The positive class of label and prediction (default: 1/true/yes vs 0/false/no)." };
        var reference = new Option<string[]>("--reference-group") { Description = "FEATURE=VALUE reference for impact ratios (default: highest selection rate). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var bootstrap = new Option<int?>("--bootstrap") { Description = $"Bootstrap resamples for confidence intervals (no value: {DefaultResamples}).", Arity = ArgumentArity.ZeroOrOne };
        var seed = new Option<int>("--seed") { Description = "Seed for the bootstrap.", DefaultValueFactory = _ => DefaultSeed };
        var policy = new Option<string?>("--policy") { Description = "Policy file (YAML); exit code 1 when a rule fails." };
        var minGroup = new Option<int>("--min-group-size") { Description = "Warn about groups smaller than this.", DefaultValueFactory = _ => 30 };
        var delimiter = new Option<string?>("--delimiter") { Description = "',', ';' or 'tab' (default: detected from the header)." };
        var format = new Option<string?>("--format") { Description = "json, md or html (default: summary table, or from the --output extension)." };
        var output = new Option<string?>("--output") { Description = "Write the report to this file." };

        var command = new Command("fairness", "Classification and score metrics per group, Fairlearn disparities, impact ratios and intervals.");
        foreach (var o in new Option[] { input, label, prediction, score, sensitive, intersections, positive, reference, bootstrap, seed, policy, minGroup, delimiter, format, output })
            command.Options.Add(o);
        var evidence = newEvidence();
        evidence.AddTo(command);

        command.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(input)!;
            var outputSpec = ReportOutput.From(pr.GetValue(format), pr.GetValue(output));
            evidence.Validate(pr);
            var sensitiveColumns = pr.GetValue(sensitive)!
                .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray();
            var resamples = pr.GetResult(bootstrap) is null ? 0 : pr.GetValue(bootstrap) ?? DefaultResamples;
            if (resamples is < 0 or > MaxResamples)
                throw new CliUsageException($"--bootstrap {resamples}: give 0 to {MaxResamples:N0} resamples (1000 is usual; intervals do not improve much past 10 000)");
            if (pr.GetValue(minGroup) < 0)
                throw new CliUsageException($"--min-group-size {pr.GetValue(minGroup)}: give 0 or more rows");
            var rules = pr.GetValue(policy) is { } policyPath ? ReadPolicy(policyPath) : null;
            var references = ParseReferences(pr.GetValue(reference) ?? []);
            var options = new PredictionLogOptions(pr.GetValue(label)!, pr.GetValue(prediction)!, pr.GetValue(score), sensitiveColumns,
                pr.GetValue(positive), ReportOutput.ParseDelimiter(pr.GetValue(delimiter)));

            using var stream = ReportOutput.OpenInput(path, "--input");
            var data = await LongRun.ReadAsync(console, stream, "Reading " + Path.GetFileName(path),
                progress => ReportOutput.Guard(() => PredictionLogReader.Read(stream, path, options, progress)));

            var fairnessOptions = new FairnessOptions
            {
                Intersections = pr.GetValue(intersections),
                ReferenceGroups = references,
                BootstrapResamples = resamples,
                Random = resamples > 0 ? new Random(pr.GetValue(seed)) : null,
                MinimumGroupSize = pr.GetValue(minGroup),
            };
            FairnessReport report;
            PolicyResult? verdict = null;
            try
            {
                report = FairnessEvaluator.Evaluate(data, fairnessOptions);
                if (rules is not null) verdict = PolicyEvaluator.Evaluate(rules, report);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message);
            }

            var info = new FairnessRunInfo(path, pr.GetValue(seed));
            if (outputSpec.SummaryOnly)
                FairnessSummary.Render(console.Ansi, report, verdict);
            else
            {
                await outputSpec.WriteAsync(console,
                    w => FairnessJson.Write(w, report, info, verdict),
                    () => FairnessMarkdown.Render(report, info, verdict),
                    () => FairnessHtml.Render(report, info, verdict), ct);
                if (outputSpec.Path is not null) FairnessSummary.Render(console.Ansi, report, verdict);
            }
            await evidence.StoreAsync(console, pr, "fairness_report", "fairness-report.json",
                $"Fairness evaluation of {report.N} rows by {string.Join(", ", sensitiveColumns)}" + (verdict is null ? "." : verdict.Passed ? "; policy passed." : "; policy failed."),
                w => FairnessJson.Write(w, report, info, verdict), ct);
            return verdict is { Passed: false } ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    internal static IReadOnlyList<PolicyRule> ReadPolicy(string path)
    {
        var text = CliFiles.ReadText(path, CliFiles.MaxIntakeFileBytes);
        return ReportOutput.Guard(() => PolicyFile.Parse(text, path));
    }

    private static Dictionary<string, string> ParseReferences(string[] values)
    {
        var result = new Dictionary<string, string>();
        foreach (var v in values)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CliUsageException($"--reference-group '{v}' is not FEATURE=VALUE");
            result[v[..eq].Trim()] = v[(eq + 1)..];
        }
        return result;
    }
}
