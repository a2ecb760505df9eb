using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attest.Web.Hosting;

internal static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options) =>
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
