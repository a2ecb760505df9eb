using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Inventory;

public sealed class SystemRegistrationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task I_can_register_a_system_and_the_ledger_records_who_did_it()
    {
        var result = await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, TestContext.Current.CancellationToken);

        result.IsOk.ShouldBeTrue(result.Message);
        var system = result.Value!;
        system.Id.ShouldStartWith("sys_");
        system.Stage.ShouldBe(LifecycleStage.Proposed);
        system.Version.ShouldBe(1);
        system.CreatedAt.ShouldBe(_db.Clock.GetUtcNow());
        system.Jurisdictions.ShouldBe(["EU", "US-NY"]);

        await using var ctx = _db.NewContext();
        var entry = await ctx.Ledger.SingleAsync(TestContext.Current.CancellationToken);
        entry.Seq.ShouldBe(1);
        entry.Actor.ShouldBe("user:dana");
        entry.Action.ShouldBe("system.registered");
        entry.Subject.ShouldBe($"system:{system.Id}");
        entry.PrevHash.ShouldBe(new string('0', 64));
    }

    [Fact]
    public async Task Registering_a_taken_slug_is_a_conflict_and_writes_nothing()
    {
        var register = _db.Get<RegisterSystem>();
        (await register.ExecuteAsync(Inputs.System(), Actors.Dana, TestContext.Current.CancellationToken)).IsOk.ShouldBeTrue();

        var again = await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System() with { Name = "Another" }, Actors.Dana, TestContext.Current.CancellationToken);

        again.Kind.ShouldBe(ResultKind.Conflict);
        again.Errors.Keys.ShouldContain("slug");
        await using var ctx = _db.NewContext();
        (await ctx.Systems.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        (await ctx.Ledger.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task Invalid_input_names_every_bad_field()
    {
        var input = Inputs.System("Not A Slug") with
        {
            Name = " ",
            BusinessOwner = null,
            Links = [new LinkInput { Title = "x", Url = "ftp://nope" }],
            Jurisdictions = ["EU", ""],
        };

        var result = await _db.Get<RegisterSystem>().ExecuteAsync(input, Actors.Dana, TestContext.Current.CancellationToken);

        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors.Keys.ShouldBe(["slug", "name", "business_owner", "jurisdictions[1]", "links[0].url"], ignoreOrder: true);
        await using var ctx = _db.NewContext();
        (await ctx.Ledger.AnyAsync(TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task Stage_moves_follow_the_lifecycle_and_each_move_is_on_the_ledger()
    {
        var created = (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, TestContext.Current.CancellationToken)).Value!;

        var skip = await _db.Get<UpdateSystem>().ExecuteAsync(created.Slug, Inputs.System() with { Stage = LifecycleStage.Deployed }, null, Actors.Dana, TestContext.Current.CancellationToken);
        skip.Kind.ShouldBe(ResultKind.Conflict);
        skip.Message!.ShouldContain("from proposed to deployed");

        _db.Clock.Advance(TimeSpan.FromDays(1));
        var moved = await _db.Get<UpdateSystem>().ExecuteAsync(created.Slug, Inputs.System() with { Stage = LifecycleStage.InDevelopment }, 1, Actors.Dana, TestContext.Current.CancellationToken);
        moved.IsOk.ShouldBeTrue(moved.Message);
        moved.Value!.Version.ShouldBe(2);
        moved.Value.UpdatedAt.ShouldBe(created.CreatedAt.AddDays(1));

        await using var ctx = _db.NewContext();
        var actions = await ctx.Ledger.OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(TestContext.Current.CancellationToken);
        actions.ShouldBe(["system.registered", "system.stage_changed"]);
    }

    [Fact]
    public async Task A_stale_version_cannot_overwrite_a_newer_change()
    {
        var created = (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, TestContext.Current.CancellationToken)).Value!;
        (await _db.Get<UpdateSystem>().ExecuteAsync(created.Slug, Inputs.System() with { Name = "First edit" }, 1, Actors.Dana, TestContext.Current.CancellationToken)).IsOk.ShouldBeTrue();

        var stale = await _db.Get<UpdateSystem>().ExecuteAsync(created.Slug, Inputs.System() with { Name = "Second edit" }, 1, Actors.Dana, TestContext.Current.CancellationToken);

        stale.Kind.ShouldBe(ResultKind.PreconditionFailed);
        (await _db.Get<GetSystem>().ExecuteAsync(created.Slug, TestContext.Current.CancellationToken)).Value!.Name.ShouldBe("First edit");
    }

    [Fact]
    public async Task Deleting_a_system_removes_its_models_and_deployments_but_keeps_shared_datasets_and_history()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cvs"), Actors.Dana, ct)).IsOk.ShouldBeTrue();
        var created = (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, ct)).Value!;
        var model = (await _db.Get<RegisterModelVersion>().ExecuteAsync(created.Slug, Inputs.Model(datasets: "cvs"), Actors.Dana, ct)).Value!;
        (await _db.Get<SaveDeployment>().RecordAsync(created.Slug, new DeploymentInput { ModelVersion = model.Id, Environment = DeploymentEnvironment.Production, Region = "eu-west-1" }, Actors.Dana, ct)).IsOk.ShouldBeTrue();

        var deleted = await _db.Get<DeleteSystem>().ExecuteAsync(created.Slug, null, Actors.Dana, ct);

        deleted.IsOk.ShouldBeTrue(deleted.Message);
        (await _db.Get<GetSystem>().ExecuteAsync(created.Slug, ct)).Kind.ShouldBe(ResultKind.NotFound);
        await using var ctx = _db.NewContext();
        (await ctx.ModelVersions.CountAsync(ct)).ShouldBe(0);
        (await ctx.Deployments.CountAsync(ct)).ShouldBe(0);
        (await ctx.Datasets.CountAsync(ct)).ShouldBe(1);
        (await ctx.Ledger.OrderByDescending(e => e.Seq).Select(e => e.Action).FirstAsync(ct)).ShouldBe("system.deleted");
    }

    [Fact]
    public async Task The_inventory_filters_by_stage_owner_tier_and_text_and_paginates()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 5; i++)
            (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System($"system-{i}") with { Name = $"System {i}", BusinessOwner = i % 2 == 0 ? "Dana Kim" : "Ola Berg", Stage = i < 2 ? LifecycleStage.Deployed : LifecycleStage.Proposed }, Actors.Dana, ct)).IsOk.ShouldBeTrue();
        var list = _db.Get<ListSystems>();

        (await list.ExecuteAsync(new SystemFilter { Stage = LifecycleStage.Deployed }, ReadScope.Everything, ct)).Value!.Items.Select(s => s.Slug).ShouldBe(["system-0", "system-1"]);
        (await list.ExecuteAsync(new SystemFilter { Owner = "ola" }, ReadScope.Everything, ct)).Value!.Items.Select(s => s.Slug).ShouldBe(["system-1", "system-3"]);
        (await list.ExecuteAsync(new SystemFilter { Query = "SYSTEM 4" }, ReadScope.Everything, ct)).Value!.Items.Single().Slug.ShouldBe("system-4");
        var page2 = (await list.ExecuteAsync(new SystemFilter { Page = 2, PageSize = 2 }, ReadScope.Everything, ct)).Value!;
        page2.Total.ShouldBe(5);
        page2.Items.Select(s => s.Slug).ShouldBe(["system-2", "system-3"]);
        (await list.ExecuteAsync(new SystemFilter { Tier = "enormous" }, ReadScope.Everything, ct)).Errors.Keys.ShouldBe(["tier"]);
        (await list.ExecuteAsync(new SystemFilter { PageSize = 0 }, ReadScope.Everything, ct)).Errors.Keys.ShouldBe(["page_size"]);
    }
}
