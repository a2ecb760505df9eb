using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>Who is calling, as the authentication front door established it.</summary>
public static class Callers
{
    public static CallerIdentity? Identity(HttpContext http) => AttestClaims.ToCaller(http.User);

    /// <summary>The actor the ledger records for this request.</summary>
    public static Actor Actor(HttpContext http) => Identity(http)?.Actor ?? Attest.Core.Common.Actor.Anonymous;
}
