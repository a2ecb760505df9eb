using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Attest.Core.Common;

/// <summary>
/// The one JSON dialect Attest speaks to users: snake_case names and enum values; unknown fields, fields
/// spelled in another case and fields given twice refused; numbers only as finite doubles.
/// </summary>
public static class AttestJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Exact-case binding: {"Name": …} is an unknown field, never a silent override of "name".
        o.PropertyNameCaseInsensitive = false;
        o.AllowDuplicateProperties = false;
        o.Converters.Add(new FiniteDoubleConverter());
        o.Converters.Add(new StrictJsonObjectConverter());
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return o;
    }

    public static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;
}
