using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attest.Web.Hosting;

internal static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options)
    {
        // Types read by Attest's own converters (finite doubles, strict free-form objects) say what they accept.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(double) || type == typeof(double?))
            {
                schema.Type = type == typeof(double?) ? JsonSchemaType.Number | JsonSchemaType.Null : JsonSchemaType.Number;
                schema.Format = "double";
                schema.AnyOf = null;
            }
            else if (type == typeof(System.Text.Json.Nodes.JsonObject))
            {
                schema.Type = JsonSchemaType.Object;
            }
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Attest API";
            document.Info.Version = "v1";
            document.Info.Description = "The REST API of Attest, the system of record for AI governance. Errors are RFC 9457 problem details.";
            document.Servers?.Clear();
            // Every /api/v1 call takes "Authorization: Bearer <API key or OIDC access token>".
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An Attest API key (atk_…, from 'attest keys create') or an access token from the configured OIDC issuer.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        });
    }
}
