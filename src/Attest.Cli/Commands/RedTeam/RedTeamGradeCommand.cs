using System.CommandLine;
using Attest.Core.Features.RedTeam;
using Attest.Engine.RedTeam;

namespace Attest.Cli.Commands.RedTeam;

internal static class RedTeamGradeCommand
{
    public static Command Create(CliConsole console)
    {
        var responses = new Option<string>("--responses") { Description = "JSONL: one object per line with prompt and response, optionally id, goal, category.", Required = true, HelpName = "FILE.jsonl" };
        var graders = new Option<string[]>("--grader") { Description = $"Graders to apply (repeat; default compliance): {string.Join(", ", Graders.All.Where(g => g is not (Graders.LlmJudge or Graders.Json or Graders.Leakage or Graders.Pattern)))}.", HelpName = "G", Arity = ArgumentArity.OneOrMore };
        var output = new RedTeamOutput();
        var command = new Command("grade", "Grade recorded responses offline; the report lists a verdict per line, in input order.");
        command.Options.Add(responses);
        command.Options.Add(graders);
        output.AddTo(command);
        command.SetAction(async (pr, ct) =>
        {
            var spec = output.Validate(pr);
            var chosen = pr.GetValue(graders) is { Length: > 0 } g ? g : [Graders.Compliance];
            foreach (var name in chosen)
            {
                if (name is not (Graders.Compliance or Graders.Pii or Graders.Markup))
                    throw new CliUsageException($"--grader '{name}' cannot grade a responses file; use compliance, pii or markup");
            }
            var path = pr.GetValue(responses)!;
            RedTeamReport report;
            try
            {
                report = RedTeamGrading.GradeResponses(path, chosen, console.Time, path);
            }
            catch (ResponsesFileException e)
            {
                throw new CliUsageException(e.Message);
            }
            return await output.FinishAsync(console, pr, spec, report, ct);
        });
        return command;
    }
}
