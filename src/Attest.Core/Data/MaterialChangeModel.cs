using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>The tables of recorded material-change assessments and of tracked actions (conditions of approvals).</summary>
internal static class MaterialChangeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<MaterialChangeRecord>(e =>
        {
            e.ToTable("material_change_assessments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ModelVersionId).HasMaxLength(40);
            e.Property(x => x.CandidateLabel).HasMaxLength(400);
            e.Property(x => x.ApprovedModelVersionId).HasMaxLength(40);
            e.Property(x => x.ApprovedLabel).HasMaxLength(400);
            e.Property(x => x.ApprovedReviewId).HasMaxLength(40);
            e.Property(x => x.Cause).HasMaxLength(32);
            e.Property(x => x.AssessedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.SystemId, x.AssessedAt });
            e.HasIndex(x => x.ModelVersionId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<TrackedAction>(e =>
        {
            e.ToTable("tracked_actions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ReviewId).HasMaxLength(40);
            e.Property(x => x.IncidentId).HasMaxLength(40);
            e.Property(x => x.Kind).HasConversion<SnakeCaseEnumConverter<TrackedActionKind>>().HasMaxLength(32);
            e.Property(x => x.ProposedControlJson).HasMaxLength(16000);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Owner).HasMaxLength(200);
            e.Property(x => x.Status).HasConversion<SnakeCaseEnumConverter<TrackedActionStatus>>().HasMaxLength(32);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.CompletedBy).HasMaxLength(200);
            e.Property(x => x.CompletionNote).HasMaxLength(4000);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.SystemId, x.Status });
            e.HasIndex(x => x.ReviewId);
            e.HasIndex(x => x.IncidentId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
