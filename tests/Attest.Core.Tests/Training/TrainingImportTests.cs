using System.Text;
using Attest.Core.Common;
using Attest.Core.DataFiles;
using Attest.Core.Features.Kpis;
using Attest.Core.Features.Training;
using Attest.Core.Governance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Training;

/// <summary>
/// Training records over real SQLite (the clock stands at 2026-03-01 09:00 UTC) with the shipped required courses:
/// governance leads need rai-foundations, eu-ai-act-essentials and ai-risk-assessment; ML engineers rai-foundations and
/// secure-ml; auditors nothing.
/// </summary>
public sealed class TrainingImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private const string Csv =
        "person,role,course,completed_at,business_unit\r\n" +
        "ana@example.com,governance_lead,rai-foundations,2026-01-10,Risk\r\n" +
        "ana@example.com,governance_lead,eu-ai-act-essentials,2026-01-12,Risk\r\n" +
        "ana@example.com,governance_lead,ai-risk-assessment,2026-02-01T10:00:00Z,Risk\r\n" +
        "ben@example.com,ml_engineer,rai-foundations,2026-01-05,Marketing\r\n" +
        "ben@example.com,ml_engineer,secure-ml,,Marketing\r\n" +
        "\"Cruz, Dee\",auditor,rai-foundations,,Risk\r\n";

    private Task<Result<TrainingImportResult>> Import(string csv, CallerIdentity? caller = null) =>
        _db.Get<ImportTrainingRecords>().ExecuteAsync(Encoding.UTF8.GetBytes(csv), "lms.csv", caller ?? Actors.Dana, Ct);

    private async Task<KpiDto> TrainingKpi(string? businessUnit = null, string? tier = null)
    {
        var report = await _db.Get<GetKpis>().ExecuteAsync(ReadScope.Everything, new KpiQuery(Tier: tier, BusinessUnit: businessUnit), Ct);
        report.IsOk.ShouldBeTrue();
        return report.Value!.Kpis.Single(k => k.Id == "training_completion");
    }

    private async Task<(int Records, int Entries)> Stored()
    {
        await using var db = _db.NewContext();
        return (await db.TrainingRecords.CountAsync(Ct), await db.Ledger.CountAsync(e => e.Action == "training.records_imported", Ct));
    }

    [Fact]
    public async Task I_can_import_training_records_and_the_kpi_counts_people_complete_on_their_roles_courses()
    {
        (await TrainingKpi()).Status.ShouldBe(KpiStatus.NotMeasured, "before any import");

        var imported = await Import(Csv);

        imported.IsOk.ShouldBeTrue(string.Join("; ", imported.Errors.Select(e => e.Key + ": " + e.Value[0])));
        (imported.Value!.Rows, imported.Value.Created, imported.Value.People).ShouldBe((6, 6, 3));
        (await Stored()).ShouldBe((6, 1), "one ledger entry per import");
        var kpi = await TrainingKpi();
        (kpi.Numerator, kpi.Denominator, kpi.Value, kpi.Status).ShouldBe((1.0, 2.0, 50.0, KpiStatus.NotMet), "ana complete, ben lacks secure-ml; the auditor's role requires nothing");
        (await TrainingKpi(businessUnit: "risk")).Value.ShouldBe(100.0);
        (await TrainingKpi(tier: "high")).Status.ShouldBe(KpiStatus.NotMeasured, "people have no risk tier");
    }

    [Fact]
    public async Task A_later_import_updates_completions_and_records_its_own_ledger_entry()
    {
        (await Import(Csv)).IsOk.ShouldBeTrue();

        var again = await Import("person,role,course,completed_at,business_unit\nben@example.com,ml_engineer,secure-ml,2026-02-27,Marketing\nben@example.com,ml_engineer,rai-foundations,2026-01-05,Marketing\n");

        (again.Value!.Created, again.Value.Updated, again.Value.Unchanged).ShouldBe((0, 1, 1));
        (await Stored()).ShouldBe((6, 2));
        (await TrainingKpi()).Value.ShouldBe(100.0);
    }

    [Fact]
    public async Task A_missing_column_is_refused_naming_row_and_column_and_nothing_is_written()
    {
        var refused = await Import("person,role,course\nana@example.com,governance_lead,rai-foundations\n");

        refused.Kind.ShouldBe(ResultKind.Invalid);
        refused.Errors.Keys.ShouldBe(["row[1].completed_at"]);
        refused.Errors["row[1].completed_at"][0].ShouldContain("missing column completed_at");
        (await Stored()).ShouldBe((0, 0));
    }

    [Fact]
    public async Task An_unknown_role_is_refused_naming_row_and_column_and_nothing_is_written()
    {
        var refused = await Import(Csv + "eve@example.com,data_wizard,rai-foundations,2026-01-01,Risk\r\n");

        refused.Kind.ShouldBe(ResultKind.Invalid);
        refused.Errors.Keys.ShouldBe(["row[8].role"]);
        refused.Errors["row[8].role"][0].ShouldContain("\"data_wizard\" is not a role");
        (await Stored()).ShouldBe((0, 0), "all of the file or nothing");
    }

    [Theory]
    [InlineData("person,role,course,completed_at\n=HYPERLINK(\"http://evil.example\"),ml_engineer,secure-ml,\n", "row[2].person", "formula")]
    [InlineData("person,role,course,completed_at\n@SUM(A1),ml_engineer,secure-ml,\n", "row[2].person", "formula")]
    [InlineData("person,role,course,completed_at\nann,ml_engineer,secure-ml,next tuesday\n", "row[2].completed_at", "is not a date")]
    [InlineData("person,role,course,completed_at\nann,ml_engineer,secure-ml,2026-03-02\n", "row[2].completed_at", "in the future")]
    [InlineData("person,role,course,completed_at\nann,ml_engineer,knitting,\n", "row[2].course", "is not a course")]
    [InlineData("person,role,course,completed_at\nann,ml_engineer,secure-ml,\nann,ml_engineer,secure-ml,2026-01-01\n", "row[3].person", "repeats row 2")]
    [InlineData("person,role,course,completed_at\n\"ann,ml_engineer,secure-ml,\n", "file", "a quoted field is not closed")]
    [InlineData("person,role,course,completed_at\n", "file", "no rows")]
    [InlineData("", "row[1].person", "no header")]
    public async Task Hostile_or_wrong_rows_are_refused_naming_where(string csv, string field, string problem)
    {
        var refused = await Import(csv);

        refused.Kind.ShouldBe(ResultKind.Invalid);
        refused.Errors.Keys.ShouldContain(field);
        refused.Errors[field][0].ShouldContain(problem);
        (await Stored()).ShouldBe((0, 0));
    }

    [Fact]
    public async Task Text_that_is_not_utf8_or_too_large_is_refused()
    {
        var latin1 = await _db.Get<ImportTrainingRecords>().ExecuteAsync([.. Encoding.UTF8.GetBytes("person,role,course,completed_at\nJos"), 0xE9, .. Encoding.UTF8.GetBytes(",auditor,rai-foundations,\n")], null, Actors.Dana, Ct);
        latin1.Errors["file"][0].ShouldContain("not UTF-8");
        var utf16 = await _db.Get<ImportTrainingRecords>().ExecuteAsync(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("person,role\n")).ToArray(), null, Actors.Dana, Ct);
        utf16.Errors["file"][0].ShouldContain("UTF-16");
        var huge = await _db.Get<ImportTrainingRecords>().ExecuteAsync(new byte[ImportTrainingRecords.MaxBytes + 1], null, Actors.Dana, Ct);
        huge.Errors["file"][0].ShouldContain("at most 5 MiB");
        var bom = await Import("\uFEFF" + Csv);
        bom.IsOk.ShouldBeTrue("a UTF-8 byte-order mark is fine");
    }

    [Fact]
    public async Task Only_those_who_run_the_programme_may_import()
    {
        var reviewer = new CallerIdentity(new Actor("user:rita", "Rita"), [Roles.Reviewer], [], null, null);

        var refused = await Import(Csv, reviewer);

        refused.Kind.ShouldBe(ResultKind.Forbidden);
        (await Stored()).ShouldBe((0, 0));
    }

    [Fact]
    public void The_shipped_required_courses_load_and_a_bad_file_names_file_line_and_field()
    {
        var shipped = TrainingRequirements.Load(null);
        shipped.RequiredByRole["ml_engineer"].ShouldBe(["rai-foundations", "secure-ml"]);
        shipped.RequiredByRole["auditor"].ShouldBeEmpty();

        var bad = Should.Throw<DataFileException>(() => TrainingRequirements.Parse(
            "format: attest.training-requirements/v1\ncourses:\n  - id: rai\n    name: RAI\nroles:\n  - id: reviewer\n    required: [rai, knitting]\n  - id: reviewer\n    required: []\n  - id: Bad Role\n",
            "org/training/required-courses.yaml"));
        var messages = bad.Errors.Select(e => $"{e.File}:{e.Line}: {e.Path}: {e.Message}").ToList();
        messages.ShouldContain(m => m.StartsWith("org/training/required-courses.yaml:7: roles[0].required[1]:", StringComparison.Ordinal) && m.Contains("\"knitting\" is not a course"));
        messages.ShouldContain(m => m.StartsWith("org/training/required-courses.yaml:8: roles[1].id:", StringComparison.Ordinal) && m.Contains("duplicate role"));
        messages.ShouldContain(m => m.Contains("roles[2].id") && m.Contains("expected a role id"));
        messages.ShouldContain(m => m.Contains("roles[2].required") && m.Contains("required key is missing"));
    }
}
