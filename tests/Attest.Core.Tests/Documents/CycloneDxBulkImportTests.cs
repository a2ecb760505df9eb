using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Documents;

/// <summary>
/// A large BOM imported into a system with an approval in force: the batched writes (model versions inserted together,
/// ledger entries appended as one batch, material change assessed once for all) give the outcome the one-by-one import
/// gave — a version, a registration entry and an assessment per new model, the import's own entry between them — and a
/// chain that verifies.
/// </summary>
public sealed class CycloneDxBulkImportTests : IAsyncLifetime
{
    private const int Models = 60;
    private TestDatabase _db = null!;
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("screener", "1.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        await ReviewSteps.SignOffAllAsync(_db, review, Ct);
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot.",
            Conditions = [new ConditionInput { Description = "Attach the fairness report", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 1), Answers = await ReviewSteps.UnmetAsync(_db, "resume-screening", review, Ct) }],
        }, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Bom(int n, Func<int, string> license)
    {
        var components = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            components.Add(new JsonObject
            {
                ["type"] = "machine-learning-model",
                ["bom-ref"] = $"model-{i}",
                ["supplier"] = new JsonObject { ["name"] = "Northwind Talent AI" },
                ["name"] = $"ranker-{i}",
                ["version"] = $"1.{i}",
                ["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = license(i) } }),
                ["modelCard"] = new JsonObject { ["modelParameters"] = new JsonObject { ["task"] = "text-classification", ["architectureFamily"] = "transformer" } },
            });
        }
        return Encoding.UTF8.GetBytes(new JsonObject { ["bomFormat"] = "CycloneDX", ["specVersion"] = "1.6", ["version"] = 1, ["components"] = components }.ToJsonString());
    }

    private async Task<Result<BomImportResult>> ImportAsync(byte[] bom) =>
        await _db.Get<ImportCycloneDxBom>().ExecuteAsync("resume-screening", bom, Actors.Dana, Ct);

    private async Task<List<LedgerEntry>> LedgerAsync()
    {
        await using var ctx = _db.NewContext();
        return await ctx.Ledger.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_first_import_records_a_version_an_entry_and_an_assessment_per_model_and_the_chain_verifies()
    {
        var before = (await LedgerAsync()).Count;

        var result = await ImportAsync(Bom(Models, _ => "Apache-2.0"));

        result.IsOk.ShouldBeTrue(result.Message);
        result.Value!.Components.ShouldAllBe(l => l.Action == BomImportAction.Created);
        await using var ctx = _db.NewContext();
        (await ctx.ModelVersions.CountAsync(Ct)).ShouldBe(Models + 1);
        var imported = await ctx.ModelVersions.AsNoTracking().Where(m => m.Name.StartsWith("ranker-")).ToListAsync(Ct);
        imported.ShouldAllBe(m => m.Provider == Engine.Inventory.ModelProvider.ThirdParty && m.License == "Apache-2.0" && m.RowVersion == 1);
        var assessments = await ctx.MaterialChanges.AsNoTracking().ToListAsync(Ct);
        assessments.Count.ShouldBe(Models);
        assessments.ShouldAllBe(a => a.Cause == "registered" && a.ApprovedLabel == "screener@1.0");
        assessments.Select(a => a.ModelVersionId).ShouldBe(imported.Select(m => m.Id), ignoreOrder: true);

        var added = (await LedgerAsync()).Skip(before).Select(e => e.Action).ToList();
        added.ShouldBe([
            .. Enumerable.Repeat(LedgerActions.ModelVersionRegistered.Name, Models),
            LedgerActions.BomImported.Name,
            .. Enumerable.Repeat(LedgerActions.ChangeAssessed.Name, Models)]);
        ChainVerifies(await LedgerAsync());
    }

    [Fact]
    public async Task A_re_import_with_some_changes_updates_and_assesses_only_those()
    {
        (await ImportAsync(Bom(Models, _ => "Apache-2.0"))).IsOk.ShouldBeTrue();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = (await LedgerAsync()).Count;

        var result = await ImportAsync(Bom(Models, i => i % 20 == 0 ? "MIT" : "Apache-2.0"));

        result.IsOk.ShouldBeTrue(result.Message);
        result.Value!.Components.Count(l => l.Action == BomImportAction.Updated).ShouldBe(3);
        result.Value.Components.Count(l => l.Action == BomImportAction.Unchanged).ShouldBe(Models - 3);
        var added = (await LedgerAsync()).Skip(before).Select(e => e.Action).ToList();
        added.ShouldBe([
            .. Enumerable.Repeat(LedgerActions.ModelVersionUpdated.Name, 3),
            LedgerActions.BomImported.Name,
            .. Enumerable.Repeat(LedgerActions.ChangeAssessed.Name, 3)]);
        await using var ctx = _db.NewContext();
        (await ctx.MaterialChanges.CountAsync(m => m.Cause == "updated", Ct)).ShouldBe(3);
        (await ctx.ModelVersions.CountAsync(m => m.License == "MIT" && m.RowVersion == 2, Ct)).ShouldBe(3);
        ChainVerifies(await LedgerAsync());
    }

    private static void ChainVerifies(IReadOnlyList<LedgerEntry> entries)
    {
        LedgerEntry? previous = null;
        foreach (var entry in entries)
        {
            LedgerEntryCheck.Problem(entry, previous).ShouldBeNull();
            entry.Seq.ShouldBe((previous?.Seq ?? 0) + 1);
            previous = entry;
        }
    }
}
