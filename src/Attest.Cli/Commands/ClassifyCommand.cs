using System.CommandLine;
using System.Globalization;
using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Intake;
using Attest.Engine.Classification;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest classify FILE [--json]</c>: classify intake answers offline, without a database. Exit 0 with a class; exit 2
/// for answers that do not parse, and for answers that leave questions deciding the class unanswered or unknown: the
/// result is incomplete (written as usual, listing the questions) and one line on standard error names them.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "Intake answers (attest.intake/v1) as YAML or JSON." };
        var json = new Option<bool>("--json") { Description = "Write the classification as JSON." };
        var calendar = new Option<string?>("--calendar") { Description = "Regulatory calendar for obligation dates (default: eu-ai-act; eu-ai-act-omnibus-2026 is the reported, unverified 2026 amendment)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Organisation data directory whose controls/ and frameworks/ are merged over the shipped library." };
        var command = new Command("classify", "Classify an AI system under the EU AI Act from its intake answers, and list its required controls.")
        {
            file, json, calendar, dataDir,
        };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var path = pr.GetValue(file)!;
            var text = CliData.ReadFile(path, CliData.MaxIntakeFileBytes);
            var annexIii = CliData.Load(AnnexIiiCatalog.LoadDefault);
            var parsed = IntakeParser.Parse(text, path, annexIii);
            if (!parsed.Succeeded)
                throw new CliUsageException(DataError.Summarise(parsed.Errors));
            var regulatoryCalendar = CliData.Calendar(pr.GetValue(calendar));
            var library = CliData.Library(pr.GetValue(dataDir));
            var routing = CliData.Load(ReviewRoutingRules.LoadDefault);
            var questions = CliData.Load(IntakeQuestionnaire.LoadDefault);
            var assessment = IntakeAssessment.Assess(parsed.Answers!, CliData.Tables(annexIii), regulatoryCalendar, library, routing);

            if (pr.GetValue(json))
            {
                var document = ClassificationDocument.ToJson(assessment, library.Version, questions);
                await console.Out.WriteLineAsync(document.ToJsonString(ClassificationDocument.WriteOptions).AsMemory(), ct);
            }
            else if (assessment.Classification.IsComplete)
            {
                Render(console.Ansi, assessment);
            }
            else
            {
                RenderMissing(console.Ansi, assessment, questions);
            }
            if (assessment.Classification.IsComplete)
                return ExitCodes.Ok;
            // Never a class from silence: the answers do not decide one, so this is bad input, naming what is missing.
            await console.Error.WriteLineAsync($"attest: {CliData.Incomplete(path, assessment.Classification)}".AsMemory(), ct);
            return ExitCodes.BadInput;
        });
        return command;
    }

    private static void RenderMissing(IAnsiConsole ansi, IntakeAssessment assessment, IntakeQuestionnaire questions)
    {
        var c = assessment.Classification;
        var table = new Table().Title(Markup.Escape($"{assessment.Answers.Name}: incomplete, no class yet"))
            .AddColumn("Answer key").AddColumn("Question").AddColumn("Now").AddColumn("Decides");
        foreach (var m in c.Missing)
        {
            var question = questions.Questions.FirstOrDefault(q => q.Key == m.Key)?.Question ?? m.Key;
            table.AddRow(Markup.Escape(m.Key), Markup.Escape(question), m.Gap == AnswerGap.Unknown ? "unknown" : "not answered", Markup.Escape(m.Decides));
        }
        ansi.Write(table);
    }

    private static void Render(IAnsiConsole ansi, IntakeAssessment assessment)
    {
        var c = assessment.Classification;
        var summary = new Table().Title(Markup.Escape(assessment.Answers.Name)).AddColumn("").AddColumn("");
        summary.ShowHeaders = false;
        void Row(string label, string value) => summary.AddRow(Markup.Escape(label), Markup.Escape(value));
        Row("EU AI Act class", WireName.Of(c.Class));
        Row("Basis", c.Basis.Count == 0 ? "-" : string.Join(", ", c.Basis));
        Row("Transparency (Art 50)", c.TransparencyArticles.Count == 0 ? "-" : string.Join(", ", c.TransparencyArticles));
        var gpai = WireName.Of(c.Gpai!.Value);
        var tier = WireName.Of(c.Tier!.Value);
        Row("GPAI", c.GpaiBasis.Count == 0 ? gpai : $"{gpai} ({string.Join(", ", c.GpaiBasis)})");
        Row("Internal tier", c.TierFactors.Count == 0 ? tier : $"{tier}: {string.Join("; ", c.TierFactors)}");
        Row("Calendar", c.CalendarVerified ? c.CalendarName : c.CalendarName + " (UNVERIFIED: reported amendment)");
        ansi.Write(summary);

        if (c.Obligations.Count > 0)
        {
            var obligations = new Table().Title("Obligations").AddColumn("Article").AddColumn("Obligation").AddColumn("Applies from");
            foreach (var o in c.Obligations)
                obligations.AddRow(Markup.Escape(o.Article), Markup.Escape(o.Title), o.AppliesFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            ansi.Write(obligations);
        }

        var reasons = new Table().Title("Reasons").AddColumn("#").AddColumn("Reason");
        for (var i = 0; i < c.Reasons.Count; i++)
            reasons.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Reasons[i]));
        ansi.Write(reasons);

        var controls = new Table().Title("Required controls").AddColumn("Control").AddColumn("Title").AddColumn("Evidence").AddColumn("Renew (months)");
        foreach (var control in assessment.RequiredControls)
            controls.AddRow(Markup.Escape(control.Id), Markup.Escape(control.Title), Markup.Escape(string.Join(", ", control.EvidenceTypes)), control.RenewalMonths.ToString(CultureInfo.InvariantCulture));
        ansi.Write(controls);

        if (assessment.Review.Count > 0)
        {
            var review = new Table().Title("Specialist review").AddColumn("Reviewer").AddColumn("Why");
            foreach (var route in assessment.Review)
                review.AddRow(Markup.Escape(route.Reviewer), Markup.Escape(route.Reason));
            ansi.Write(review);
        }
    }
}
