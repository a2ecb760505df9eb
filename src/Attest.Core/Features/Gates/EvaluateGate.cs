using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Evaluates a system's release gate for a lifecycle transition: gathers the facts from the database
/// (classification tier, required controls and their statuses, routed sign-offs: <see cref="GateSnapshots"/>), asks the Engine to
/// decide, and returns the verdict. Reads only; nothing is recorded.
/// </summary>
public sealed class EvaluateGate(AttestDbContext db, ComplianceData compliance, GateData gates, TimeProvider time, Attest.Core.Features.Evidence.BlobStore blobs)
{
    /// <param name="measurements">Evaluation results from outside the database (e.g. `attest gate --evaluation report.json`), judged with the stored ones.</param>
    public async Task<Result<GateReport>> ExecuteAsync(string idOrSlug, string? modelVersion, GateStage stage, CancellationToken ct, IReadOnlyList<EvaluationMeasurement>? measurements = null)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<GateReport>.NotFound($"No AI system '{idOrSlug}'.");
        var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<GateReport>(db, system, modelVersion, "model_version", ct);
        if (error is not null)
            return error;
        var gathered = await GatherAsync(system, version, stage, ct, measurements);
        return gathered.IsOk ? Result<GateReport>.Ok(gathered.Value!.Report) : gathered.As<GateReport>();
    }

    internal sealed record Gathered(GateReport Report, GateFacts Facts);

    /// <summary>The facts and the verdict, for callers that also record what the decision stood on.</summary>
    internal async Task<Result<Gathered>> GatherAsync(AiSystem system, ModelVersion? version, GateStage stage, CancellationToken ct, IReadOnlyList<EvaluationMeasurement>? measurements = null)
    {
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (ClassificationRecords.NotReady(system, latest) is { } notReady)
            return Result<Gathered>.Conflict(notReady);

        var tier = latest!.Tier;
        var gate = gates.Catalog.For(stage, tier)
            ?? throw new InvalidOperationException($"The gate catalog has no {WireName.Of(stage)} gate for tier {WireName.Of(tier)}.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var snapshot = await GateSnapshots.ReadAsync(db, blobs, system, version, (await Incidents.OrgControlLibrary.LoadAsync(db, compliance, ct)).Required(system.Id, latest),
            RequiredSignOffs(latest), today, allValidEvaluations: false, ct);
        var facts = snapshot.FactsOn(stage, today, measurements);
        var result = GateEvaluator.Evaluate(gate, facts);
        return Result<Gathered>.Ok(new Gathered(GateReport.From(system.Id, tier, gate, result, today), facts));
    }

    internal static IReadOnlyList<RequiredSignOff> RequiredSignOffs(ClassificationRecords.Latest latest) =>
        latest.Document.Review.Select(r => new RequiredSignOff(r.Reviewer, r.Reason)).ToArray();
}
