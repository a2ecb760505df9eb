using Attest.Core.DataFiles;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Attest.Core.Features.Documents;

/// <summary>
/// The official CycloneDX 1.6 JSON schema (data/cyclonedx/bom-1.6.schema.json with the SPDX licence and JSF
/// schemas it references), loaded once per process. Validation problems come back keyed by the JSON path
/// of the offending value, as in <c>components[2].version</c>.
/// </summary>
public static class CycloneDxSchema
{
    public static string File => ShippedData.PathOf("cyclonedx", "bom-1.6.schema.json");

    // The schema is ~260 kB; parsing it takes a noticeable moment, so every caller shares one instance.
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(File), LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<JsonSchema> LoadAsync() => Schema.Value;

    /// <summary>Every schema violation of a BOM as (JSON path, problem); empty when the BOM is valid.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ValidateAsync(string json)
    {
        var schema = await LoadAsync();
        try
        {
            return schema.Validate(json).SelectMany(Leaves).Select(Describe).Distinct().ToList();
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            // NJsonSchema reads with Newtonsoft.Json, whose limits (nesting depth) differ slightly from System.Text.Json's.
            return [new("bom", $"is not JSON the schema validator can read: {e.Message}")];
        }
    }

    // An invalid array item or property carries the actual problems as children; report those where they are.
    private static IEnumerable<ValidationError> Leaves(ValidationError error)
    {
        if (error is ChildSchemaValidationError child && error.Kind is not (ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotAllOf))
        {
            var inner = child.Errors.Values.SelectMany(e => e).ToList();
            if (inner.Count > 0) return inner.SelectMany(Leaves);
        }
        return [error];
    }

    private static KeyValuePair<string, string> Describe(ValidationError error)
    {
        // NJsonSchema paths look like "#/components[2].version"; the required property is already in the path.
        var path = error.Path is null or "#" ? "" : error.Path.StartsWith("#/", StringComparison.Ordinal) ? error.Path[2..] : error.Path;
        if (path.Length == 0) path = error.Property ?? "bom";
        return new(path, error.Kind == ValidationErrorKind.NotInEnumeration && path.EndsWith(".license.id", StringComparison.Ordinal)
            ? "is not an SPDX licence identifier; name other licences with license.name"
            : Problem(error));
    }

    private static string Problem(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => "is required",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not a property CycloneDX 1.6 defines",
        ValidationErrorKind.NotInEnumeration => "is not one of the values the CycloneDX 1.6 schema allows",
        ValidationErrorKind.StringExpected => "must be a string",
        ValidationErrorKind.IntegerExpected => "must be an integer",
        ValidationErrorKind.NumberExpected => "must be a number",
        ValidationErrorKind.BooleanExpected => "must be true or false",
        ValidationErrorKind.ObjectExpected => "must be an object",
        ValidationErrorKind.ArrayExpected => "must be an array",
        ValidationErrorKind.PatternMismatch => "does not match the pattern the CycloneDX 1.6 schema requires",
        ValidationErrorKind.StringTooShort => "is too short",
        ValidationErrorKind.StringTooLong => "is too long",
        ValidationErrorKind.TooFewItems => "has too few items",
        ValidationErrorKind.TooManyItems => "has too many items",
        ValidationErrorKind.ItemsNotUnique => "has duplicate items",
        ValidationErrorKind.NumberTooSmall => "is too small",
        ValidationErrorKind.NumberTooBig => "is too large",
        ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotAllOf =>
            "does not match any form the CycloneDX 1.6 schema allows here" + FirstChildProblem(error),
        _ => $"is invalid ({error.Kind})",
    };

    // For a oneOf/anyOf failure, the problem of the alternative that came closest says what is wrong.
    private static string FirstChildProblem(ValidationError error)
    {
        if (error is not ChildSchemaValidationError child) return "";
        var first = child.Errors.Values.Where(e => e.Count > 0).OrderBy(e => e.Count).FirstOrDefault()?.SelectMany(Leaves).FirstOrDefault();
        if (first is null) return "";
        var (path, problem) = Describe(first);
        return $" ({path}: {problem})";
    }
}
