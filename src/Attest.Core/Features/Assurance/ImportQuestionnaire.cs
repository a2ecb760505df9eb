using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Assurance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>
/// Imports a customer questionnaire (CSV or XLSX, <see cref="QuestionnaireFile"/>) for one AI system and proposes an
/// answer to each question: first from the answer library — an approved answer to the same or a near-identical question
/// (<see cref="AnswerLibrary"/>), marked reused — else the controls the answer matcher ranks (<see cref="AnswerMatcher"/>)
/// with a draft in plain words from where the system stands on them. One ledger entry records the import.
/// </summary>
public sealed class ImportQuestionnaire(AttestDbContext db, GovernedWrites writes, IdGenerator ids, ComplianceData data, GetSystemStanding standing)
{
    public const int MaxTitleLength = 200;

    public async Task<Result<QuestionnaireDto>> ExecuteAsync(string systemIdOrSlug, string? fileName, Stream content, string? title, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new FieldErrors();
        errors.MaxLength("title", title, MaxTitleLength);
        if (errors.Any)
            return errors.ToResult<QuestionnaireDto>();

        // Authorized (and the system found) before the file is read: a refused caller learns nothing from its content.
        return await writes.ChangeAsync(caller, Permissions.AssuranceWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var (read, problems) = await QuestionnaireFile.ReadAsync(fileName, content, ct);
            if (read is null)
                return problems.ToResult<QuestionnaireDto>();
            var system = change.System;
            var facts = await AnswerFacts.LoadAsync(db, data, standing, system.Id, ct);
            // The library: approved answers, newest first (the newest wins a tie).
            var library = await db.QuestionnaireAnswers.AsNoTracking().Where(a => a.State == AnswerStates.Approved)
                .OrderByDescending(a => a.ApprovedAt).ThenByDescending(a => a.Id)
                .Select(a => new { a.Id, a.Question, a.Answer, a.Controls }).ToListAsync(ct);
            var libraryAnswers = library.Select(a => new LibraryAnswer(a.Id, a.Question)).ToArray();

            var questionnaire = new Questionnaire
            {
                Id = ids.New("qnr"),
                SystemId = system.Id,
                Title = Truncate(string.IsNullOrWhiteSpace(title) ? QuestionnaireFile.Clean(Path.GetFileNameWithoutExtension(fileName ?? "")) : title.Trim(), MaxTitleLength, "Questionnaire"),
                FileName = Truncate(QuestionnaireFile.Clean(Path.GetFileName(fileName ?? "")), 255, "questionnaire." + read.Format),
                Format = read.Format,
                ImportedBy = change.Actor.Id,
                ImportedAt = change.Now,
                Version = 1,
            };
            db.Questionnaires.Add(questionnaire);
            var reused = 0;
            foreach (var q in read.Questions)
            {
                var answer = new QuestionnaireAnswer
                {
                    Id = ids.New("qa"),
                    QuestionnaireId = questionnaire.Id,
                    SystemId = system.Id,
                    Row = q.Row,
                    QuestionRef = q.Ref,
                    Question = q.Text,
                    QuestionKey = QuestionText.Normalize(q.Text),
                    State = AnswerStates.Proposed,
                    Version = 1,
                };
                if (AnswerLibrary.Find(q.Text, libraryAnswers) is { } hit)
                {
                    var from = library.First(a => a.Id == hit.Id);
                    answer.ReusedFromId = from.Id;
                    answer.Answer = from.Answer;
                    answer.Controls = [.. from.Controls];
                    reused++;
                }
                else
                {
                    var matches = facts.Matcher.Rank(q.Text);
                    answer.Controls = [.. matches.Select(m => m.ControlId)];
                    answer.ScoresJson = AnswerFacts.ScoresJson(matches);
                    answer.Answer = facts.Draft(answer.Controls);
                }
                db.QuestionnaireAnswers.Add(answer);
            }
            await change.RecordAsync(LedgerActions.QuestionnaireImported, new JsonObject
            {
                ["questionnaire_id"] = questionnaire.Id,
                ["title"] = questionnaire.Title,
                ["file_name"] = questionnaire.FileName,
                ["format"] = questionnaire.Format,
                ["questions"] = read.Questions.Count,
                ["reused"] = reused,
            }, ct);
            await change.FlushAsync(ct);
            return Result<QuestionnaireDto>.Ok(await QuestionnaireViews.ToDtoAsync(db, facts, questionnaire, system, ct));
        }, ct);
    }

    private static string Truncate(string text, int max, string fallback) => text.Length == 0 ? fallback : text[..Math.Min(text.Length, max)];
}
