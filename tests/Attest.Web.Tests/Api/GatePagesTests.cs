using System.Net;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

public sealed class GatePagesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/systems/credit-scoring/gate", "NO-GO")]
    [InlineData("/systems/credit-scoring/gate?stage=design_review", "sign_off:legal")]
    [InlineData("/systems/credit-scoring/gate", "Open ATT-RISK-02")]
    [InlineData("/systems/credit-scoring", "Release gate")]
    [InlineData("/reviews", "Review board")]
    public async Task Gate_and_review_pages_render(string path, string expected)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(expected);
    }
}
