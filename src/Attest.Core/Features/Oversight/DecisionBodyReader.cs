using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Engine.Oversight;

namespace Attest.Core.Features.Oversight;

/// <summary>One decision as read from a request, checked and canonicalised, not yet resolved against the database.</summary>
public sealed record ReadDecision(
    string Field,
    string System,
    string ModelVersion,
    string? Deployment,
    string ExternalId,
    DateTimeOffset OccurredAt,
    string InputDigest,
    string? InputJson,
    DecisionOutput Output,
    double? Confidence,
    IReadOnlyDictionary<string, double> Factors,
    IReadOnlyDictionary<string, FeatureValue> Features,
    string FactorsJson,
    string FeaturesJson,
    string? AttributesJson,
    string? AttributesSha256,
    string BodySha256);

/// <summary>Why a body could not be read: bad fields (400) or too many decisions (413).</summary>
public enum DecisionBodyProblem { None, Invalid, TooMany }

/// <summary>A request to log decisions: one decision, or a batch (<c>{"decisions": [...]}</c>) of one system.</summary>
public sealed record DecisionBody(bool IsBatch, IReadOnlyList<ReadDecision> Decisions, DecisionBodyProblem Problem, IReadOnlyDictionary<string, string[]> Errors)
{
    public string System => Decisions[0].System;
}

/// <summary>
/// Reads <c>POST /api/v1/decisions</c>: checks every field of every decision and names each bad one
/// (<c>decisions[3].confidence</c>), so a batch is written completely or not at all. Shapes only; systems, model
/// versions and idempotency are judged on the write path.
/// </summary>
public static class DecisionBodyReader
{
    public const int MaxBatch = 10_000;
    public const int MaxTextLength = 1000;
    public const int MaxExternalIdLength = 200;
    public const int MaxEntries = 256;
    public const int MaxNameLength = 100;

