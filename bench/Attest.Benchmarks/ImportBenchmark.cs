using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Benchmarks;

/// <summary>
/// `import-bom N…`: one CycloneDX ML-BOM import of N machine-learning-model components into a fresh SQLite
/// data directory, timed end to end (parse, validate, one write transaction, commit); then the same BOM
/// again (every component matched and unchanged). Baseline in the same run: parsing and validating alone. Last, the
/// first import into a system of the demo portfolio that has an approval in force, so every new version is also
/// assessed for material change (seeding the demo is not timed).
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(IEnumerable<int> sizes)
    {
        // CPU seconds (user + sys of this process) beside wall seconds: on a shared, loaded machine they are the steadier figure.
        Console.WriteLine("| components | parse + validate s [cpu] | first import s [cpu] | re-import s [cpu] | first import, approval in force s [cpu] |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            var bom = Bom(n);
            await CycloneDxMlBom.ParseAsync(Bom(2)); // load the schema and JIT once, outside the timings
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var parse = Stopwatch.StartNew();
            var (parsed, problems) = await CycloneDxMlBom.ParseAsync(bom);
            parse.Stop();
            var parseCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (parsed is null) throw new InvalidOperationException(problems.ToString());

            var directory = Path.Combine(Path.GetTempPath(), "attest-bench-import-" + Guid.NewGuid().ToString("N"));
            var settings = DatabaseSettings.ForDataDirectory(directory);
            await AttestDatabase.MigrateAsync(settings);
            await using var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
            using (var scope = services.CreateScope())
            {
                var registered = await scope.ServiceProvider.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
                {
                    Slug = "vendor-suite",
                    Name = "Vendor suite",
                    Purpose = "Benchmark.",
                    BusinessOwner = "Dana Kim",
                    TechnicalOwner = "Lee Park",
                    BusinessUnit = "Bench",
                }, CallerIdentity.Attest, CancellationToken.None);
                if (!registered.IsOk) throw new InvalidOperationException(registered.Message);
            }
            var (first, firstCpu) = await TimeImportAsync(services, bom);
            var (again, againCpu) = await TimeImportAsync(services, bom);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            var (approved, approvedCpu) = await ApprovedImportAsync(bom);
            Console.WriteLine($"| {n} | {parse.Elapsed.TotalSeconds:F2} [{parseCpu:F2}] | {first:F2} [{firstCpu:F2}] | {again:F2} [{againCpu:F2}] | {approved:F2} [{approvedCpu:F2}] |");
        }
    }

    private static async Task<(double Wall, double Cpu)> ApprovedImportAsync(byte[] bom)
    {
        var directory = Path.Combine(Path.GetTempPath(), "attest-bench-import-" + Guid.NewGuid().ToString("N"));
        var settings = DatabaseSettings.ForDataDirectory(directory);
        await AttestDatabase.MigrateAsync(settings);
        try
        {
            await using var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
            string slug;
            using (var scope = services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<Attest.Core.Demo.SeedDemoPortfolio>().ExecuteAsync(Attest.Core.Demo.SeedDemoPortfolio.DefaultFile, CancellationToken.None);
                var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
                slug = "";
                foreach (var system in db.Systems.OrderBy(s => s.Slug).ToList())
                {
                    var approval = await Attest.Core.Features.Gates.ApprovalsInForce.LatestAsync(db, system.Id, CancellationToken.None);
                    if (approval?.ApprovedConfigurationJson is null) continue;
                    slug = system.Slug;
                    break;
                }
                if (slug.Length == 0) throw new InvalidOperationException("The demo portfolio has no system with an approval in force.");
            }
            using (var scope = services.CreateScope())
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = await scope.ServiceProvider.GetRequiredService<ImportCycloneDxBom>().ExecuteAsync(slug, bom, CallerIdentity.Attest, CancellationToken.None);
                clock.Stop();
                if (!result.IsOk) throw new InvalidOperationException(result.Message);
                var elapsed = (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                var assessed = scope.ServiceProvider.GetRequiredService<AttestDbContext>().MaterialChanges.Count(m => m.SystemId == result.Value!.SystemId && m.Cause == "registered");
                if (assessed < result.Value!.Components.Count) throw new InvalidOperationException($"Only {assessed} of {result.Value.Components.Count} new versions were assessed for material change.");
                return elapsed;
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Wall, double Cpu)> TimeImportAsync(ServiceProvider services, byte[] bom)
    {
        using var scope = services.CreateScope();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<ImportCycloneDxBom>().ExecuteAsync("vendor-suite", bom, CallerIdentity.Attest, CancellationToken.None);
        clock.Stop();
        if (!result.IsOk) throw new InvalidOperationException(result.Message);
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>A vendor BOM with <paramref name="n"/> model components, each with a supplier, licence, hash, link and model card.</summary>
    internal static byte[] Bom(int n)
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
                ["version"] = $"1.{i % 100}.{i}",
                ["description"] = $"Ranking model number {i}.",
                ["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = "Apache-2.0" } }),
                ["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"model {i}"))) }),
                ["externalReferences"] = new JsonArray(new JsonObject { ["type"] = "distribution", ["url"] = $"https://models.example/ranker-{i}" }),
                ["modelCard"] = new JsonObject
                {
                    ["modelParameters"] = new JsonObject { ["task"] = "text-classification", ["architectureFamily"] = "transformer" },
                },
            });
        }
        var bom = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = "urn:uuid:6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
            ["version"] = 1,
            ["components"] = components,
        };
        return Encoding.UTF8.GetBytes(bom.ToJsonString());
    }
}
