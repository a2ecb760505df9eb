using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;

namespace Attest.Core.Features.Documents;

/// <summary>
/// A fast acceptor for the common shape of a vendor ML-BOM, in front of the full CycloneDX 1.6 schema check
/// (<see cref="CycloneDxSchema"/>, NJsonSchema: about 0.1 ms per component, most of a large import's parse time).
/// It knows the rules of the schema for the properties the import reads — the BOM's identity, <c>metadata</c> with a
/// timestamp, supplier and component, and components with their name, version, group, supplier, licences, hashes,
/// external references and model parameters — and says <c>true</c> only when every value in the BOM is one of those
/// and follows them. Anything else (another property, a wrong type, a value it cannot vouch for) answers <c>false</c>,
/// and the full schema decides and names the problems: the check never accepts what the schema refuses
/// (CycloneDxQuickCheckTests holds the two to that on valid and mutated BOMs), it only spares the schema the BOMs it
/// would accept anyway.
/// </summary>
public static partial class CycloneDxQuickCheck
{
    // Nested components deeper than this go to the full schema (the reader's depth limit is 64).
    private const int MaxComponentDepth = 8;

    private static readonly HashSet<string> ComponentTypes = new(StringComparer.Ordinal)
    {
        "application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver",
        "firmware", "file", "machine-learning-model", "data", "cryptographic-asset",
    };

    private static readonly HashSet<string> HashAlgorithms = new(StringComparer.Ordinal)
    {
        "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384", "SHA3-512", "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3",
    };

    private static readonly HashSet<string> ExternalReferenceTypes = new(StringComparer.Ordinal)
    {
        "vcs", "issue-tracker", "website", "advisories", "bom", "mailing-list", "social", "chat", "documentation", "support",
        "source-distribution", "distribution", "distribution-intake", "license", "build-meta", "build-system", "release-notes",
        "security-contact", "model-card", "log", "configuration", "evidence", "formulation", "attestation", "threat-model",
        "adversary-model", "risk-assessment", "vulnerability-assertion", "exploitability-statement", "pentest-report",
        "static-analysis-report", "dynamic-analysis-report", "runtime-analysis-report", "component-analysis-report",
        "maturity-report", "certification-report", "codified-infrastructure", "quality-metrics", "poam", "electronic-signature",
        "digital-signature", "rfc-9116", "other",
    };

    private static readonly HashSet<string> LearningTypes = new(StringComparer.Ordinal) { "supervised", "unsupervised", "reinforcement-learning", "semi-supervised", "self-supervised" };

