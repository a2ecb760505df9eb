using System.CommandLine;
using Attest.Cli.Commands;

namespace Attest.Cli;

/// <summary>Builds the `attest` command tree; every verb lives in Commands/ as one small file.</summary>
public static class AttestCli
{
    public static RootCommand Build(CliConsole console) => Build(console, []);

    private static RootCommand Build(CliConsole console, IReadOnlyList<string> args)
    {
        var root = new RootCommand("Attest: the system of record for AI governance.");
        foreach (var command in CommandCatalog.For(args, console))
            root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = Build(console, args);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"attest: {parse.Errors[0].Message} (see 'attest --help')");
            return ExitCodes.BadInput;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync($"attest: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (CliCheckFailedException e)
        {
            await console.Error.WriteLineAsync($"attest: {e.Message}");
            return ExitCodes.CheckFailed;
        }
        catch (Attest.Core.Features.Ledger.LedgerKeyException e)
        {
            // The configured signing key cannot be used: say which and why, like any bad input.
            await console.Error.WriteLineAsync($"attest: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("attest: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("ATTEST_DEBUG") is null)
        {
            // A bug, not bad input: one line for the user, the details on request.
            await console.Error.WriteLineAsync($"attest: unexpected error ({e.GetType().Name}: {e.Message}). Set ATTEST_DEBUG=1 for details and please report it.");
            return ExitCodes.InternalError;
        }
    }
}
