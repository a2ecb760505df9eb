using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Tests.Ledger;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Built_and_parsed_objects_with_the_same_content_give_the_same_canonical_bytes()
    {
        var built = new JsonObject { ["b"] = 2L, ["a"] = "é\n", ["c"] = new JsonArray(1.5, true, null) };
        var parsed = JsonNode.Parse("{ \"c\": [1.5, true, null], \"a\": \"\\u00e9\\n\", \"b\": 2 }");
        CanonicalJson.ToCanonicalString(built).ShouldBe("{\"a\":\"é\\n\",\"b\":2,\"c\":[1.5,true,null]}");
        CanonicalJson.ToCanonicalString(parsed).ShouldBe(CanonicalJson.ToCanonicalString(built));
    }
}
