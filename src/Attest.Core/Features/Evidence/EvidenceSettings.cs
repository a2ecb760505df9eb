namespace Attest.Core.Features.Evidence;

/// <summary>Limits of the evidence store (configuration Attest:MaxEvidenceBytes on the server).</summary>
public sealed record EvidenceSettings(long MaxBytes)
{
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    public static EvidenceSettings Default { get; } = new(DefaultMaxBytes);
}
