using System.Net;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

public sealed class GatePagesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/systems/credit-scoring/gate", "NO-GO")]
    [InlineData("/systems/credit-scoring/gate?stage=design_review", "legal sign-off")]
    [InlineData("/systems/credit-scoring/gate", "Open ATT-RISK-02")]
    [InlineData("/systems/credit-scoring", "Release gate")]
    [InlineData("/reviews", "Review board")]
    [InlineData("/reviews", "Fairness test of the candidate model on the 2026 hold-out")]
    [InlineData("/reviews", "<strong>overdue</strong>")]
    [InlineData("/reviews", "Mark done")]
    [InlineData("/systems/code-assistant/gate", "class=\"gate-verdict go\" role=\"status\">")]
    [InlineData("/systems/code-assistant/gate", "<strong>GO</strong>")]
    [InlineData("/systems/credit-scoring/gate", "class=\"gate-verdict no-go\" role=\"status\">")]
    [InlineData("/reviews", "Open the review")]
    [InlineData("/", "id=\"needs-attention\"")]
    [InlineData("/me/work", "My work")]
    [InlineData("/systems/credit-scoring/gate?model_version=credit-pd-gbm%403.1.0", "href=\"/api/v1/systems/credit-scoring/gate/bundle?model_version=credit-pd-gbm%403.1.0\" download>Download the gate bundle</a>")]
    [InlineData("/systems/credit-scoring/gate?model_version=credit-pd-gbm%403.1.0", "<option value=\"credit-pd-gbm@3.1.0\" selected>")]
    [InlineData("/systems/credit-scoring/gate?model_version=credit-pd-gbm%403.1.0", "fairness reviewer Yusuf Demir (fairness reviewer) requested changes.")]
    [InlineData("/systems/credit-scoring/gate", "href=\"/systems/credit-scoring/waivers?control=ATT-RISK-02#request\">Request a waiver of ATT-RISK-02</a>")]
    [InlineData("/systems/credit-scoring", "href=\"/systems/credit-scoring/waivers\">Waivers</a>")]
    [InlineData("/systems/credit-scoring", "href=\"/systems/credit-scoring/changes\">Model changes</a>")]
    [InlineData("/systems/credit-scoring/waivers", "<h2 id=\"list\">Waivers (1)</h2>")]
    [InlineData("/systems/credit-scoring/changes", "No model version of this system has been approved yet, so there is nothing to compare with.")]
    [InlineData("/waivers", "0 pending, 0 expiring within 30 days.")]
    [InlineData("/", "href=\"/waivers\">Waivers</a>")]
    public async Task Gate_and_review_pages_render(string path, string expected)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(expected);
    }

    [Theory]
    [InlineData("/systems/nope/waivers")]
    [InlineData("/systems/nope/changes")]
    public async Task Waiver_and_change_pages_of_an_unknown_system_say_so(string path)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, "like the other system pages, the page itself explains");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("No AI system &#x27;nope&#x27;");
    }
}
