namespace Attest.Core.Common;

/// <summary>
/// Identifiers as a type prefix plus a time-ordered UUIDv7 ("sys_0195a7c3…"), so ids sort by
/// creation and say what they name. Time comes from the injected clock.
/// </summary>
public sealed class IdGenerator(TimeProvider time)
{
    public string New(string prefix) => $"{prefix}_{Guid.CreateVersion7(time.GetUtcNow()):N}";
}
