using Attest.Cli;
using Attest.Cli.Front;

// `attest evaluate …` of CSV files without evidence options runs here; anything else is the full attest's.
if (!EvaluationCli.Handles(args))
    return FullAttest.Exec(args);
var console = CliConsole.Standard;
var parse = EvaluationCli.Root(console, () => new NoEvidence()).Parse(args);
if (parse.Errors.Count == 0 && FullAttest.Needed(parse))
    return FullAttest.Exec(args);
return await CliInvocation.InvokeAsync(parse, console, CancellationToken.None);
