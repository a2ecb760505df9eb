namespace Attest.Cli;

/// <summary>The CLI's contract with CI systems.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A check or gate ran and failed.</summary>
    public const int CheckFailed = 1;
    /// <summary>Bad input or usage; one readable line on stderr.</summary>
    public const int BadInput = 2;
    /// <summary>A bug in Attest (EX_SOFTWARE).</summary>
    public const int InternalError = 70;
    /// <summary>Interrupted by Ctrl+C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}

/// <summary>Thrown by a command for bad input; the CLI prints the message as one line and exits 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>Thrown by a command whose check failed (e.g. an altered ledger refused to export); the CLI prints the message and exits 1.</summary>
public sealed class CliCheckFailedException(string message) : Exception(message);
