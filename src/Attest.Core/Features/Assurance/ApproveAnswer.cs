using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>
/// Approves the answer to one question, optionally with a last edit: what the organisation tells a customer. Takes
/// <c>assurance.approve</c> (governance) and independence from the system (separation of duties: not its owners, not a
/// member of its team, not a key scoped to it) — the team does not vouch for its own system. One ledger entry
/// (<c>assurance.answer_approved</c>) with the answer and its controls; the approved answer joins the answer library
/// that later questionnaires reuse.
/// </summary>
public sealed class ApproveAnswer(AttestDbContext db, GovernedWrites writes, ComplianceData data, GetSystemStanding standing)
{
    public async Task<Result<QuestionnaireDto>> ExecuteAsync(string questionnaireId, string answerId, AnswerInput? input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (input?.Answer is not null)
            errors.Required("answer", input.Answer);
        errors.MaxLength("answer", input?.Answer, EditAnswer.MaxAnswerLength);
        if (errors.Any)
            return errors.ToResult<QuestionnaireDto>();
        var target = WriteTarget.SystemOf(db.QuestionnaireAnswers.Where(a => a.Id == answerId && a.QuestionnaireId == questionnaireId).Select(a => a.SystemId),
            $"No question '{answerId}' in questionnaire '{questionnaireId}'.");
        return await writes.ChangeAsync(caller, Permissions.AssuranceApprove, target, async change =>
        {
            if (await change.IndependenceRefusalAsync("", ct) is { } refusal)
                return Result<QuestionnaireDto>.Forbidden($"Separation of duties: {refusal}");
            var answer = await db.QuestionnaireAnswers.FirstAsync(a => a.Id == answerId, ct);
            if (expectedVersion is { } expected && expected != answer.Version)
                return Result<QuestionnaireDto>.PreconditionFailed($"Answer {answer.Id} is at version {answer.Version}, not {expected}: read it again and retry.");
            var text = (input?.Answer ?? answer.Answer)?.Trim();
            if (string.IsNullOrEmpty(text))
                return Result<QuestionnaireDto>.Invalid("answer", "is required: write the answer before approving it");
            if (answer.State == AnswerStates.Approved && string.Equals(text, answer.Answer, StringComparison.Ordinal))
                return Result<QuestionnaireDto>.Conflict($"The answer to question {answer.QuestionRef} is already approved.");
            if (!string.Equals(text, answer.Answer, StringComparison.Ordinal))
            {
                answer.Answer = text;
                answer.EditedBy = change.Actor.Id;
                answer.EditedAt = change.Now;
            }
            answer.State = AnswerStates.Approved;
            answer.ApprovedBy = change.Actor.Id;
            answer.ApprovedAt = change.Now;
            answer.Version++;
            await change.RecordAsync(LedgerActions.AnswerApproved, new JsonObject
            {
                ["questionnaire_id"] = answer.QuestionnaireId,
                ["answer_id"] = answer.Id,
                ["question_ref"] = answer.QuestionRef,
                ["question"] = answer.Question,
                ["answer"] = answer.Answer,
                ["controls"] = new JsonArray([.. answer.Controls.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["reused_from"] = answer.ReusedFromId,
            }, ct);
            await change.FlushAsync(ct);
            var q = await db.Questionnaires.AsNoTracking().FirstAsync(x => x.Id == answer.QuestionnaireId, ct);
            var facts = await AnswerFacts.LoadAsync(db, data, standing, change.System.Id, ct);
            return Result<QuestionnaireDto>.Ok(await QuestionnaireViews.ToDtoAsync(db, facts, q, change.System, ct));
        }, ct);
    }
}
