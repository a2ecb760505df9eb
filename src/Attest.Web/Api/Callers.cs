using Attest.Core.Common;

namespace Attest.Web.Api;

/// <summary>Who is calling. Until sign-in and API keys are configured every caller is anonymous.</summary>
internal static class Callers
{
    public static Actor Actor(HttpContext http) => Attest.Core.Common.Actor.Anonymous;
}
