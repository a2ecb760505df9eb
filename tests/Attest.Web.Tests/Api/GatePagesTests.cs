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
    [InlineData("/reviews", "Fairness test of the candidate model on the 2026 hold-out")]
    [InlineData("/reviews", "<strong>overdue</strong>")]
    [InlineData("/reviews", "Mark done")]
    [InlineData("/systems/code-assistant/gate", "class=\"gate-go\"><strong>GO</strong>")]
    public async Task Gate_and_review_pages_render(string path, string expected)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(expected);
    }
}
