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
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("12345678901234567890", "12345678901234567000")]
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

    /// <summary>
    /// RFC 8785 Appendix B "Number Serialization Samples": IEEE 754 bit patterns and the JSON text a
    /// conforming serializer must write (source: https://www.rfc-editor.org/rfc/rfc8785#appendix-B).
    /// </summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_match_the_RFC_8785_appendix_B_samples(string ieee754Hex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(Convert.ToInt64(ieee754Hex, 16));

        CanonicalJson.FormatNumber(value).ShouldBe(expected);
        // The same through a parsed document: the text a JSON parser reads back is the same double.
        CanonicalJson.ToCanonicalString(JsonNode.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(expected);
        CanonicalJson.ToCanonicalString(JsonValue.Create(value)).ShouldBe(expected);
    }

    /// <summary>RFC 8785 Appendix B: NaN and Infinity "must cause an error".</summary>
    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    [InlineData("fff0000000000000")]
    public void NaN_and_infinities_are_refused(string ieee754Hex) =>
        Should.Throw<ArgumentException>(() => CanonicalJson.FormatNumber(BitConverter.Int64BitsToDouble(Convert.ToInt64(ieee754Hex, 16))));

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.79e309")]
    public void Numbers_outside_the_double_range_are_refused_with_a_clear_message(string text)
    {
        var error = Should.Throw<ArgumentException>(() => CanonicalJson.ToCanonicalString(JsonNode.Parse($"{{\"x\":{text}}}")));
        error.Message.ShouldContain("outside the IEEE 754 double range");
    }

    /// <summary>The RFC 8785 §3.2.2 example input and its canonical output (source: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2).</summary>
    [Fact]
    public void The_RFC_8785_section_3_2_2_example_canonicalizes_byte_for_byte()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";

        CanonicalJson.ToCanonicalString(JsonNode.Parse(input)).ShouldBe(expected);
    }

    /// <summary>The RFC 8785 §3.2.3 sorting example: members ordered by UTF-16 code units (source: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.3).</summary>
    [Fact]
    public void The_RFC_8785_section_3_2_3_sorting_example_orders_members_by_UTF16_code_units()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var values = JsonNode.Parse(CanonicalJson.ToCanonicalString(JsonNode.Parse(input)))!.AsObject().Select(p => p.Value!.GetValue<string>());

        values.ShouldBe(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"]);
    }
}