    // The SPDX licence identifiers, from the same file the full schema reads.
    private static readonly Lazy<HashSet<string>> SpdxIds = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(ShippedData.PathOf("cyclonedx", "spdx.schema.json")));
        return doc.RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    });

    /// <summary>Whether the BOM is certainly valid against the CycloneDX 1.6 schema; <c>false</c> means "ask the schema".</summary>
    public static bool IsPlainlyValid(JsonObject bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        foreach (var (key, value) in bom)
        {
            var ok = key switch
            {
                "$schema" or "specVersion" => IsString(value),
                "bomFormat" => String(value) == "CycloneDX",
                "serialNumber" => String(value) is { } serial && SerialNumber().IsMatch(serial),
                "version" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n >= 1,
                "metadata" => IsMetadata(value),
                "components" => AreComponents(value, 0),
                _ => false,
            };
            if (!ok) return false;
        }
        return bom.ContainsKey("bomFormat") && bom.ContainsKey("specVersion");
    }

    private static bool IsMetadata(JsonNode? node) => node is JsonObject metadata && metadata.All(p => p.Key switch
    {
        "timestamp" => String(p.Value) is { } t && Timestamp().IsMatch(t) && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, out _),
        "supplier" or "manufacturer" => IsOrganization(p.Value),
        "component" => IsComponent(p.Value, 0),
        _ => false,
    });

    private static bool AreComponents(JsonNode? node, int depth)
    {
        if (node is not JsonArray components || depth > MaxComponentDepth) return false;
        // The schema wants the items unique; equal components share these five, so a repeat goes to the schema.
        var seen = new HashSet<(string?, string?, string?, string?, string?)>();
        foreach (var item in components)
        {
            if (!IsComponent(item, depth) || !seen.Add((String(item!["type"]), String(item["group"]), String(item["name"]), String(item["version"]), String(item["bom-ref"]))))
                return false;
        }
        return true;
    }

    private static bool IsComponent(JsonNode? node, int depth) =>
        node is JsonObject c && c.ContainsKey("type") && c.ContainsKey("name") && c.All(p => p.Key switch
        {
            "type" => String(p.Value) is { } type && ComponentTypes.Contains(type),
            "name" or "group" or "description" or "publisher" or "purl" => IsString(p.Value),
            "version" => String(p.Value) is { Length: <= 1024 },
            "bom-ref" => IsReference(p.Value),
            "supplier" or "manufacturer" => IsOrganization(p.Value),
            "licenses" => AreLicenses(p.Value),
            "hashes" => p.Value is JsonArray hashes && hashes.All(IsHash),
            "externalReferences" => p.Value is JsonArray references && references.All(IsExternalReference),
            "modelCard" => IsModelCard(p.Value),
            "components" => AreComponents(p.Value, depth + 1),
            _ => false,
        });

    private static bool IsOrganization(JsonNode? node) => node is JsonObject o && o.All(p => p.Key switch
    {
        "name" => IsString(p.Value),
        "bom-ref" => IsReference(p.Value),
        "url" => p.Value is JsonArray urls && urls.All(u => String(u) is { } url && Uri.TryCreate(url, UriKind.Absolute, out _)),
        _ => false,
    });

    // Either licences by SPDX id or by name (exactly one of the two each), or exactly one SPDX expression.
    private static bool AreLicenses(JsonNode? node)
    {
        if (node is not JsonArray list) return false;
        if (list is [JsonObject { Count: 1 } only] && only.ContainsKey("expression")) return IsString(only["expression"]);
        return list.All(item => item is JsonObject { Count: 1 } choice && choice["license"] is JsonObject license
            && license.ContainsKey("id") != license.ContainsKey("name")
            && license.All(p => p.Key switch
            {
                "id" => String(p.Value) is { } id && SpdxIds.Value.Contains(id),
                "name" => IsString(p.Value),
                "bom-ref" => IsReference(p.Value),
                _ => false,
            }));
    }

    private static bool IsHash(JsonNode? node) =>
        node is JsonObject { Count: 2 } hash && String(hash["alg"]) is { } alg && HashAlgorithms.Contains(alg)
        && String(hash["content"]) is { } content && HashContent().IsMatch(content);

    private static bool IsExternalReference(JsonNode? node) =>
        node is JsonObject reference && reference.ContainsKey("type") && reference.ContainsKey("url") && reference.All(p => p.Key switch
        {
            "type" => String(p.Value) is { } type && ExternalReferenceTypes.Contains(type),
            "url" => String(p.Value) is { } url && Uri.TryCreate(url, UriKind.Absolute, out _),
            "comment" => IsString(p.Value),
            _ => false,
        });

    private static bool IsModelCard(JsonNode? node) => node is JsonObject card && card.All(p => p.Key switch
    {
        "bom-ref" => IsReference(p.Value),
        "modelParameters" => p.Value is JsonObject parameters && parameters.All(q => q.Key switch
        {
            "task" or "architectureFamily" or "modelArchitecture" => IsString(q.Value),
            "approach" => q.Value is JsonObject approach && approach.All(a => a.Key == "type" && String(a.Value) is { } t && LearningTypes.Contains(t)),
            _ => false,
        }),
        _ => false,
    });

    private static bool IsReference(JsonNode? node) => String(node) is { Length: >= 1 };

    private static bool IsString(JsonNode? node) => String(node) is not null;

    private static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    // The schema's patterns, anchored without .NET's "$ before a final newline".
    [GeneratedRegex(@"\Aurn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SerialNumber();

    [GeneratedRegex(@"\A([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex HashContent();

    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
