using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Documents;

/// <summary>The ML-BOM import on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CycloneDxImportPostgresTests(PostgresServer server)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_vendor_BOM_imports_on_PostgreSQL_and_a_second_import_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var bom = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Documents", "CycloneDx", "vendor-ml-bom.json"), Ct);

        var first = await db.Get<ImportCycloneDxBom>().ExecuteAsync("resume-screening", bom, Actors.Dana, Ct);
        var second = await db.Get<ImportCycloneDxBom>().ExecuteAsync("resume-screening", bom, Actors.Dana, Ct);

        first.Value!.Components.Select(l => l.Action).ShouldBe([BomImportAction.Created, BomImportAction.Created]);
        second.Value!.Components.Select(l => l.Action).ShouldBe([BomImportAction.Unchanged, BomImportAction.Unchanged]);
        await using var ctx = db.NewContext();
        var entries = await ctx.Ledger.OrderBy(e => e.Seq).ToListAsync(Ct);
        entries.Select(e => e.Action).TakeLast(4).ShouldBe(["model_version.registered", "model_version.registered", "bom.imported", "bom.imported"]);
        foreach (var entry in entries) LedgerHashing.ExpectedHash(entry.ToRecord()).ShouldBe(entry.Hash);
    }
}
