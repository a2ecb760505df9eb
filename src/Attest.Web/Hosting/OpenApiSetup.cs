using Microsoft.AspNetCore.OpenApi;

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
            return Task.CompletedTask;
        });
}
