using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;
using Attest.Core.Features.Ledger;
using Attest.Web.Api;
using Attest.Web.Security;
using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Conventions;

/// <summary>
/// The rules of the codebase that a reviewer should not have to remember, checked over all of it (after NodaTime's
/// conventions tests): the Engine stays pure, every write goes through the governed path, every endpoint and form names
/// its permission, every ledger action reads as a sentence, every data file is loaded and checked.
/// </summary>
public sealed partial class ConventionTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void The_engine_references_no_package_and_reads_no_file_network_clock_or_global_randomness()
    {
        using var stream = File.OpenRead(typeof(Attest.Engine.Ledger.LedgerHashing).Assembly.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();

        var assemblies = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        assemblies.Where(a => !a.StartsWith("System", StringComparison.Ordinal) && a is not ("netstandard" or "mscorlib"))
            .ShouldBeEmpty("the Engine references the BCL only");

        var types = md.TypeReferences.Select(h => md.GetTypeReference(h)).Select(t => $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}").ToList();
        // IP addresses are values (the red-team PII detectors parse them out of text), not network access.
        string[] pureNetValues = ["System.Net.IPAddress", "System.Net.Sockets.AddressFamily"];
        types.Where(t => (t.StartsWith("System.IO.", StringComparison.Ordinal) || t.StartsWith("System.Net.", StringComparison.Ordinal)
                || t is "System.TimeProvider" or "System.Diagnostics.Stopwatch") && !pureNetValues.Contains(t))
            .ShouldBeEmpty("no I/O, network or clock in the Engine");

        var members = md.MemberReferences.Select(h => md.GetMemberReference(h))
            .Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m =>
            {
                var parent = md.GetTypeReference((TypeReferenceHandle)m.Parent);
                return $"{md.GetString(parent.Namespace)}.{md.GetString(parent.Name)}::{md.GetString(m.Name)}";
            }).ToList();
        string[] banned =
        [
            "System.Guid::NewGuid", "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTime::get_Today",
            "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow", "System.Random::get_Shared",
        ];
        members.Where(banned.Contains).ShouldBeEmpty("the Engine is deterministic: time and randomness are passed in");
        // The machine may set how many cores work (results do not depend on it), and iterators read their thread; nothing else.
        members.Where(m => m.StartsWith("System.Environment::", StringComparison.Ordinal) && m is not ("System.Environment::get_ProcessorCount" or "System.Environment::get_CurrentManagedThreadId")).ShouldBeEmpty();
    }

    [Fact]
    public void Every_write_goes_through_the_governed_write_path()
    {
        // The path itself, and the two primitives it is built from.
        string[] path = ["src/Attest.Core/Governance/", "src/Attest.Core/Data/TransactionExtensions.cs", "src/Attest.Core/Features/Ledger/LedgerWriter.cs"];
        // Bookkeeping that is not a governed change: a key's last use, a user's failed sign-ins, a background job's lease (which
        // instance runs this period); the assessment recorder flushes inside the path; the context's own override refuses ledger edits.
        string[] saveChangesAllowed =
        [
            "src/Attest.Core/Data/AttestDbContext.cs",
            "src/Attest.Core/Features/Identity/ApiKeys.cs", "src/Attest.Core/Features/Identity/SignInWithPassword.cs",
            "src/Attest.Core/Features/Gates/MaterialChangeRecorder.cs", "src/Attest.Core/Features/Operations/ClaimJobRun.cs",
        ];
        // Derived rows, recomputable from the records and the ledger, that change nothing governed: the KPI history
        // (docs/kpis.md), written insert-if-absent in a transaction of its own.
        string[] derived = ["src/Attest.Core/Features/Kpis/TakeKpiSnapshots.cs"];
        var offences = new List<string>();
        foreach (var file in SourceFiles("src").Where(f => !path.Any(f.StartsWith) && !derived.Contains(f)))
        {
            var text = File.ReadAllText(Path.Combine(Root, file));
            foreach (var call in (string[])["InTransactionAsync(", "BeginTransaction", "LedgerWriter.AppendAsync(", "LedgerWriter.AppendAllAsync(", "MaterialChangeRecorder.AssessAllAsync(", "CommitAsync("])
            {
                if (text.Contains(call, StringComparison.Ordinal))
                    offences.Add($"{file}: {call}");
            }
            if (text.Contains("SaveChangesAsync(", StringComparison.Ordinal) && !saveChangesAllowed.Contains(file))
                offences.Add($"{file}: SaveChangesAsync(");
        }
        offences.ShouldBeEmpty("writes go through GovernedWrites.ChangeAsync (src/Attest.Core/Governance), which authorizes, records and assesses in one transaction");
    }

    [Fact]
    public void Every_endpoint_declares_a_permission_of_the_matrix()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true).ToList();
        endpoints.Count.ShouldBeGreaterThan(50);
        endpoints.Where(e => e.Metadata.GetMetadata<RequiredPermission>() is not { } p || !AuthorizationMatrix.IsKnown(p.Name))
            .Select(e => e.DisplayName).ShouldBeEmpty();
    }

    [Fact]
    public void Every_form_of_every_page_declares_the_permissions_it_posts_for()
    {
        var components = typeof(AttestWebApp).Assembly.GetTypes().Where(t => typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(t)).ToList();
        // Signing in and out is authentication, not a governed change.
        string[] authentication = ["src/Attest.Web/Components/Pages/SignIn.razor", "src/Attest.Web/Components/Layout/MainLayout.razor"];
        var offences = new List<string>();
        foreach (var file in SourceFiles("src/Attest.Web/Components").Where(f => f.EndsWith(".razor", StringComparison.Ordinal) && !authentication.Contains(f)))
        {
            var text = File.ReadAllText(Path.Combine(Root, file));
            if (!PostingForm().IsMatch(text))
                continue;
            var type = components.Single(t => t.Name == Path.GetFileNameWithoutExtension(file));
            if (type.GetCustomAttribute<FormPermissionsAttribute>() is not { } declared || declared.Permissions.Count == 0)
                offences.Add($"{file}: has a form but no [FormPermissions(...)]");
            else
                offences.AddRange(declared.Permissions.Where(p => !AuthorizationMatrix.IsKnown(p)).Select(p => $"{file}: unknown permission {p}"));
        }
        offences.ShouldBeEmpty();
    }

    [Fact]
    public void Every_permission_is_held_by_some_role_and_every_role_is_real()
    {
        AuthorizationMatrix.UnknownRoles().ShouldBeEmpty();
        var declared = typeof(Permissions).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        declared.Where(p => !AuthorizationMatrix.IsKnown(p)).ShouldBeEmpty("every permission is in the matrix");
        AuthorizationMatrix.RolesByPermission.Where(p => p.Value.Count == 0).Select(p => p.Key).ShouldBeEmpty();
    }

    [Fact]
    public void Every_ledger_action_has_a_phrase_and_every_phrase_an_action()
    {
        var phrases = app.Factory.Services.GetRequiredService<HistoryPhraseBook>();
        LedgerActions.Names.Where(a => !phrases.Phrases.ContainsKey(a)).ShouldBeEmpty();
        phrases.Phrases.Keys.Where(a => !LedgerActions.Names.Contains(a)).ShouldBeEmpty();
        // And no ledger action is written as a bare string outside the catalog.
        // The Engine's export verifier recognises the ledger's own key and checkpoint records by name without referencing
        // Core (it runs for outside auditors); every other mention goes through the catalog.
        var literals = SourceFiles("src")
            .Where(f => !f.EndsWith("Governance/LedgerActions.cs", StringComparison.Ordinal) && f != "src/Attest.Engine/Ledger/LedgerExportVerifier.cs")
            .SelectMany(f => QuotedName().Matches(File.ReadAllText(Path.Combine(Root, f))).Select(m => m.Groups[1].Value)
                .Where(LedgerActions.Names.Contains).Select(name => $"{f}: \"{name}\""))
            .ToList();
        literals.ShouldBeEmpty("actions come from Governance/LedgerActions.cs");
    }

    [Fact]
    public void Every_data_file_is_loaded_and_checked_by_the_start_up_check()
    {
        // Each folder of data/ and what loads it; a new folder without a loader fails here.
        var loaders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["calendar"] = "ComplianceData (calendars)",
            ["controls"] = "ComplianceData (control library)",
            ["frameworks"] = "ComplianceData (framework packs)",
            ["intake"] = "ComplianceData (questions, routing)",
            ["eu-ai-act"] = "ComplianceData (Annex III)",
            ["gates"] = "GateData (gates, material change)",
            ["reviews"] = "GateData (review policy)",
            ["ledger"] = "HistoryPhraseBook",
            ["incidents"] = "IncidentData (taxonomy, clock rules)",
            ["kpis"] = "KpiCatalog (KPI definitions)",
            ["training"] = "TrainingRequirements (required courses per role)",
            ["cyclonedx"] = "CycloneDxSchema (schemas, checked by CycloneDxExportTests)",
            ["demo"] = "SeedDemoPortfolio (checked by LedgerAppendTests and DemoGatePairTests)",
            ["redteam"] = "ProbeSuiteLoader (loaded when a red-team run starts; every shipped suite checked by ProbeSuiteLoaderTests)",
        };
        var folders = Directory.GetDirectories(Path.Combine(Root, "data")).Select(Path.GetFileName).ToList();
        folders.Where(f => !loaders.ContainsKey(f!)).ShouldBeEmpty("every data folder has a loader");
        var report = DataCheck.Run(null, null);
        report.Controls.ShouldBeGreaterThan(50);
        report.Gates.ShouldBeGreaterThan(0);
        report.Phrases.ShouldBe(LedgerActions.Names.Count);
        report.IncidentCategories.ShouldBe(8);
        report.IncidentClockRules.ShouldBeGreaterThan(0);
        report.Kpis.ShouldBe(17);
        report.TrainingRoles.ShouldBe(7);
    }

    private static IEnumerable<string> SourceFiles(string under) =>
        Directory.EnumerateFiles(Path.Combine(Root, under), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Attest.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from the repository.");
    }

    [GeneratedRegex(@"method=""post""|FormName=", RegexOptions.CultureInvariant)]
    private static partial Regex PostingForm();

    // "waiver.approved", "system.stage_changed": any dotted lower-case word in quotes; the test keeps the ledger actions.
    [GeneratedRegex(@"""([a-z_]+\.[a-z_]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedName();
}
