using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Controls;
using Attest.Core.Tests.Fixtures;
using Attest.Engine.Controls;

namespace Attest.Core.Tests.Controls;

public class ControlLibraryTests
{
    private static readonly ControlLibrary Shipped = ControlLibraryLoader.LoadDefault();

    private static IReadOnlySet<string> Mapped(string framework) =>
        Shipped.Controls.SelectMany(c => c.Mappings).Where(m => m.Framework == framework).Select(m => m.Requirement).ToHashSet();

    [Fact]
    public void The_shipped_library_loads_with_a_declared_version_and_a_content_hash()
    {
        Shipped.Controls.Count.ShouldBe(60);
        Shipped.Version.Declared.ShouldBe("attest-controls 1.0.0");
        Shipped.Version.ContentHash.ShouldMatch("^sha256:[0-9a-f]{64}$");
        Shipped.Frameworks.Select(f => f.Id).ShouldBe(["eu-ai-act", "iso42001", "nist-ai-rmf", "owasp-llm-2025"]);
    }

    [Fact]
    public void Every_one_of_the_72_NIST_AI_RMF_subcategories_is_mapped_by_at_least_one_control()
    {
        // The copied list: tests/Attest.Core.Tests/Fixtures/nist-ai-rmf-1.0-core.csv, column subcategory_id.
        var subcategories = File.ReadLines(Fixture.PathOf("nist-ai-rmf-1.0-core.csv")).Skip(1)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @",((GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+),").Groups[1].Value.Replace(' ', '-'))
            .ToArray();

        subcategories.Length.ShouldBe(72);
        subcategories.Distinct().Count().ShouldBe(72);
        subcategories.Except(Mapped("nist-ai-rmf")).ShouldBeEmpty();
        Shipped.Framework("nist-ai-rmf")!.Requirements.Select(r => r.Id).ShouldBe(subcategories);
    }

    [Fact]
    public void The_EU_AI_Act_articles_the_issue_names_are_each_mapped()
    {
        string[] articles = ["art-9", "art-10", "art-11", "art-12", "art-13", "art-14", "art-15", "art-17", "art-26", "art-27", "art-50", "art-72", "art-73"];

        articles.Except(Mapped("eu-ai-act")).ShouldBeEmpty();
    }

    [Fact]
    public void Every_requirement_of_every_shipped_framework_pack_is_mapped()
    {
        foreach (var pack in Shipped.Frameworks)
            pack.Requirements.Select(r => r.Id).Except(Mapped(pack.Id)).ShouldBeEmpty(pack.Id);
        // Counts from shared/frameworks: iso-42001/annex-a-titles.json count_controls 38; owasp 10 items.
        Shipped.Framework("iso42001")!.Requirements.Count.ShouldBe(38);
        Shipped.Framework("owasp-llm-2025")!.Requirements.Count.ShouldBe(10);
    }

    [Fact]
    public void Control_ids_are_unique_and_every_control_has_evidence_and_a_renewal_period()
    {
        Shipped.Controls.Select(c => c.Id).Distinct().Count().ShouldBe(Shipped.Controls.Count);
        Shipped.Controls.ShouldAllBe(c => c.EvidenceTypes.Count > 0 && c.RenewalMonths >= 1 && c.Mappings.Count > 0);
    }
}
