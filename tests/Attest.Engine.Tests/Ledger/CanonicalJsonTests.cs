using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Tests.Ledger;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Members_are_sorted_and_whitespace_removed_at_every_level()
    {
        var node = JsonNode.Parse("""{ "b": 1, "a": { "z": [3, 2, {"y": true, "x": null}], "c": "s" } }""");

        CanonicalJson.ToCanonicalString(node).ShouldBe("""{"a":{"c":"s","z":[3,2,{"x":null,"y":true}]},"b":1}""");
    }

    [Fact]
    public void Equal_documents_written_differently_give_the_same_bytes()
    {
        var a = JsonNode.Parse("""{"name":"Dana","roles":["reviewer"],"score":0.5}""");
        var b = new JsonObject { ["score"] = 0.5, ["roles"] = new JsonArray("reviewer"), ["name"] = "Dana" };

        CanonicalJson.ToUtf8Bytes(a).ShouldBe(CanonicalJson.ToUtf8Bytes(b));
    }

    [Theory]
    [InlineData("\"tab\\there\"", "\"tab\\there\"")]
    [InlineData("\"quote \\\" and \\\\\"", "\"quote \\\" and \\\\\"")]
    [InlineData("\"\\u0001\"", "\"\\u0001\"")]
    [InlineData("\"é and €\"", "\"é and €\"")]
    [InlineData("\"\\u00e9\"", "\"é\"")]
    [InlineData("1.0", "1")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e30", "1e+30")]
    [InlineData("123456789012", "123456789012")]
    public void Strings_and_numbers_use_the_RFC_8785_forms(string input, string canonical) =>
        CanonicalJson.ToCanonicalString(JsonNode.Parse(input)).ShouldBe(canonical);

    [Fact]
    public void Members_sort_by_UTF16_code_units_not_culture() =>
        CanonicalJson.ToCanonicalString(JsonNode.Parse("""{"b":1,"B":2,"a":3,"é":4}""")).ShouldBe("""{"B":2,"a":3,"b":1,"é":4}""");

    [Fact]
    public void Built_and_parsed_objects_with_the_same_content_give_the_same_canonical_bytes()
    {
        var built = new JsonObject { ["b"] = 2L, ["a"] = "é\n", ["c"] = new JsonArray(1.5, true, null) };
        var parsed = JsonNode.Parse("{ \"c\": [1.5, true, null], \"a\": \"\\u00e9\\n\", \"b\": 2 }");
        CanonicalJson.ToCanonicalString(built).ShouldBe("{\"a\":\"é\\n\",\"b\":2,\"c\":[1.5,true,null]}");
        CanonicalJson.ToCanonicalString(parsed).ShouldBe(CanonicalJson.ToCanonicalString(built));
    }
}
