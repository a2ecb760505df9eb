using Attest.Core.Common;

namespace Attest.Core.Tests.Support;

public static class Actors
{
    public static readonly Actor Dana = new("user:dana", "Dana Kim");
}
