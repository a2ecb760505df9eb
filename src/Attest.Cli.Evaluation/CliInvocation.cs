using System.CommandLine;

namespace Attest.Cli;

/// <summary>
/// Runs a parsed command line with the CLI's contract (<see cref="ExitCodes"/>): a parse error or bad input is one line on
/// standard error and exit 2, a failed check exit 1, a bug exit 70. Shared by the full <c>attest</c> and the Native AOT front.
/// </summary>
internal static class CliInvocation
{
    public const string RootDescription = "Attest: the system of record for AI governance.";

    /// <param name="isBadInput">Further exceptions that mean bad input (the full CLI's configured-key errors).</param>
    public static async Task<int> InvokeAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken, Func<Exception, bool>? isBadInput = null)
    {
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
        catch (Exception e) when (isBadInput?.Invoke(e) == true)
        {
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
