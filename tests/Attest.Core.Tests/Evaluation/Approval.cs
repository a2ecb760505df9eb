using System.Runtime.CompilerServices;

namespace Attest.Core.Tests.Evaluation;

/// <summary>Golden files: compares text to Approved/NAME.approved.EXT next to this file; on a mismatch writes NAME.received.EXT to diff and approve.</summary>
internal static class Approval
{
    public static void Verify(string actual, string name, string extension, [CallerFilePath] string caller = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(caller)!, "Approved");
        var approved = Path.Combine(folder, $"{name}.approved.{extension}");
        var received = Path.Combine(folder, $"{name}.received.{extension}");
        var normalized = actual.ReplaceLineEndings("\n");
        if (File.Exists(approved) && File.ReadAllText(approved).ReplaceLineEndings("\n") == normalized)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, normalized);
        throw new ShouldAssertException($"{name}: output differs from {approved}; inspect {received} and rename it to approve");
    }
}
