using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>Tables of release reviews, sign-offs and waivers.</summary>
internal static class ReviewModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Review>(e =>
        {
            e.ToTable("reviews");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ModelVersionId).HasMaxLength(40);
            e.Property(x => x.ModelVersionLabel).HasMaxLength(400);
            e.Property(x => x.Stage).HasConversion<SnakeCaseEnumConverter<GateStage>>().HasMaxLength(32);
            e.Property(x => x.Tier).HasConversion<SnakeCaseEnumConverter<RiskTier>>().HasMaxLength(32);
            e.Property(x => x.Status).HasConversion<SnakeCaseEnumConverter<ReviewStatus>>().HasMaxLength(32);
            e.Property(x => x.Decision).HasConversion<SnakeCaseEnumConverter<BoardDecision>>().HasMaxLength(32);
            e.Property(x => x.RequestedBy).HasMaxLength(200);
            e.Property(x => x.DecidedBy).HasMaxLength(200);
            e.Property(x => x.ResidualRiskAcceptedBy).HasMaxLength(200);
            e.Property(x => x.DecisionRationale).HasMaxLength(4000);
            e.Property(x => x.PinnedGateSha256).HasMaxLength(100);
            e.Property(x => x.LapsedByAssessment).HasMaxLength(40);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.SystemId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Assignments).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.SignOffs).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Actions).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ReviewAssignment>(e =>
        {
            e.ToTable("review_assignments");
            e.HasKey(x => new { x.ReviewId, x.Specialty });
            e.Property(x => x.ReviewId).HasMaxLength(40);
            e.Property(x => x.Specialty).HasMaxLength(32);
            e.Property(x => x.Reason).HasMaxLength(1000);
        });

        b.Entity<ReviewSignOff>(e =>
        {
            e.ToTable("review_sign_offs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.ReviewId).HasMaxLength(40);
            e.Property(x => x.Specialty).HasMaxLength(32);
            e.Property(x => x.Decision).HasConversion<SnakeCaseEnumConverter<SignOffDecision>>().HasMaxLength(32);
            e.Property(x => x.Rationale).HasMaxLength(4000);
            e.Property(x => x.SignedBy).HasMaxLength(200);
            e.HasIndex(x => x.ReviewId);
        });

        b.Entity<Waiver>(e =>
        {
            e.ToTable("waivers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ModelVersionId).HasMaxLength(40);
            e.Property(x => x.ControlId).HasMaxLength(100);
            e.Property(x => x.Justification).HasMaxLength(4000);
            e.Property(x => x.CompensatingControls).HasMaxLength(4000);
            e.Property(x => x.RiskOwner).HasMaxLength(200);
            e.Property(x => x.State).HasConversion<SnakeCaseEnumConverter<WaiverState>>().HasMaxLength(32);
            e.Property(x => x.RequestedBy).HasMaxLength(200);
            e.Property(x => x.ApprovedBy).HasMaxLength(200);
            e.Property(x => x.RejectedBy).HasMaxLength(200);
            e.Property(x => x.RejectionReason).HasMaxLength(4000);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.SystemId, x.ControlId });
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
