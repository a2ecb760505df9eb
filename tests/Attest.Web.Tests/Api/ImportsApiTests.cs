using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>POST /api/v1/systems/{id}/imports/cyclonedx over real HTTP (setup mode: a local administrator).</summary>
public sealed class ImportsApiTests : IAsyncLifetime
{
    private const string Bom = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.6",
          "serialNumber": "urn:uuid:0b7e3c55-2f0a-4a47-9d7e-6b1f6c8e2a10",
          "version": 1,
          "components": [
            {
              "type": "machine-learning-model",
              "bom-ref": "northwind-cv-parser",
              "supplier": { "name": "Northwind Talent AI" },
              "name": "cv-parser",
              "version": "7.2.1",
              "licenses": [ { "license": { "id": "Apache-2.0" } } ],
              "modelCard": { "modelParameters": { "task": "token-classification" } }
            }
          ]
        }
        """;

    private readonly AttestWebFactory _factory = new();
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PostAsync(HttpContent content, string system = "resume-screening") =>
        _client.PostAsync($"/api/v1/systems/{system}/imports/cyclonedx", content, Ct);

    private static StringContent CycloneDxJson(string bom) => new(bom, Encoding.UTF8, "application/vnd.cyclonedx+json");

    [Fact]
    public async Task I_can_import_a_vendor_BOM_as_CycloneDX_JSON_and_again_as_a_multipart_file()
    {
        var response = await PostAsync(CycloneDxJson(Bom));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var body = await response.ReadAsync();
        body["spec_version"]!.GetValue<string>().ShouldBe("1.6");
        var line = body["components"]![0]!;
        (line["component"]!.GetValue<string>(), line["bom_ref"]!.GetValue<string>(), line["name"]!.GetValue<string>(), line["version"]!.GetValue<string>(), line["action"]!.GetValue<string>())
            .ShouldBe(("components[0]", "northwind-cv-parser", "cv-parser", "7.2.1", "created"));
        var model = await (await _client.GetAsync($"/api/v1/systems/resume-screening/models/{line["model_version_id"]!.GetValue<string>()}", Ct)).ReadAsync();
        (model["provider"]!.GetValue<string>(), model["provider_name"]!.GetValue<string>(), model["license"]!.GetValue<string>())
            .ShouldBe(("third_party", "Northwind Talent AI", "Apache-2.0"));

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Bom));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "bom.json");
        var again = await PostAsync(form);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadAsync())["components"]![0]!["action"]!.GetValue<string>().ShouldBe("unchanged");
    }

    [Fact]
    public async Task An_invalid_BOM_is_a_400_naming_the_JSON_path()
    {
        var response = await PostAsync(Json.Body(Bom.Replace("\"version\": \"7.2.1\",", "", StringComparison.Ordinal)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadAsync();
        body["errors"]!["components[0].version"]!.AsArray().Select(e => e!.GetValue<string>())
            .ShouldBe(["is required (Attest identifies a model version by name and version)"]);
        (await (await _client.GetAsync("/api/v1/systems/resume-screening/models", Ct)).ReadAsync()).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_BOM_for_an_in_house_model_version_is_a_409_naming_the_component()
    {
        (await _client.PostJsonAsync("/api/v1/systems/resume-screening/models",
            """{"name":"cv-parser","version":"7.2.1","kind":"predictive","provider":"in_house"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await PostAsync(CycloneDxJson(Bom));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadAsync())["errors"]!["components[0]"]![0]!.GetValue<string>().ShouldBe("cv-parser@7.2.1 is an in-house model version of this system");
    }

    [Fact]
    public async Task An_unknown_system_is_a_404_and_another_media_type_a_415()
    {
        (await PostAsync(CycloneDxJson(Bom), "no-such-system")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostAsync(new StringContent(Bom, Encoding.UTF8, "text/plain"))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }
}
