using NJsonSchema;

namespace Attest.Core.Features.RedTeam;

/// <summary>A probe's JSON schema, compiled once (NJsonSchema), checking answers for the <c>json</c> grader.</summary>
public sealed class JsonSchemaCheck
{
    private readonly JsonSchema _schema;

    private JsonSchemaCheck(JsonSchema schema) => _schema = schema;

    public static JsonSchemaCheck? TryCreate(string schemaJson, out string? problem)
    {
        try
        {
            var schema = JsonSchema.FromJsonAsync(schemaJson).GetAwaiter().GetResult();
            problem = null;
            return new JsonSchemaCheck(schema);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            problem = e.Message.Split(". Path")[0];
            return null;
        }
    }

    public IReadOnlyList<string> Check(string json) =>
        _schema.Validate(json).Select(e => $"{(string.IsNullOrEmpty(e.Path) ? "#" : e.Path)}: {e.Kind}").ToArray();
}
