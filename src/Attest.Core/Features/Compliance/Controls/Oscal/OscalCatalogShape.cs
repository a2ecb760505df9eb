using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Attest.Core.Features.Compliance.Controls.Oscal;

/// <summary>
/// Checks that a JSON document has the structure of an OSCAL 1.1 catalog as the NIST examples use it
/// (usnistgov/oscal-content examples/catalog/json/basic-catalog.json): a catalog with uuid and metadata
/// (title, last-modified, version, oscal-version), groups and controls with ids, titles, props and parts,
/// and no keys the catalog model does not define. Returns the problems as JSON paths with messages.
/// </summary>
public static partial class OscalCatalogShape
{
    private static readonly string[] CatalogKeys = ["uuid", "metadata", "params", "controls", "groups", "back-matter"];
    private static readonly string[] MetadataKeys = ["title", "published", "last-modified", "version", "oscal-version", "revisions", "document-ids", "props", "links", "roles", "locations", "parties", "responsible-parties", "actions", "remarks"];
    private static readonly string[] GroupKeys = ["id", "class", "title", "params", "props", "links", "parts", "groups", "controls"];
    private static readonly string[] ControlKeys = ["id", "class", "title", "params", "props", "links", "parts", "controls"];
    private static readonly string[] PartKeys = ["id", "name", "ns", "class", "title", "props", "prose", "parts", "links"];
    private static readonly string[] PropKeys = ["name", "uuid", "ns", "value", "class", "group", "remarks"];

    public static IReadOnlyList<string> Validate(JsonNode? document)
    {
        var problems = new List<string>();
        if (document is not JsonObject root || root["catalog"] is not JsonObject catalog)
        {
            problems.Add("$: expected an object with a \"catalog\" object (an OSCAL catalog)");
            return problems;
        }
        UnknownKeys(root, "$", ["catalog", "$schema"], problems);
        UnknownKeys(catalog, "$.catalog", CatalogKeys, problems);
        if (!IsString(catalog["uuid"], out var uuid) || !Guid.TryParse(uuid, out _))
            problems.Add("$.catalog.uuid: expected a UUID");
        if (catalog["metadata"] is not JsonObject metadata)
        {
            problems.Add("$.catalog.metadata: expected an object");
        }
        else
        {
            UnknownKeys(metadata, "$.catalog.metadata", MetadataKeys, problems);
            foreach (var key in new[] { "title", "version", "oscal-version" })
                RequireString(metadata, key, "$.catalog.metadata", problems);
            if (!IsString(metadata["last-modified"], out var modified)
                || !DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                problems.Add("$.catalog.metadata.last-modified: expected a date-time with time zone");
            Props(metadata, "$.catalog.metadata", problems);
        }
        Groups(catalog, "$.catalog", problems);
        Controls(catalog, "$.catalog", problems);
        return problems;
    }

    private static void Groups(JsonObject parent, string path, List<string> problems)
    {
        foreach (var (group, groupPath) in Items(parent, "groups", path, problems))
        {
            UnknownKeys(group, groupPath, GroupKeys, problems);
            if (group["id"] is not null)
                RequireToken(group, "id", groupPath, problems);
            RequireString(group, "title", groupPath, problems);
            Props(group, groupPath, problems);
            Parts(group, groupPath, problems);
            Groups(group, groupPath, problems);
            Controls(group, groupPath, problems);
        }
    }

    private static void Controls(JsonObject parent, string path, List<string> problems)
    {
        foreach (var (control, controlPath) in Items(parent, "controls", path, problems))
        {
            UnknownKeys(control, controlPath, ControlKeys, problems);
            RequireToken(control, "id", controlPath, problems);
            RequireString(control, "title", controlPath, problems);
            Props(control, controlPath, problems);
            Parts(control, controlPath, problems);
            Controls(control, controlPath, problems);
        }
    }

    private static void Parts(JsonObject parent, string path, List<string> problems)
    {
        foreach (var (part, partPath) in Items(parent, "parts", path, problems))
        {
            UnknownKeys(part, partPath, PartKeys, problems);
            RequireToken(part, "name", partPath, problems);
            if (part["id"] is not null)
                RequireToken(part, "id", partPath, problems);
            if (part["prose"] is not null)
                RequireString(part, "prose", partPath, problems);
            Props(part, partPath, problems);
            Parts(part, partPath, problems);
        }
    }

    private static void Props(JsonObject parent, string path, List<string> problems)
    {
        foreach (var (prop, propPath) in Items(parent, "props", path, problems))
        {
            UnknownKeys(prop, propPath, PropKeys, problems);
            RequireToken(prop, "name", propPath, problems);
            RequireString(prop, "value", propPath, problems);
        }
    }

    private static IEnumerable<(JsonObject Item, string Path)> Items(JsonObject parent, string key, string path, List<string> problems)
    {
        var node = parent[key];
        if (node is null)
            yield break;
        if (node is not JsonArray array || array.Count == 0)
        {
            problems.Add($"{path}.{key}: expected a non-empty array");
            yield break;
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
                yield return (item, $"{path}.{key}[{i}]");
            else
                problems.Add($"{path}.{key}[{i}]: expected an object");
        }
    }

    private static void UnknownKeys(JsonObject obj, string path, string[] allowed, List<string> problems)
    {
        foreach (var (key, _) in obj)
        {
            if (!allowed.Contains(key))
                problems.Add($"{path}.{key}: not part of the OSCAL catalog model");
        }
    }

    private static void RequireString(JsonObject obj, string key, string path, List<string> problems)
    {
        if (!IsString(obj[key], out var text) || text.Length == 0)
            problems.Add($"{path}.{key}: expected a non-empty string");
    }

    private static void RequireToken(JsonObject obj, string key, string path, List<string> problems)
    {
        if (!IsString(obj[key], out var text) || !Token().IsMatch(text))
            problems.Add($"{path}.{key}: expected an OSCAL token (a letter or _, then letters, digits, '.', '-' or '_')");
    }

    private static bool IsString(JsonNode? node, out string text)
    {
        text = "";
        if (node is JsonValue value && value.TryGetValue<string>(out var s))
        {
            text = s;
            return true;
        }
        return false;
    }

    [GeneratedRegex(@"^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$")]
    private static partial Regex Token();
}
