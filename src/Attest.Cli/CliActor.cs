using Attest.Core.Common;

namespace Attest.Cli;

/// <summary>Who the ledger names for changes made through the CLI on a local data directory: the operating-system user.</summary>
internal static class CliActor
{
    public static Actor Current => Actor.LocalOperator(Environment.UserName);
}
