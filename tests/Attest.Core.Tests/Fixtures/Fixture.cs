using System.Runtime.CompilerServices;

namespace Attest.Core.Tests.Fixtures;

/// <summary>Files copied into tests/.../Fixtures (see README.md there), found beside this source file.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(Path.GetDirectoryName(ThisFile())!, name);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
