using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Attest.Core.Features.RedTeam;

/// <summary>The small JSON path subset HTTP targets use to find the answer: <c>$.a.b[0].c</c> (and <c>['key']</c>).</summary>
public static partial class JsonPath
{
    public static bool IsValid(string path) => Pattern().IsMatch(path);

    public static JsonNode? Select(JsonNode? root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = root;
        foreach (Match step in Step().Matches(path[1..]))
        {
            if (node is null) return null;
            if (step.Groups["index"].Success)
                node = node is JsonArray a && int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < a.Count ? a[i] : null;
            else
            {
                var key = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                node = node is JsonObject o && o.TryGetPropertyValue(key, out var v) ? v : null;
            }
        }
        return node;
    }

    [GeneratedRegex(@"^\$((\.[A-Za-z_][A-Za-z0-9_-]*)|(\[\d+\])|(\['[^']+'\]))*$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)|\[(?<index>\d+)\]|\['(?<quoted>[^']+)'\]")]
    private static partial Regex Step();
}
