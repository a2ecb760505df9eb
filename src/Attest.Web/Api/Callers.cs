using Attest.Core.Common;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>Who is calling, as the authentication front door established it.</summary>
public static class Callers
{
    /// <summary>The authenticated caller, or null.</summary>
    public static CallerIdentity? Identity(HttpContext http) => AttestClaims.ToCaller(http.User);

    /// <summary>The caller as the governed write path sees it: with no credentials, a caller that holds no role.</summary>
    public static CallerIdentity Of(HttpContext http) => Identity(http) ?? CallerIdentity.Anonymous;

    /// <summary>What the caller may read (<see cref="Access.ReadScopeOf"/>): lists and documents filter by it.</summary>
    public static ReadScope ReadScope(HttpContext http) => Access.ReadScopeOf(Of(http));

    /// <summary>The actor the ledger records for this request.</summary>
    public static Actor Actor(HttpContext http) => Identity(http)?.Actor ?? Attest.Core.Common.Actor.Anonymous;
}