    /// <summary>A decision may say it occurred this far in the future at most (clocks drift).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "system", "model_version", "deployment", "external_id", "occurred_at", "input", "input_digest", "output", "confidence", "factors", "features", "attributes",
    };

    // One canonical writer per thread, reused for every decision (Read runs synchronously on one thread).
    [ThreadStatic]
    private static CanonicalUtf8? t_canonical;

    public static DecisionBody Read(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var canonical = t_canonical ??= new CanonicalUtf8();
        // JsonDocument checks the encoding of a string only when it is read: a bad byte in a field name would surface
        // half-way through, as an exception rather than an answer.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
            return Failed("body", "is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return Failed("body", $"is not valid JSON{where}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Failed("body", "must be a decision object, or {\"decisions\": [...]} for a batch");
            if (!root.TryGetProperty("decisions", out var batch))
            {
                var errors = new FieldErrors();
                var one = ReadOne(root, "", now, errors, canonical);
                return errors.Any ? Failed(errors) : new DecisionBody(false, [one!], DecisionBodyProblem.None, Empty);
            }
            var batchErrors = new FieldErrors();
            foreach (var p in root.EnumerateObject().Where(p => p.Name != "decisions"))
                batchErrors.Add(p.Name, "unknown field: a batch body holds only \"decisions\"");
            if (batch.ValueKind != JsonValueKind.Array)
            {
                batchErrors.Add("decisions", "must be a list of decisions");
                return Failed(batchErrors);
            }
            var count = batch.GetArrayLength();
            if (count > MaxBatch)
                return new DecisionBody(true, [], DecisionBodyProblem.TooMany,
                    new Dictionary<string, string[]> { ["decisions"] = [$"at most {MaxBatch} decisions per request, got {count}: split the batch"] });
            if (count == 0)
                batchErrors.Add("decisions", "must hold at least one decision");
            var decisions = new List<ReadDecision>(count);
            var i = 0;
            foreach (var item in batch.EnumerateArray())
            {
                var prefix = $"decisions[{i}].";
                if (item.ValueKind != JsonValueKind.Object)
                    batchErrors.Add($"decisions[{i}]", "must be a decision object");
                else if (ReadOne(item, prefix, now, batchErrors, canonical) is { } d)
                    decisions.Add(d);
                i++;
                // A body with thousands of bad decisions still gets a readable answer.
                if (batchErrors.Count > 100) break;
            }
            if (!batchErrors.Any && decisions.Count > 0)
            {
                var system = decisions[0].System;
                for (var j = 1; j < decisions.Count; j++)
                {
                    if (decisions[j].System != system)
                        batchErrors.Add(decisions[j].Field + "system", $"a batch holds the decisions of one system ('{system}'); send '{decisions[j].System}' in its own batch");
                }
            }
            return batchErrors.Any ? Failed(batchErrors) : new DecisionBody(true, decisions, DecisionBodyProblem.None, Empty);
        }
    }

    private static ReadDecision? ReadOne(JsonElement o, string prefix, DateTimeOffset now, FieldErrors errors, CanonicalUtf8 canonical)
    {
        var before = errors.Count;
        // One canonical pass over the whole decision gives the body's digest and, as parts of it, the canonical input,
        // attributes, factors and features. A decision that has no canonical form (a key twice, a number beyond the double
        // range) is read part by part below, so the error names the part.
        var whole = TryCanonical(canonical, o);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            if (!Fields.Contains(p.Name)) errors.Add(prefix + p.Name, "unknown field");
            else if (!seen.Add(p.Name)) errors.Add(prefix + p.Name, "appears twice");
        }
        var system = Text(o, "system", prefix, errors, required: true, MaxTextLength);
        var modelVersion = Text(o, "model_version", prefix, errors, required: true, MaxTextLength);
        var deployment = Text(o, "deployment", prefix, errors, required: false, MaxTextLength);
        var externalId = Text(o, "external_id", prefix, errors, required: true, MaxExternalIdLength);
        if (externalId is not null && externalId.Any(char.IsControl))
            errors.Add(prefix + "external_id", "must not contain control characters");
        var occurredAt = Time(o, prefix, now, errors);

        string? inputJson = null;
        string? digest = null;
        if (o.TryGetProperty("input", out var input) && input.ValueKind != JsonValueKind.Null)
        {
            if (whole && canonical.TryGetMember("input", out var part))
            {
                inputJson = canonical.Text(part);
                digest = canonical.Sha256(part);
            }
            else if (TryCanonical(canonical, input, out var problem))
            {
                inputJson = canonical.Text();
                digest = canonical.Sha256();
            }
            else
            {
                errors.Add(prefix + "input", problem);
            }
        }
        if (o.TryGetProperty("input_digest", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            var text = given.ValueKind == JsonValueKind.String ? given.GetString()!.ToLowerInvariant() : null;
            if (text is null || !FieldErrors.IsSha256Hex(text))
                errors.Add(prefix + "input_digest", "must be a SHA-256 digest: 64 hexadecimal characters");
            else if (digest is not null && digest != text)
                errors.Add(prefix + "input_digest", $"does not match the SHA-256 of the canonical JSON of input ({digest}); send one of them, or both agreeing");
            else
                digest = text;
        }
        else if (inputJson is null && !errors.HasField(prefix + "input"))
        {
            errors.Add(prefix + "input_digest", "is required when there is no input: send input (JSON) or input_digest (its SHA-256)");
        }

        DecisionOutput? output = null;
        if (!o.TryGetProperty("output", out var outputElement) || outputElement.ValueKind == JsonValueKind.Null)
            errors.Add(prefix + "output", "is required: the decision's output (text or number)");
        else if (outputElement.ValueKind == JsonValueKind.String)
        {
            var text = outputElement.GetString()!;
            if (text.Length == 0 || text.Length > MaxTextLength) errors.Add(prefix + "output", $"must be 1 to {MaxTextLength} characters");
            else output = DecisionOutput.OfText(text);
        }
        else if (outputElement.ValueKind == JsonValueKind.Number && outputElement.TryGetDouble(out var number) && double.IsFinite(number))
            output = DecisionOutput.OfNumber(number);
        else
            errors.Add(prefix + "output", "must be a text or a number");

        double? confidence = null;
        if (o.TryGetProperty("confidence", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind == JsonValueKind.Number && c.TryGetDouble(out var value) && value is >= 0 and <= 1)
                confidence = value;
            else
                errors.Add(prefix + "confidence", $"must be a number from 0 to 1, got {Describe(c)}");
        }

        var factors = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Map(o, "factors", prefix, errors) is { } factorMap)
        {
            foreach (var p in factorMap.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var v) && double.IsFinite(v)) factors[p.Name] = v;
                else errors.Add($"{prefix}factors.{p.Name}", $"must be a number (what a reviewer sees), got {Describe(p.Value)}");
            }
        }
        var features = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
        if (Map(o, "features", prefix, errors) is { } featureMap)
        {
            foreach (var p in featureMap.EnumerateObject())
            {
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.Number when p.Value.TryGetDouble(out var v) && double.IsFinite(v):
                        features[p.Name] = FeatureValue.Of(v);
                        break;
                    case JsonValueKind.String when p.Value.GetString()!.Length <= MaxTextLength:
                        features[p.Name] = FeatureValue.Of(p.Value.GetString()!);
                        break;
                    default:
                        errors.Add($"{prefix}features.{p.Name}", $"must be a number or a text of at most {MaxTextLength} characters, got {Describe(p.Value)}");
                        break;
                }
            }
        }
        string? attributesJson = null;
        var hasAttributes = false;
        if (Map(o, "attributes", prefix, errors) is { } attributes)
        {
            hasAttributes = true;
            foreach (var p in attributes.EnumerateObject())
            {
                var ok = p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null
                    || (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length <= MaxTextLength);
                if (!ok) errors.Add($"{prefix}attributes.{p.Name}", $"must be a text, number or true/false, got {Describe(p.Value)}");
            }
            if (errors.Count == before && !whole && !TryCanonical(canonical, attributes, out var problem))
                errors.Add(prefix + "attributes", problem);
        }

        if (errors.Count != before) return null;
        if (!whole && !TryCanonical(canonical, o, out var wrong))
        {
            errors.Add(prefix.Length == 0 ? "body" : prefix[..^1], wrong);
            return null;
        }
        // The canonical form of a map of numbers (or of numbers and texts) written from its JSON is the one written from its
        // values (CanonicalText.AppendNumbers/AppendFeatures): the same sorted keys, texts and shortest numbers.
        var factorsJson = factors.Count == 0 ? "{}" : Member(canonical, "factors");
        var featuresJson = features.Count == 0 ? "{}" : Member(canonical, "features");
        string? attributesSha256 = null;
        if (hasAttributes && canonical.TryGetMember("attributes", out var attributesPart))
        {
            attributesJson = canonical.Text(attributesPart);
            attributesSha256 = canonical.Sha256(attributesPart);
        }
        return new ReadDecision(prefix, system!, modelVersion!, deployment, externalId!, occurredAt!.Value, digest!, inputJson, output!.Value, confidence,
            factors, features, factorsJson, featuresJson, attributesJson, attributesSha256, canonical.Sha256());
    }

    private static string Member(CanonicalUtf8 canonical, string name) =>
        canonical.TryGetMember(name, out var part) ? canonical.Text(part) : throw new InvalidOperationException($"The canonical decision has no '{name}'.");

    private static bool TryCanonical(CanonicalUtf8 canonical, JsonElement element) => TryCanonical(canonical, element, out _);

    private static bool TryCanonical(CanonicalUtf8 canonical, JsonElement element, out string problem)
    {
        try
        {
            canonical.Write(JsonMarshal.GetRawUtf8Value(element));
            problem = "";
            return true;
        }
        catch (FormatException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static JsonElement? Map(JsonElement o, string name, string prefix, FieldErrors errors)
    {
        if (!o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix + name, $"must be an object of name → value, got {Describe(value)}");
            return null;
        }
        var count = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            count++;
            if (p.Name.Length is 0 or > MaxNameLength) errors.Add($"{prefix}{name}", $"names are 1 to {MaxNameLength} characters; '{Truncate(p.Name)}' is not");
            if (!names.Add(p.Name)) errors.Add($"{prefix}{name}.{p.Name}", "appears twice");
        }
        if (count > MaxEntries) errors.Add(prefix + name, $"at most {MaxEntries} entries, got {count}");
        return value;
    }

    private static string? Text(JsonElement o, string name, string prefix, FieldErrors errors, bool required, int max)
    {
        if (!o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(prefix + name, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + name, $"must be a text, got {Describe(value)}");
            return null;
        }
        var text = value.GetString()!.Trim();
        if (text.Length == 0 || text.Length > max)
        {
            errors.Add(prefix + name, $"must be 1 to {max} characters");
            return null;
        }
        return text;
    }

    private static DateTimeOffset? Time(JsonElement o, string prefix, DateTimeOffset now, FieldErrors errors)
    {
        if (!o.TryGetProperty("occurred_at", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(prefix + "occurred_at", "is required: when the decision was made (ISO 8601 with an offset, e.g. 2026-03-01T09:00:00Z)");
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        // An instant: a date, a time and an offset (Z or ±hh:mm); a time without an offset could be anywhere.
        var hasOffset = text.Length > 10 && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-');
        if (!hasOffset || text.IndexOf('T', StringComparison.OrdinalIgnoreCase) < 0
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at))
        {
            errors.Add(prefix + "occurred_at", $"must be an ISO 8601 date and time with an offset, such as 2026-03-01T09:00:00Z, got {Describe(value)}");
            return null;
        }
        at = at.ToUniversalTime();
        if (at > now + FutureTolerance)
        {
            errors.Add(prefix + "occurred_at", $"is {(at - now).TotalMinutes:0} minutes in the future ({at:yyyy-MM-ddTHH:mm:ssZ}); at most {FutureTolerance.TotalMinutes:0} minutes ahead of the server's clock is accepted");
            return null;
        }
        // Microseconds: what both databases keep, so the record re-hashes identically after a round trip.
        return new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
    }

    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => value.GetRawText(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    private static DecisionBody Failed(string field, string problem) => new(false, [], DecisionBodyProblem.Invalid, new Dictionary<string, string[]> { [field] = [problem] });

    private static DecisionBody Failed(FieldErrors errors) => new(false, [], DecisionBodyProblem.Invalid, errors.ToDictionary());
}
