using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>
/// A high-tier system (résumé screening, business owner Dana Kim) with model versions 1.0 and 2.0 on a real database with
/// a fake clock, its service key, and the people of oversight: Gus (governance lead), Rita and Raj (reviewers).
/// </summary>
public sealed class OversightScenario : IAsyncDisposable
{
    public const string Slug = "resume-screening";

    public static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");
    public static readonly CallerIdentity Rita = new(new Actor("user:rita", "Rita Reviewer"), [Roles.Reviewer], [], null, "rita");
    public static readonly CallerIdentity Raj = new(new Actor("user:raj", "Raj Reviewer"), [Roles.Reviewer], [], null, "raj");
    public static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");

    private OversightScenario(TestDatabase db, string systemId)
    {
        Db = db;
        SystemId = systemId;
        Service = new CallerIdentity(new Actor("key:svc", "API key screening service"), [Roles.Service], [], systemId, null);
    }

    public TestDatabase Db { get; }
    public string SystemId { get; }
    public CallerIdentity Service { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="expireAfter">How long a review item stays open (default: the server's 30 days).</param>
    public static async Task<OversightScenario> CreateAsync(string? postgres = null, Attest.Core.Features.Monitoring.MonitoringSettings? monitoring = null, TimeSpan? expireAfter = null)
    {
        var db = await TestDatabase.CreateAsync(postgres, monitoring: monitoring,
            oversight: expireAfter is { } e ? OversightSettings.Default with { ExpireAfter = e } : null);
        var system = (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).Value!;
        (await db.Get<SubmitIntake>().ExecuteAsync(Slug, IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<RegisterModelVersion>().ExecuteAsync(Slug, Inputs.Model(version: "1.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<RegisterModelVersion>().ExecuteAsync(Slug, Inputs.Model(version: "2.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        return new OversightScenario(db, system.Id);
    }

    public const string Policy = """
        format: attest.oversight-policy/v1
        controls: [ATT-OVS-01]
        rules:
          - id: low-confidence
            when: { confidence_below: 0.8 }
            sla: 4h
            priority: high
          - id: rejections
            when: { output_in: [reject] }
            sla: 1d
          - id: ungoverned
            when: { ungoverned: true }
            sla: 2d
        """;

    /// <summary>Proposes (Dana) and approves (Gus) a policy; returns its version.</summary>
    public async Task<int> PolicyInForceAsync(string yaml = Policy)
    {
        var proposed = await Db.Get<ProposeOversightPolicy>().ExecuteAsync(Slug, yaml, yaml: true, "policy.yaml", Actors.Dana, Ct);
        proposed.IsOk.ShouldBeTrue(proposed.Message);
        var approved = await Db.Get<ApproveOversightPolicy>().ExecuteAsync(Slug, proposed.Value!.Version, Gus, Ct);
        approved.IsOk.ShouldBeTrue(approved.Message);
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        return approved.Value!.Version;
    }

    /// <summary>A conditional go of model version 1.0 at pre-launch (Eve, an executive approver).</summary>
    public async Task ApproveVersionOneAsync()
    {
        var review = (await Db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = Slug, ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        await ReviewSteps.SignOffAllAsync(Db, review, Ct);
        var decided = await Db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot with every rejection reviewed.",
            Conditions = [new ConditionInput { Description = "Monthly bias audit", Owner = "Dana Kim", DueOn = new DateOnly(2026, 6, 1), Answers = await ReviewSteps.UnmetAsync(Db, Slug, review, Ct) }],
        }, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    public static string Decision(string externalId, string output = "shortlist", double confidence = 0.9, string version = "cv-ranker@1.0", string? occurredAt = null, string extra = "") =>
        $$"""{"system":"{{Slug}}","model_version":"{{version}}","external_id":"{{externalId}}","occurred_at":"{{occurredAt ?? "2026-03-01T08:30:00Z"}}","input":{"cv":"{{externalId}}"},"output":"{{output}}","confidence":{{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"factors":{"skills_match":0.7},"features":{"years_experience":6},"attributes":{"sex":"female"}{{extra}}}""";

    public static string Batch(params string[] decisions) => $$"""{"decisions":[{{string.Join(",", decisions)}}]}""";

    /// <summary>Reads a body as the API does and records it through the ingest pipeline (group commit).</summary>
    public async Task<Result<IngestResponse>> LogAsync(string json, CallerIdentity? caller = null)
    {
        var body = DecisionBodyReader.Read(Encoding.UTF8.GetBytes(json), Db.Clock.GetUtcNow());
        body.Problem.ShouldBe(DecisionBodyProblem.None, string.Join("; ", body.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        return await Db.Get<DecisionIngestPipeline>().SubmitAsync(caller ?? Service, body, Ct);
    }

    public async Task<DecisionResultDto> LogOneAsync(string json)
    {
        var result = await LogAsync(json);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!.Single;
    }

    public async Task<int> CountAsync<T>(Func<AttestDbContext, IQueryable<T>> query)
    {
        await using var ctx = Db.NewContext();
        return await query(ctx).CountAsync(Ct);
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
