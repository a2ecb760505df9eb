namespace Attest.Web.Hosting;

/// <summary>Serves the UI's stylesheet from the assembly, so every host (dotnet run, tests, a published binary) has it.</summary>
internal static class Assets
{
    public static void MapAssets(this IEndpointRouteBuilder app)
    {
        var css = ReadResource("site.css");
        app.MapGet("/assets/site.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(css, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
    }

    private static string ReadResource(string name)
    {
        var assembly = typeof(Assets).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
