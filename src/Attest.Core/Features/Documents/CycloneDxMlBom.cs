using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Documents;

/// <summary>One <c>machine-learning-model</c> component of a vendor's BOM, as the facts of a model version.</summary>
/// <param name="Path">Where the component is in the BOM, e.g. <c>components[2]</c> or <c>metadata.component</c>.</param>
/// <param name="Name"><c>group/name</c> when the component has a group (as Hugging Face names models), else <c>name</c>.</param>
/// <param name="Metadata">The component's identity and model card, flattened into <c>cyclonedx.*</c> config keys.</param>
public sealed record BomModel(
    string Path, string? BomRef, string Name, string Version, ModelKind Kind, string? ProviderName, string? License,
    string? ArtifactUri, string? ArtifactSha256, JsonObject Metadata)
{
    public string Label => $"{Name}@{Version}";
}

/// <summary>A checked CycloneDX ML-BOM: its identity and its model components.</summary>
public sealed record MlBom(string Sha256, string SpecVersion, string? SerialNumber, int? Version, IReadOnlyList<BomModel> Models);

/// <summary>
/// Reads a vendor's CycloneDX 1.5 or 1.6 JSON BOM: it must parse, say <c>bomFormat</c> "CycloneDX", validate
/// against the CycloneDX 1.6 schema (1.6 only adds to 1.5, so a valid 1.5 BOM validates too) and hold at least one
/// <c>machine-learning-model</c> component with a name and a version. Every problem is reported against the JSON
/// path of the value at fault. A BOM of the common shape is vouched for by <see cref="CycloneDxQuickCheck"/> without the
/// slower full schema check; any other BOM, and every invalid one, gets the full check and its messages.
/// </summary>
public static class CycloneDxMlBom
{
    public const string MetadataPrefix = "cyclonedx.";
    public static readonly IReadOnlyList<string> SupportedSpecVersions = ["1.5", "1.6"];

    /// <summary>The config keys one component can fill; together well under the model version's 64,000-character config.</summary>
    public const int MaxMetadataChars = 48_000;

    // Tasks whose models produce content rather than scores or labels (Hugging Face pipeline names and the like).
    private static readonly string[] GenerativeTaskWords = ["generat", "conversational", "chat", "summari", "translat"];

    // Which external reference locates the model artifact, best first.
    private static readonly string[] ArtifactReferenceTypes = ["distribution", "distribution-intake", "vcs", "website"];

