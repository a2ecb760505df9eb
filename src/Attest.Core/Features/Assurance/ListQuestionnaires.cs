using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>The questionnaires of the systems in the caller's read scope, newest first.</summary>
public sealed class ListQuestionnaires(AttestDbContext db)
{
    public async Task<IReadOnlyList<QuestionnaireSummaryDto>> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var questionnaires = await scope.Filter(db.Questionnaires.AsNoTracking(), q => q.SystemId).OrderByDescending(q => q.Id).ToListAsync(ct);
        var ids = questionnaires.Select(q => q.Id).ToList();
        var counts = (await db.QuestionnaireAnswers.AsNoTracking().Where(a => ids.Contains(a.QuestionnaireId))
                .Select(a => new { a.QuestionnaireId, a.State, Reused = a.ReusedFromId != null }).ToListAsync(ct))
            .GroupBy(a => a.QuestionnaireId).ToDictionary(g => g.Key, g => (Total: g.Count(), Approved: g.Count(a => a.State == AnswerStates.Approved), Reused: g.Count(a => a.Reused)));
        var systemIds = questionnaires.Select(q => q.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new { s.Slug, s.Name }, ct);
        return questionnaires.Where(q => systems.ContainsKey(q.SystemId)).Select(q =>
        {
            var c = counts.GetValueOrDefault(q.Id);
            return new QuestionnaireSummaryDto(q.Id, q.SystemId, systems[q.SystemId].Slug, systems[q.SystemId].Name, q.Title, q.FileName, q.Format,
                q.ImportedBy, q.ImportedAt, c.Total, c.Approved, c.Reused);
        }).ToArray();
    }
}
