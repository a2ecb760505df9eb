using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>One questionnaire with its questions, proposals (statuses as of now) and answers; outside the caller's read scope it does not exist.</summary>
public sealed class GetQuestionnaire(AttestDbContext db, ComplianceData data, GetSystemStanding standing)
{
    public async Task<Result<QuestionnaireDto>> ExecuteAsync(string questionnaireId, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var q = await db.Questionnaires.AsNoTracking().FirstOrDefaultAsync(x => x.Id == questionnaireId, ct);
        var system = q is null ? null : await db.Systems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == q.SystemId, ct);
        if (q is null || system is null || !scope.Includes(q.SystemId))
            return Result<QuestionnaireDto>.NotFound($"No questionnaire '{questionnaireId}'.");
        var facts = await AnswerFacts.LoadAsync(db, data, standing, system.Id, ct);
        return Result<QuestionnaireDto>.Ok(await QuestionnaireViews.ToDtoAsync(db, facts, q, system, ct));
    }
}
