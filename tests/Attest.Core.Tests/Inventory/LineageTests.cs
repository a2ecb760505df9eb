using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Inventory;

public sealed class LineageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Which_systems_use_a_dataset_follows_derived_datasets()
    {
        var save = _db.Get<SaveDataset>();
        (await save.RegisterAsync(Inputs.Dataset("raw-cvs"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("clean-cvs", "raw-cvs"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("unrelated"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("screening"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("other"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("screening", Inputs.Model("ranker", "2.0.0", "clean-cvs"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("other", Inputs.Model("baseline", "1.0.0", "raw-cvs", "unrelated"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var usage = (await _db.Get<GetDatasetUsage>().ExecuteAsync("raw-cvs", ReadScope.Everything, Ct)).Value!;

        usage.UsedBy.Select(u => (u.SystemSlug, u.Model, u.Via?.Slug)).ShouldBe([("other", "baseline@1.0.0", null), ("screening", "ranker@2.0.0", "clean-cvs")]);
        usage.Descendants.Select(d => d.Slug).ShouldBe(["clean-cvs"]);
        var clean = (await _db.Get<GetDatasetUsage>().ExecuteAsync("clean-cvs", ReadScope.Everything, Ct)).Value!;
        clean.Ancestors.Select(d => d.Slug).ShouldBe(["raw-cvs"]);
        clean.UsedBy.Select(u => u.SystemSlug).ShouldBe(["screening"]);
    }

    [Fact]
    public async Task The_system_lineage_runs_from_deployments_through_models_to_source_datasets()
    {
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("raw-cvs"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("clean-cvs", "raw-cvs"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("screening"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var model = (await _db.Get<RegisterModelVersion>().ExecuteAsync("screening", Inputs.Model("ranker", "2.0.0", "clean-cvs"), Actors.Dana, Ct)).Value!;
        var deployment = (await _db.Get<SaveDeployment>().RecordAsync("screening", new DeploymentInput { ModelVersion = "ranker@2.0.0", Environment = DeploymentEnvironment.Production, Region = "eu-west-1", Status = DeploymentStatus.Active }, Actors.Dana, Ct)).Value!;

        var lineage = (await _db.Get<GetSystemLineage>().ExecuteAsync("screening", Ct)).Value!;

        var labels = lineage.Nodes.ToDictionary(n => n.Id, n => n.Label);
        lineage.Edges.Select(e => (labels[e.From], e.Relation, labels[e.To])).ShouldBe(
        [
            ("Résumé screening assistant", "deployed_as", "production · eu-west-1 (active)"),
            ("production · eu-west-1 (active)", "runs", "ranker@2.0.0"),
            ("Résumé screening assistant", "has_model", "ranker@2.0.0"),
            ("ranker@2.0.0", "trained_on", "clean cvs"),
            ("clean cvs", "derived_from", "raw cvs"),
        ], ignoreOrder: true);
        deployment.ModelVersionId.ShouldBe(model.Id);
    }

    [Fact]
    public async Task Lineage_cannot_loop()
    {
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("a"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("b", "a"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var loop = await _db.Get<SaveDataset>().UpdateAsync("a", Inputs.Dataset("a", "b"), null, Actors.Dana, Ct);

        loop.Kind.ShouldBe(ResultKind.Invalid);
        loop.Errors["parents"].Single().ShouldContain("lineage cannot loop");
    }

    [Fact]
    public async Task Dangling_references_are_refused_with_the_field_named_and_nothing_written()
    {
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("screening"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("other"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var foreign = (await _db.Get<RegisterModelVersion>().ExecuteAsync("other", Inputs.Model("theirs", "1.0.0"), Actors.Dana, Ct)).Value!;

        var unknownDataset = await _db.Get<RegisterModelVersion>().ExecuteAsync("screening", Inputs.Model(datasets: "nope"), Actors.Dana, Ct);
        var unknownModel = await _db.Get<SaveDeployment>().RecordAsync("screening", new DeploymentInput { ModelVersion = "ghost@9", Environment = DeploymentEnvironment.Staging, Region = "eu" }, Actors.Dana, Ct);
        var otherSystemsModel = await _db.Get<SaveDeployment>().RecordAsync("screening", new DeploymentInput { ModelVersion = foreign.Id, Environment = DeploymentEnvironment.Staging, Region = "eu" }, Actors.Dana, Ct);
        var personalDataWithoutBasis = await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("pii") with { LegalBasis = null }, Actors.Dana, Ct);

        unknownDataset.Errors.Keys.ShouldBe(["training_datasets[0]"]);
        unknownModel.Errors.Keys.ShouldBe(["model_version"]);
        otherSystemsModel.Errors.Keys.ShouldBe(["model_version"]);
        personalDataWithoutBasis.Errors.Keys.ShouldBe(["legal_basis"]);
        await using var ctx = _db.NewContext();
        (await ctx.ModelVersions.CountAsync(Ct)).ShouldBe(1);
        (await ctx.Deployments.CountAsync(Ct)).ShouldBe(0);
        (await ctx.Datasets.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_model_version_is_registered_once_per_system()
    {
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("screening"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var again = await _db.Get<RegisterModelVersion>().ExecuteAsync("screening", Inputs.Model(), Actors.Dana, Ct);
        var badHash = await _db.Get<RegisterModelVersion>().ExecuteAsync("screening", Inputs.Model(version: "2") with { ArtifactSha256 = "ABC" }, Actors.Dana, Ct);

        again.Kind.ShouldBe(ResultKind.Conflict);
        badHash.Errors.Keys.ShouldBe(["artifact_sha256"]);
    }
}
