using Attest.Core.Common;
using Attest.Core.Governance;
using Attest.Engine.Access;

namespace Attest.Core.Tests.Support;

public static class Actors
{
    /// <summary>An administrator user (no membership needed); the business owner named in <see cref="Inputs.System"/>.</summary>
    public static readonly CallerIdentity Dana = new(new Actor("user:dana", "Dana Kim"), [Roles.Admin], [], null, null);
}
