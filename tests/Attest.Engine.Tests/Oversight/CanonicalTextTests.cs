using System.Text;
using System.Text.Encodings.Web;
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

    // Keys across the places where UTF-8 byte order and UTF-16 order part (U+E000 and up against surrogate pairs), escapes,
    // controls and plain ASCII.
    private static readonly Gen<string> AnyKey = Gen.OneOf<string>("a", "b", "B", "_", "é", "\"", "\\", "\n", "\u0001", "\u007f", "z", "0",
        "\ue000", "\uffff", "\ufb01", "😀", "𝄞", "\u2028", "ab", "a\u0000").Array[0, 3].Select(parts => string.Concat(parts));

    private static Gen<JsonNode?> AnyNode(int depth) => depth == 0 ? Scalar : Gen.OneOf(
        Scalar,
        AnyNode(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray())),
        Gen.Select(AnyKey, AnyNode(depth - 1)).Array[0, 6].Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in pairs) o[k] = v?.DeepClone();
            return (JsonNode?)o;
        }));

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void The_UTF8_writer_writes_byte_for_byte_what_the_text_writer_writes() =>
        Gen.Select(AnyNode(3), Gen.Bool).Sample((node, escaped) =>
        {
            // Non-ASCII escaped (\u00e9) or as UTF-8 bytes: the reader meets both.
            var text = node?.ToJsonString(escaped ? null : Raw) ?? "null";
            using var document = JsonDocument.Parse(text);
            var writer = new CanonicalUtf8();
            writer.Write("""{"z":[1,{"y":2,"x":3}],"a":0.5}"""u8);
            writer.Write(Encoding.UTF8.GetBytes(text));
            var expected = CanonicalText.Of(document.RootElement);
            Encoding.UTF8.GetString(writer.Written).ShouldBe(expected);
            writer.Sha256().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(expected))));
        }, iter: 3000);

    [Fact]
    public void The_UTF8_writer_finds_a_member_of_the_object_it_wrote_in_its_canonical_form()
    {
        var writer = new CanonicalUtf8();
        writer.Write("""{"z":1,"input":{"b":[2,1],"a":"x"},"factors":{"s":0.50}}"""u8);
        writer.Text().ShouldBe("""{"factors":{"s":0.5},"input":{"a":"x","b":[2,1]},"z":1}""");
        writer.TryGetMember("input", out var input).ShouldBeTrue();
        writer.Text(input).ShouldBe("""{"a":"x","b":[2,1]}""");
        writer.TryGetMember("factors", out var factors).ShouldBeTrue();
        writer.Text(factors).ShouldBe("""{"s":0.5}""");
        writer.TryGetMember("missing", out _).ShouldBeFalse();
        writer.Write("[1]"u8);
        writer.TryGetMember("input", out _).ShouldBeFalse();
    }

    [Fact]
    public void The_UTF8_writer_refuses_a_key_twice_and_numbers_beyond_a_double()
    {
        var writer = new CanonicalUtf8();
        Should.Throw<FormatException>(() => writer.Write("""{"b":1,"a":2,"a":3}"""u8)).Message.ShouldContain("'a' appears twice");
        Should.Throw<FormatException>(() => writer.Write("""{"a":1e400}"""u8));
        writer.Write("""{"a":1}"""u8);
        writer.Text().ShouldBe("""{"a":1}""");
    }

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
