using Attest.Cli;
using Attest.Cli.Front;

// `attest evaluate …` without evidence options runs here; anything else is the full attest's.
if (!EvaluationCli.Handles(args))
    return FullAttest.Exec(args);
var console = CliConsole.Standard;
var parse = EvaluationCli.Root(console, () => new NoEvidence()).Parse(args);
if (parse.Errors.Count == 0 && Attest.Cli.Commands.Evaluation.ReportEvidence.IsNamed(parse))
    return FullAttest.Exec(args);   // storing the report as evidence needs the database or the server client
return await CliInvocation.InvokeAsync(parse, console, CancellationToken.None);
