using System.Text;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

public sealed class DecisionRecordTests
{
    internal static DecisionRecord Sample(string id = "dec_1", string output = "decline", bool ungoverned = false) => new()
    {
        Id = id,
        SystemId = "sys_1",
        ModelVersionId = "mv_1",
        ModelVersion = "fraud-gbm@5.3.1",
        DeploymentId = "dep_1",
        ExternalId = "auth-42",
        OccurredAt = new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.Zero).AddTicks(1234560),
        RecordedAt = new DateTimeOffset(2026, 3, 1, 9, 30, 16, TimeSpan.Zero),
        InputDigest = new string('a', 64),
        Output = DecisionOutput.OfText(output),
        Confidence = 0.62,
        Factors = new Dictionary<string, double> { ["fraud_score"] = 0.97, ["amount_z"] = 3.5 },
        Features = new Dictionary<string, FeatureValue> { ["amount"] = FeatureValue.Of(1250.5), ["country"] = FeatureValue.Of("NL \"north\"") },
        AttributesSha256 = new string('b', 64),
        Ungoverned = ungoverned,
        Route = DecisionRoute.HumanReview,
        Reasons = ["fraud-score", "low-confidence"],
        PolicyVersion = 2,
        PolicySha256 = new string('c', 64),
    };

    [Fact]
    public void The_leaf_is_the_canonical_JSON_of_every_field()
    {
        var json = Sample().ToCanonicalJson();
        CanonicalJson.ToCanonicalString(JsonNode.Parse(json)).ShouldBe(json, "it is already canonical");
        var o = JsonNode.Parse(json)!.AsObject();
        o.Select(p => p.Key).ShouldBe(["attributes_sha256", "confidence", "deployment_id", "external_id", "factors", "features", "format", "id", "input_digest",
            "model_version", "model_version_id", "occurred_at", "output", "policy_sha256", "policy_version", "reasons", "recorded_at", "route", "system_id", "ungoverned"]);
        o["occurred_at"]!.GetValue<string>().ShouldBe("2026-03-01T09:30:15.1234560Z");
        o["route"]!.GetValue<string>().ShouldBe("human_review");
        o["features"]!["country"]!.GetValue<string>().ShouldBe("NL \"north\"");
        o["format"]!.GetValue<string>().ShouldBe("attest.decision/v1");
    }

    [Fact]
    public void The_leaf_hash_is_RFC_6962_over_the_canonical_bytes()
    {
        var record = Sample();
        var expected = MerkleHashing.LeafHash(Encoding.UTF8.GetBytes(record.ToCanonicalJson()));
        record.LeafHash().ShouldBe(expected);
    }

    [Fact]
    public void Any_changed_field_changes_the_leaf_hash()
    {
        var baseline = Convert.ToHexStringLower(Sample().LeafHash());
        DecisionRecord[] variants =
        [
            Sample() with { Output = DecisionOutput.OfText("approve") },
            Sample() with { Output = DecisionOutput.OfNumber(1) },
            Sample() with { Confidence = 0.63 },
            Sample() with { Confidence = null },
            Sample() with { Ungoverned = true },
            Sample() with { Route = DecisionRoute.Auto },
            Sample() with { Reasons = ["fraud-score"] },
            Sample() with { PolicyVersion = 3 },
            Sample() with { AttributesSha256 = null },
            Sample() with { OccurredAt = Sample().OccurredAt.AddTicks(10) },
            Sample() with { Factors = new Dictionary<string, double> { ["fraud_score"] = 0.97 } },
            Sample() with { ExternalId = "auth-43" },
        ];
        variants.Select(v => Convert.ToHexStringLower(v.LeafHash())).ShouldAllBe(h => h != baseline);
    }

    [Fact]
    public void A_numeric_output_is_written_as_a_number()
    {
        var json = (Sample() with { Output = DecisionOutput.OfNumber(712.0) }).ToCanonicalJson();
        JsonNode.Parse(json)!["output"]!.ToJsonString().ShouldBe("712");
    }
}
