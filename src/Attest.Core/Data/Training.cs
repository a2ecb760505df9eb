using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>
/// One training record imported from a CSV (person, role, course, completed_at): unique per person, role and course; a
/// later import updates it. The training_completion KPI reads them with the required courses per role.
/// </summary>
public sealed class TrainingRecord
{
    public required string Id { get; set; }
    public required string Person { get; set; }
    public required string Role { get; set; }
    public required string Course { get; set; }
    /// <summary>When the course was completed; null while it is not.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public string? BusinessUnit { get; set; }
    /// <summary>When an import first listed the record: the person counts in the KPI from then on.</summary>
    public DateTimeOffset FirstImportedAt { get; set; }
    public DateTimeOffset LastImportedAt { get; set; }
}

/// <summary>The training records as a whole, the subject of <c>training.records_imported</c> ledger entries.</summary>
public sealed record TrainingRecordsSubject : ILedgerSubject
{
    public static readonly TrainingRecordsSubject Instance = new();

    public string LedgerSubject => "training:records";
}

internal static class TrainingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<TrainingRecord>(e =>
        {
            e.ToTable("training_records");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Person).HasMaxLength(200);
            e.Property(x => x.Role).HasMaxLength(64);
            e.Property(x => x.Course).HasMaxLength(64);
            e.Property(x => x.BusinessUnit).HasMaxLength(200);
            e.HasIndex(x => new { x.Person, x.Role, x.Course }).IsUnique();
        });
    }
}
