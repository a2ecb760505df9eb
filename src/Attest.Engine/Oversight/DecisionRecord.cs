using System.Text;
using Attest.Engine.Classification;
using Attest.Engine.Ledger;

namespace Attest.Engine.Oversight;

/// <summary>A decision's output: a text or a number (kept as its canonical JSON text).</summary>
public readonly record struct DecisionOutput(string Text, bool IsNumber)
{
    public static DecisionOutput OfNumber(double value) => new(CanonicalText.Number(value), true);

    public static DecisionOutput OfText(string text) => new(text, false);

    public override string ToString() => Text;
}

/// <summary>
/// One decision as recorded: what the production system sent and what Attest decided about it. Its canonical JSON
/// (format <c>attest.decision/v1</c>) is the leaf of its batch's RFC 6962 Merkle tree, whose root is one ledger entry,
/// so a decision's inclusion is provable up to a signed checkpoint. Protected attributes enter only as a digest: they
/// are kept for monitoring but never shown, and the proof still covers them.
/// </summary>
public sealed record DecisionRecord
{
    public const string Format = "attest.decision/v1";

    public required string Id { get; init; }
    public required string SystemId { get; init; }
    public required string ModelVersionId { get; init; }
    /// <summary>name@version.</summary>
    public required string ModelVersion { get; init; }
    public string? DeploymentId { get; init; }
    public required string ExternalId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public required string InputDigest { get; init; }
    public required DecisionOutput Output { get; init; }
    public double? Confidence { get; init; }
    public IReadOnlyDictionary<string, double> Factors { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, FeatureValue> Features { get; init; } = new Dictionary<string, FeatureValue>();
    public string? AttributesSha256 { get; init; }
    public bool Ungoverned { get; init; }
    public required DecisionRoute Route { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public int? PolicyVersion { get; init; }
    public string? PolicySha256 { get; init; }

    /// <summary>The leaf input: canonical JSON of every field, keys in code-unit order.</summary>
    public string ToCanonicalJson()
    {
        var sb = new StringBuilder(512);
        sb.Append("{\"attributes_sha256\":");
        OptionalString(sb, AttributesSha256);
        sb.Append(",\"confidence\":");
        if (Confidence is { } c) CanonicalText.AppendNumber(sb, c); else sb.Append("null");
        sb.Append(",\"deployment_id\":");
        OptionalString(sb, DeploymentId);
        sb.Append(",\"external_id\":");
        CanonicalText.AppendString(sb, ExternalId);
        sb.Append(",\"factors\":");
        CanonicalText.AppendNumbers(sb, Factors);
        sb.Append(",\"features\":");
        CanonicalText.AppendFeatures(sb, Features);
        sb.Append(",\"format\":\"").Append(Format).Append('"');
        sb.Append(",\"id\":");
        CanonicalText.AppendString(sb, Id);
        sb.Append(",\"input_digest\":");
        CanonicalText.AppendString(sb, InputDigest);
        sb.Append(",\"model_version\":");
        CanonicalText.AppendString(sb, ModelVersion);
        sb.Append(",\"model_version_id\":");
        CanonicalText.AppendString(sb, ModelVersionId);
        sb.Append(",\"occurred_at\":");
        CanonicalText.AppendString(sb, LedgerHashing.FormatTime(OccurredAt));
        sb.Append(",\"output\":");
        if (Output.IsNumber) sb.Append(Output.Text); else CanonicalText.AppendString(sb, Output.Text);
        sb.Append(",\"policy_sha256\":");
        OptionalString(sb, PolicySha256);
        sb.Append(",\"policy_version\":");
        if (PolicyVersion is { } v) sb.Append(v.ToString(System.Globalization.CultureInfo.InvariantCulture)); else sb.Append("null");
        sb.Append(",\"reasons\":[");
        for (var i = 0; i < Reasons.Count; i++)
        {
            if (i > 0) sb.Append(',');
            CanonicalText.AppendString(sb, Reasons[i]);
        }
        sb.Append("],\"recorded_at\":");
        CanonicalText.AppendString(sb, LedgerHashing.FormatTime(RecordedAt));
        sb.Append(",\"route\":\"").Append(WireName.Of(Route)).Append('"');
        sb.Append(",\"system_id\":");
        CanonicalText.AppendString(sb, SystemId);
        sb.Append(",\"ungoverned\":").Append(Ungoverned ? "true" : "false");
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>RFC 6962 leaf hash of the canonical JSON: SHA-256(0x00 ‖ bytes).</summary>
    public byte[] LeafHash() => LeafHashOf(ToCanonicalJson());

    public static byte[] LeafHashOf(string canonicalJson) => MerkleHashing.LeafHash(Encoding.UTF8.GetBytes(canonicalJson));

    private static void OptionalString(StringBuilder sb, string? value)
    {
        if (value is null) sb.Append("null");
        else CanonicalText.AppendString(sb, value);
    }
}
