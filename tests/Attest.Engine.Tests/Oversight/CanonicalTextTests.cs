using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using CsCheck;

namespace Attest.Engine.Tests.Oversight;

/// <summary>The fast canonical writer gives byte for byte what the ledger's CanonicalJson gives for the same value.</summary>
public sealed class CanonicalTextTests
{
    private static readonly Gen<string> Key = Gen.String[Gen.Char["abcAB_é\u00e9\"\\\n\u0001z0"], 0, 6];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Int[-1000, 1000].Select(i => (JsonNode?)JsonValue.Create(i / 8.0)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Node(int depth) => depth == 0 ? Scalar : Gen.OneOf(
        Scalar,
        Node(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray())),
        Gen.Select(Key, Node(depth - 1)).Array[0, 4].Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in pairs) o[k] = v?.DeepClone();
            return (JsonNode?)o;
        }));

    [Fact]
    public void Any_JSON_value_is_written_as_the_ledger_writes_it() =>
        Node(3).Sample(node =>
        {
            var text = node?.ToJsonString() ?? "null";
            using var document = JsonDocument.Parse(text);
            CanonicalText.Of(document.RootElement).ShouldBe(CanonicalJson.ToCanonicalString(JsonNode.Parse(text)));
        }, iter: 2000);

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.87, "0.87")]
    [InlineData(-0.0, "0")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789012.5, "123456789012.5")]
    public void Numbers_take_their_shortest_round_trip_form(double value, string text)
    {
        CanonicalText.Number(value).ShouldBe(text);
        CanonicalJson.ToCanonicalString(JsonValue.Create(value)).ShouldBe(text);
    }

    [Fact]
    public void A_key_twice_in_one_object_is_refused()
    {
        using var document = JsonDocument.Parse("""{"a":1,"a":2}""");
        Should.Throw<FormatException>(() => CanonicalText.Of(document.RootElement)).Message.ShouldContain("'a' appears twice");
    }

    [Fact]
    public void Strings_escape_only_what_JSON_requires()
    {
        var sb = new StringBuilder();
        CanonicalText.AppendString(sb, "é\"\\\n\u0001<>&'");
        sb.ToString().ShouldBe("\"é\\\"\\\\\\n\\u0001<>&'\"");
    }
}
