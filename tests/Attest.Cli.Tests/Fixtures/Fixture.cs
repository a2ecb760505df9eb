using System.Runtime.CompilerServices;

namespace Attest.Cli.Tests.Fixtures;

/// <summary>Files copied into tests/Attest.Cli.Tests/Fixtures (see README.md there), found beside this source file.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(Path.GetDirectoryName(ThisFile())!, name);

    /// <summary>A file of the repository, e.g. docs/examples/... (the tests run from a build of the source tree).</summary>
    public static string RepoPath(string relative) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", relative));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
