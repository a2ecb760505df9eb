using System.Globalization;
using System.Text;
using Attest.Core.Features.Kpis;
using Attest.Engine.Classification;
using Attest.Engine.Kpis;

namespace Attest.Web.Tests.Conventions;

/// <summary>
/// docs/kpis.md lists every KPI definition of data/kpis/kpis.yaml, word for word: the part below the marker is rendered
/// from the catalog here, so the docs and the data cannot drift. On a difference the test writes docs/kpis.received.md;
/// when the change is intended, move it over docs/kpis.md.
/// </summary>
public sealed class KpiDocsTests
{
    public const string Marker = "<!-- Generated from data/kpis/kpis.yaml by KpiDocsTests; edit the data file, not below this line. -->";

    [Fact]
    public void The_kpi_docs_list_every_definition_of_the_catalog()
    {
        var path = Path.Combine(Api.ContractTests.RepositoryRoot(), "docs", "kpis.md");
        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : Marker + "\n";
        var at = current.IndexOf(Marker, StringComparison.Ordinal);
        var head = at < 0 ? current.TrimEnd() + "\n\n" : current[..at];
        var expected = head + Marker + "\n" + Render(KpiCatalog.Load(null));
        if (expected != current)
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "kpis.received.md"), expected);
            current.ShouldBe(expected, "docs/kpis.md differs from the catalog: see docs/kpis.received.md");
        }
    }

    private static string Render(KpiCatalog catalog)
    {
        var md = new StringBuilder();
        md.Append('\n').Append("| id | name | unit | target | measured today |\n|---|---|---|---|---|\n");
        foreach (var d in catalog.Definitions)
            md.Append(CultureInfo.InvariantCulture, $"| [`{d.Id}`](#{d.Id}) | {d.Name} | {WireName.Of(d.Unit)} | {Target(d)} | {(KpiCalculator.Measured.Contains(d.Id) ? "yes" : "not measured yet")} |\n");
        foreach (var d in catalog.Definitions)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n### {d.Id}\n\n**{d.Name}.** {d.Wording}\n\n");
            md.Append(CultureInfo.InvariantCulture, $"- Numerator: {d.Numerator}\n- Denominator: {d.Denominator}\n");
            md.Append(CultureInfo.InvariantCulture, $"- Unit: {WireName.Of(d.Unit)}; target: {Target(d)}; looked at: {WireName.Of(d.Frequency)}\n");
            md.Append(CultureInfo.InvariantCulture, $"- Segments: {string.Join(", ", d.Segmentation.Select(s => WireName.Of(s)))}\n");
            if (!KpiCalculator.Measured.Contains(d.Id))
                md.Append("- Status today: `not_measured` — Attest does not record the facts it needs yet; it has no value.\n");
        }
        return md.ToString();
    }

    private static string Target(KpiDefinition d) =>
        $"{(d.Direction == KpiDirection.AtLeast ? "≥" : "≤")} {d.Target.ToString("0.###", CultureInfo.InvariantCulture)}{(d.Unit == KpiUnit.Percent ? " %" : d.Unit == KpiUnit.Days ? " days" : " per system")}";
}
