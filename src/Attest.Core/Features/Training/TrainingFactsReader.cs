using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Training;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Training;

/// <summary>
/// The facts of the training_completion KPI: the required courses and every imported record. Training is installation-wide,
/// so a reader scoped to one system gets none (the KPI is then not measured for it).
/// </summary>
public static class TrainingFactsReader
{
    public static async Task<TrainingFacts?> ReadAsync(AttestDbContext db, TrainingRequirements requirements, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsEverything)
            return null;
        var records = await db.TrainingRecords.AsNoTracking()
            .Select(r => new TrainingRecordFact(r.Person, r.Role, r.Course, r.CompletedAt, r.BusinessUnit, r.FirstImportedAt)).ToListAsync(ct);
        return requirements.Facts(records);
    }
}