    public static async Task<(MlBom? Bom, FieldErrors Errors)> ParseAsync(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new FieldErrors();
        var bytes = content.AsSpan();
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        if (bytes.IsEmpty)
        {
            errors.Add("bom", "is empty; send a CycloneDX JSON BOM");
            return (null, errors);
        }
        JsonNode? root;
        try { root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e)
        {
            errors.Add("bom", e.LineNumber is { } line
                ? $"is not valid JSON (line {line + 1}, position {e.BytePositionInLine + 1})"
                : $"is not valid JSON: {e.Message}");
            return (null, errors);
        }
        if (root is not JsonObject bom)
        {
            errors.Add("bom", "must be a JSON object (a CycloneDX BOM)");
            return (null, errors);
        }
        if (Text(bom["bomFormat"]) != "CycloneDX") errors.Add("bomFormat", "must be \"CycloneDX\"");
        var spec = Text(bom["specVersion"]);
        if (spec is null || !SupportedSpecVersions.Contains(spec))
            errors.Add("specVersion", $"must be 1.5 or 1.6 (got {(spec is null ? "nothing" : $"'{spec}'")})");
        if (errors.Any) return (null, errors);

        // The full schema check is most of a large BOM's parse time; the quick check spares it the common, plainly valid shape.
        if (!CycloneDxQuickCheck.IsPlainlyValid(bom))
        {
            foreach (var (path, problem) in await CycloneDxSchema.ValidateAsync(Encoding.UTF8.GetString(bytes)))
                errors.Add(path, problem);
        }
        if (errors.Any) return (null, errors);

        var models = new List<BomModel>();
        foreach (var (path, component) in Components(bom).Where(c => Text(c.Component["type"]) == "machine-learning-model"))
        {
            if (Model(path, component, errors) is { } model) models.Add(model);
        }
        if (models.Count == 0 && !errors.Any)
            errors.Add("components", "has no component of type \"machine-learning-model\"");
        foreach (var repeat in models.GroupBy(m => m.Label, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var later in repeat.Skip(1))
                errors.Add(later.Path, $"describes {later.Label} again (first at {repeat.First().Path})");
        }
        if (errors.Any) return (null, errors);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        int? version = bom["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        return (new MlBom(sha256, spec!, Text(bom["serialNumber"]), version, models), errors);
    }

    /// <summary>metadata.component and every component, nested ones included, with their JSON paths.</summary>
    private static IEnumerable<(string Path, JsonObject Component)> Components(JsonObject bom)
    {
        if (bom["metadata"]?["component"] is JsonObject subject)
        {
            foreach (var c in Walk("metadata.component", subject)) yield return c;
        }
        if (bom["components"] is JsonArray components)
        {
            for (var i = 0; i < components.Count; i++)
            {
                if (components[i] is JsonObject c)
                    foreach (var found in Walk($"components[{i}]", c)) yield return found;
            }
        }
    }

    private static IEnumerable<(string Path, JsonObject Component)> Walk(string path, JsonObject component)
    {
        yield return (path, component);
        if (component["components"] is not JsonArray children) yield break;
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i] is JsonObject child)
                foreach (var found in Walk($"{path}.components[{i}]", child)) yield return found;
        }
    }

    private static BomModel? Model(string path, JsonObject c, FieldErrors errors)
    {
        var before = errors.ToDictionary().Count;
        var name = Text(c["name"]);
        var group = Text(c["group"]);
        if (name is null) errors.Add($"{path}.name", "is required");
        else
        {
            name = group is null ? name : $"{group}/{name}";
            if (name.Contains('@', StringComparison.Ordinal)) errors.Add($"{path}.name", "must not contain '@' (Attest labels model versions name@version)");
            errors.MaxLength($"{path}.name", name, 128);
        }
        var version = Text(c["version"]);
        if (version is null) errors.Add($"{path}.version", "is required (Attest identifies a model version by name and version)");
        else
        {
            if (version.Contains('@', StringComparison.Ordinal)) errors.Add($"{path}.version", "must not contain '@'");
            errors.MaxLength($"{path}.version", version, 64);
        }

        var (providerField, providerName) = Text(c["supplier"]?["name"]) is { } supplier ? ("supplier.name", supplier)
            : Text(c["publisher"]) is { } publisher ? ("publisher", publisher)
            : Text(c["manufacturer"]?["name"]) is { } manufacturer ? ("manufacturer.name", manufacturer)
            : ("", (string?)null);
        errors.MaxLength($"{path}.{providerField}", providerName, 200);

        var (licenseField, license) = License(c["licenses"]);
        errors.MaxLength($"{path}.{licenseField}", license, 200);

        string? sha256 = null;
        if (c["hashes"] is JsonArray hashes)
        {
            for (var i = 0; i < hashes.Count && sha256 is null; i++)
            {
                if (Text(hashes[i]?["alg"]) != "SHA-256") continue;
                var digest = Text(hashes[i]?["content"])?.ToLowerInvariant();
                if (digest is not null && FieldErrors.IsSha256Hex(digest)) sha256 = digest;
                else errors.Add($"{path}.hashes[{i}].content", "must be a SHA-256 digest: 64 hexadecimal characters");
            }
        }

        var artifactUri = ArtifactUri(c["externalReferences"]);
        var card = c["modelCard"] as JsonObject;
        var task = Text(card?["modelParameters"]?["task"]);
        var metadata = Metadata(c, card);
        var metadataChars = metadata.ToJsonString().Length;
        if (metadataChars > MaxMetadataChars)
            errors.Add($"{path}.modelCard", $"is too large to keep with the model version ({metadataChars:N0} characters of JSON; at most {MaxMetadataChars:N0})");

        if (errors.ToDictionary().Count > before) return null;
        var kind = task is not null && GenerativeTaskWords.Any(w => task.Contains(w, StringComparison.OrdinalIgnoreCase)) ? ModelKind.Generative : ModelKind.Predictive;
        return new BomModel(path, Text(c["bom-ref"]), name!, version!, kind, providerName, license, artifactUri, sha256, metadata);
    }

    /// <summary>The first licence: its SPDX id, else its name, else the SPDX expression.</summary>
    private static (string Field, string? License) License(JsonNode? licenses)
    {
        if (licenses is not JsonArray { Count: > 0 } list) return ("licenses", null);
        var first = list[0];
        if (Text(first?["license"]?["id"]) is { } id) return ("licenses[0].license.id", id);
        if (Text(first?["license"]?["name"]) is { } name) return ("licenses[0].license.name", name);
        return ("licenses[0].expression", Text(first?["expression"]));
    }

    private static string? ArtifactUri(JsonNode? references)
    {
        if (references is not JsonArray list) return null;
        foreach (var type in ArtifactReferenceTypes)
        {
            foreach (var reference in list)
            {
                if (Text(reference?["type"]) == type && Text(reference?["url"]) is { Length: <= 2000 } url && Uri.TryCreate(url, UriKind.Absolute, out _))
                    return url;
            }
        }
        return null;
    }

    /// <summary>
    /// The component's identity and model card as flat <c>cyclonedx.*</c> keys (a model version's config is a flat
    /// map): scalars as strings, lists and objects as their compact JSON text.
    /// </summary>
    private static JsonObject Metadata(JsonObject c, JsonObject? card)
    {
        var metadata = new JsonObject();
        void Put(string key, string? value)
        {
            if (value is not null) metadata[MetadataPrefix + key] = value;
        }
        Put("bom_ref", Text(c["bom-ref"]));
        Put("purl", Text(c["purl"]));
        Put("description", Text(c["description"]));
        var parameters = card?["modelParameters"];
        Put("approach", Text(parameters?["approach"]?["type"]));
        Put("task", Text(parameters?["task"]));
        Put("architecture_family", Text(parameters?["architectureFamily"]));
        Put("model_architecture", Text(parameters?["modelArchitecture"]));
        if (parameters?["datasets"] is JsonArray { Count: > 0 } datasets)
        {
            // A dataset is either a reference to a data component or an inline one: keep the reference, else its name.
            var names = datasets.Select(d => Text(d?["ref"]) ?? Text(d?["name"]) ?? Text(d?["bom-ref"])).OfType<string>()
                .Select(n => (JsonNode)JsonValue.Create(n)).ToArray();
            if (names.Length > 0) Put("datasets", new JsonArray(names).ToJsonString());
        }
        if (card?["quantitativeAnalysis"]?["performanceMetrics"] is JsonArray { Count: > 0 } metrics) Put("performance_metrics", metrics.ToJsonString());
        if (card?["considerations"] is JsonObject { Count: > 0 } considerations) Put("considerations", considerations.ToJsonString());
        return metadata;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
