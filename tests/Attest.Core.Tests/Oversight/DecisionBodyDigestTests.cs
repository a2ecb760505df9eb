using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Features.Oversight;
using Attest.Engine.Oversight;
using CsCheck;

namespace Attest.Core.Tests.Oversight;

/// <summary>
/// The body reader's one canonical UTF-8 pass per decision gives byte for byte the canonical texts and digests the reader
/// computed before it (CanonicalText over each element, the maps written from their values): stored digests stay valid.
/// </summary>
public sealed class DecisionBodyDigestTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> Name = Gen.OneOf<string>("a", "b", "Z", "_", "é", "x y", "\"", "\\", "\ue000", "😀", "income", "age", "0")
        .Array[1, 3].Select(parts => string.Concat(parts));

    private static readonly Gen<JsonNode?> Number = Gen.OneOf(
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Int[-1000, 1000].Select(i => (JsonNode?)JsonValue.Create(i / 8.0)));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(Number, Gen.String[0, 8].Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)), Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Value(int depth) => depth == 0 ? Scalar : Gen.OneOf(
        Scalar,
        Value(depth - 1).Array[0, 3].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray())),
        Map(Value(depth - 1)));

    private static Gen<JsonNode?> Map(Gen<JsonNode?> values) => Gen.Select(Name, values).Array[0, 5].Select(pairs =>
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs) o[k] = v?.DeepClone();
        return (JsonNode?)o;
    });

    // A valid decision with its fields in a random order; optional parts present or not.
    private static readonly Gen<string> Decision =
        Gen.Select(Value(3), Map(Number), Map(Gen.OneOf(Number, Gen.String[0, 8].Select(s => (JsonNode?)JsonValue.Create(s)))),
            Gen.OneOf(Map(Scalar), Gen.Const((JsonNode?)null)), Gen.Int[0, 1_000_000], Gen.Bool, Gen.Bool)
        .Select((input, factors, features, attributes, seed, numberOutput, escaped) =>
        {
            var fields = new List<(string, JsonNode?)>
            {
                ("system", "scoring"), ("model_version", "gbm@1.0.0"), ("external_id", $"e-{seed}"), ("occurred_at", "2026-03-01T08:00:00Z"),
                ("input", input ?? new JsonObject()), ("output", numberOutput ? JsonValue.Create(seed / 7.0) : JsonValue.Create("approve")),
                ("confidence", seed % 1001 / 1000.0), ("factors", factors), ("features", features),
            };
            if (attributes is not null) fields.Add(("attributes", attributes));
            var random = new Random(seed);
            var o = new JsonObject();
            foreach (var (k, v) in fields.OrderBy(_ => random.Next())) o[k] = v?.DeepClone();
            return o.ToJsonString(escaped ? null : new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        });

    [Fact]
    public void Every_canonical_text_and_digest_of_a_decision_is_what_it_was_before_the_UTF8_writer() =>
        Decision.Array[1, 4].Sample(decisions =>
        {
            var text = "{\"decisions\":[" + string.Join(",", decisions) + "]}";
            var body = DecisionBodyReader.Read(Encoding.UTF8.GetBytes(text), Now);
            body.Problem.ShouldBe(DecisionBodyProblem.None, string.Join("; ", body.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
            using var document = JsonDocument.Parse(text);
            var i = 0;
            foreach (var element in document.RootElement.GetProperty("decisions").EnumerateArray())
            {
                var read = body.Decisions[i++];
                read.BodySha256.ShouldBe(Sha256(CanonicalText.Of(element)));
                var input = element.GetProperty("input");
                read.InputJson.ShouldBe(CanonicalText.Of(input));
                read.InputDigest.ShouldBe(Sha256(CanonicalText.Of(input)));
                var factors = new StringBuilder();
                CanonicalText.AppendNumbers(factors, read.Factors);
                read.FactorsJson.ShouldBe(factors.ToString());
                var features = new StringBuilder();
                CanonicalText.AppendFeatures(features, read.Features);
                read.FeaturesJson.ShouldBe(features.ToString());
                if (element.TryGetProperty("attributes", out var attributes))
                {
                    read.AttributesJson.ShouldBe(CanonicalText.Of(attributes));
                    read.AttributesSha256.ShouldBe(Sha256(CanonicalText.Of(attributes)));
                }
                else
                {
                    read.AttributesJson.ShouldBeNull();
                    read.AttributesSha256.ShouldBeNull();
                }
            }
        }, iter: 500);

    [Fact]
    public void A_key_twice_inside_the_input_is_named_as_before()
    {
        var body = DecisionBodyReader.Read("""{"system":"s","model_version":"m@1","external_id":"e","occurred_at":"2026-03-01T08:00:00Z","input":{"a":1,"a":2},"output":"x"}"""u8.ToArray(), Now);
        body.Errors["input"][0].ShouldContain("'a' appears twice");
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
