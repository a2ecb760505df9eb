using Attest.Core.Common;
using Attest.Core.Governance;

namespace Attest.Cli;

/// <summary>
/// Who acts for the CLI on a local data directory: the operating-system user, as a local administrator (whoever holds
/// the database file can do anything an administrator can; the ledger names them <c>local:&lt;user&gt;</c>).
/// </summary>
internal static class CliActor
{
    public static CallerIdentity Caller => CallerIdentity.LocalAdministrator(Environment.UserName);

    public static Actor Current => Caller.Actor;
}
