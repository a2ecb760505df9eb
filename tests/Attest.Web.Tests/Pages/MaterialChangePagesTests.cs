using System.Net;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;
using Attest.Web.Tests.Support;
using static Attest.Web.Tests.Support.PageForms;

namespace Attest.Web.Tests.Pages;

/// <summary>
/// The material-change page on the demo portfolio after credit-pd-gbm@3.0.2 got a conditional go: 3.1.1 has the same data
/// and model family and no deployments yet (not material), 3.2.0 adds a training data source (material). Both are
/// assessed when they are registered, after the approval.
/// </summary>
public sealed class MaterialChangePagesTests : IAsyncLifetime
{
    private const string Page = "/systems/credit-scoring/changes";
    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var review = await _factory.WithServiceAsync<RequestRelease, Result<ReleaseReviewDto>>(c => c.ExecuteAsync(
            new ReleaseRequestInput { System = "credit-scoring", ModelVersion = "3.0.2", Stage = GateStage.PreLaunch }, new CallerIdentity(new Actor("user:pat", "Pat Owner"), [Attest.Engine.Access.Roles.GovernanceLead], [], null, null), Ct));
        var executive = new CallerIdentity(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");
        // Every routed specialist signs off; the one condition answers every requirement the gate still misses.
        var reviewer = new CallerIdentity(new Actor("user:rita", "Rita Reviewer"), [Roles.Reviewer], ["legal", "privacy", "security", "fairness", "safety"], null, null);
        foreach (var assignment in review.Value!.Assignments)
        {
            var signed = await _factory.WithServiceAsync<SignOffReview, Result<ReleaseReviewDto>>(c => c.ExecuteAsync(review.Value.Id,
                new SignOffInput { Specialty = assignment.Specialty, Decision = Attest.Engine.Gates.SignOffDecision.Approve, Rationale = "Reviewed." }, reviewer, Ct));
            signed.IsOk.ShouldBeTrue(signed.Message);
        }
        var unmet = await _factory.WithServiceAsync<EvaluateGate, string[]>(async c =>
            (await c.ExecuteAsync("credit-scoring", "3.0.2", GateStage.PreLaunch, Ct)).Value!.Unmet.Select(u => u.Requirement).ToArray());
        var decided = await _factory.WithServiceAsync<DecideReview, Result<ReleaseReviewDto>>(c => c.ExecuteAsync(review.Value!.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Ship with monitoring.",
            Conditions = [new ConditionInput { Description = "Monthly drift report", Owner = "Risk Analytics", DueOn = new DateOnly(2027, 1, 31), Answers = unmet }],
        }, null, executive, Ct));
        decided.IsOk.ShouldBeTrue(decided.Message);
        var registered = await _factory.WithServiceAsync<RegisterModelVersion, bool>(async c => (await c.ExecuteAsync("credit-scoring", new ModelVersionInput
        {
            Name = "credit-pd-gbm",
            Version = "3.1.1",
            Kind = ModelKind.Predictive,
            Provider = ModelProvider.InHouse,
            TrainingDatasets = ["credit-applications-2018-2025-cleaned"],
        }, CallerIdentity.Attest, Ct)).IsOk);
        registered.ShouldBeTrue();
        var material = await _factory.WithServiceAsync<RegisterModelVersion, bool>(async c => (await c.ExecuteAsync("credit-scoring", new ModelVersionInput
        {
            Name = "credit-pd-gbm",
            Version = "3.2.0",
            Kind = ModelKind.Predictive,
            Provider = ModelProvider.InHouse,
            TrainingDatasets = ["credit-applications-2018-2025-cleaned", "credit-bureau-extracts"],
        }, CallerIdentity.Attest, Ct)).IsOk);
        material.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private Task<CreatedApiKey> KeyAsync(string role, string? system = null) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);

    /// <summary>The card of one candidate version.</summary>
    private static string Section(string html, string key)
    {
        var start = html.IndexOf($"id=\"change-{key}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no section for {key}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_diff_shows_added_and_removed_values_with_text_markers_fired_triggers_first_and_the_material_banner()
    {
        var auditor = await KeyAsync("auditor");

        var html = await GetHtmlAsync(_client, Page, auditor.Secret, Ct);

        html.ShouldContain("Approved version: <strong class=\"mono\">credit-pd-gbm@3.0.2</strong>");
        var material = Section(html, "credit-pd-gbm-3-2-0");
        material.ShouldContain("<strong>Material change: new review required.</strong>");
        material.ShouldContain("Fired: training-data-source.");
        material.ShouldContain("<th scope=\"row\" class=\"mono\">training_data_source</th>");
        material.ShouldContain("<ins class=\"diff-added\"><span aria-hidden=\"true\">+ </span><span class=\"visually-hidden\">added: </span>credit-bureau-extracts</ins>");
        // The triggers table lists the fired one first.
        material.IndexOf("<td class=\"mono\">training-data-source</td>", StringComparison.Ordinal)
            .ShouldBeLessThan(material.IndexOf("<td class=\"mono\">label-policy</td>", StringComparison.Ordinal));

        var notMaterial = Section(html, "credit-pd-gbm-3-1-1");
        notMaterial.ShouldContain("<strong>Not material.</strong>");
        notMaterial.ShouldContain("<del class=\"diff-removed\"><span aria-hidden=\"true\">− </span><span class=\"visually-hidden\">removed: </span>eu-central-1</del>");
        notMaterial.ShouldNotContain("diff-added");

        // An auditor may not request reviews: the page points to the board instead of offering the button.
        material.ShouldNotContain("Request a review of");
        material.ShouldContain("<a href=\"/reviews\">Review board</a>");
    }

    [Fact]
    public async Task I_can_request_a_review_of_a_materially_changed_version_from_the_diff()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");

        var (response, html) = await PostAsync(_client, Page, "review-credit-pd-gbm-3-2-0", new Dictionary<string, string> { ["stage"] = "pre_launch" }, owner.Secret, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<h1>Review board</h1>");
        var open = await _factory.WithServiceAsync<ListOpenReviews, IReadOnlyList<OpenReviewView>>(c => c.ExecuteAsync(Attest.Core.Governance.ReadScope.Everything, Ct));
        var requested = open.Single(r => r.Review.ModelVersion == "credit-pd-gbm@3.2.0");
        html.ShouldContain($"id=\"review-{requested.Review.Id}\"");

        var (again, againHtml) = await PostAsync(_client, Page, "review-credit-pd-gbm-3-2-0", new Dictionary<string, string> { ["stage"] = "pre_launch" }, owner.Secret, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        againHtml.ShouldContain("<div class=\"error\" role=\"alert\">A pre_launch review of &#x27;credit-scoring&#x27; credit-pd-gbm@3.2.0 is already open.</div>");
    }

    [Fact]
    public async Task Deploying_the_approved_version_to_a_new_region_shows_the_approval_lapsed()
    {
        var auditor = await KeyAsync("auditor");
        var deployed = await _factory.WithServiceAsync<SaveDeployment, bool>(async c => (await c.RecordAsync("credit-scoring", new DeploymentInput
        {
            ModelVersion = "credit-pd-gbm@3.0.2",
            Environment = DeploymentEnvironment.Production,
            Region = "us-east-1",
        }, CallerIdentity.Attest, Ct)).IsOk);
        deployed.ShouldBeTrue();

        var html = await GetHtmlAsync(_client, Page, auditor.Secret, Ct);

        html.ShouldContain("The last approval lapsed after a material change; no model version is approved now.");
        var lapsed = Section(html, "credit-pd-gbm-3-0-2");
        lapsed.ShouldContain("<strong>The approval of credit-pd-gbm@3.0.2 lapsed</strong>");
        lapsed.ShouldContain("Fired: new-region.");
        lapsed.ShouldContain("when the version was deployed");
    }
}
