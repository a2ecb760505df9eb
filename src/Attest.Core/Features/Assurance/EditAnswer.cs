using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>
/// Changes the answer to one question. An approved answer that is changed is approved no longer (it must be approved
/// again). Ledgered (<c>assurance.answer_edited</c>); a stale <c>expectedVersion</c> is refused.
/// </summary>
public sealed class EditAnswer(AttestDbContext db, GovernedWrites writes, ComplianceData data, GetSystemStanding standing)
{
    public const int MaxAnswerLength = 8000;

    public async Task<Result<QuestionnaireDto>> ExecuteAsync(string questionnaireId, string answerId, AnswerInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("answer", input.Answer);
        errors.MaxLength("answer", input.Answer, MaxAnswerLength);
        if (errors.Any)
            return errors.ToResult<QuestionnaireDto>();
        var target = WriteTarget.SystemOf(db.QuestionnaireAnswers.Where(a => a.Id == answerId && a.QuestionnaireId == questionnaireId).Select(a => a.SystemId),
            $"No question '{answerId}' in questionnaire '{questionnaireId}'.");
        return await writes.ChangeAsync(caller, Permissions.AssuranceWrite, target, async change =>
        {
            var answer = await db.QuestionnaireAnswers.FirstAsync(a => a.Id == answerId, ct);
            if (expectedVersion is { } expected && expected != answer.Version)
                return Result<QuestionnaireDto>.PreconditionFailed($"Answer {answer.Id} is at version {answer.Version}, not {expected}: read it again and retry.");
            var text = input.Answer!.Trim();
            if (!string.Equals(text, answer.Answer, StringComparison.Ordinal))
            {
                answer.Answer = text;
                answer.State = AnswerStates.Edited;
                answer.ApprovedBy = null;
                answer.ApprovedAt = null;
                answer.EditedBy = change.Actor.Id;
                answer.EditedAt = change.Now;
                answer.Version++;
                await change.RecordAsync(LedgerActions.AnswerEdited, new JsonObject
                {
                    ["questionnaire_id"] = answer.QuestionnaireId,
                    ["answer_id"] = answer.Id,
                    ["question_ref"] = answer.QuestionRef,
                    ["answer"] = answer.Answer,
                }, ct);
                await change.FlushAsync(ct);
            }
            var q = await db.Questionnaires.AsNoTracking().FirstAsync(x => x.Id == answer.QuestionnaireId, ct);
            var facts = await AnswerFacts.LoadAsync(db, data, standing, change.System.Id, ct);
            return Result<QuestionnaireDto>.Ok(await QuestionnaireViews.ToDtoAsync(db, facts, q, change.System, ct));
        }, ct);
    }
}
