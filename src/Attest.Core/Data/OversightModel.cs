using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>
/// Tables of runtime oversight: policy versions, the decision log (indexed by system and time, with features,
/// attributes and room for outcomes, for monitoring), decision batches and the review queue.
/// </summary>
internal static class OversightModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OversightPolicyVersion>(e =>
        {
            e.ToTable("oversight_policies");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.Status).HasConversion<SnakeCaseEnumConverter<PolicyStatus>>().HasMaxLength(32);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.SourceFormat).HasMaxLength(16);
            e.Property(x => x.ProposedBy).HasMaxLength(200);
            e.Property(x => x.ApprovedBy).HasMaxLength(200);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.HasIndex(x => new { x.SystemId, x.Version }).IsUnique();
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<DecisionRow>(e =>
        {
            e.ToTable("decisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ModelVersionId).HasMaxLength(40);
            e.Property(x => x.ModelVersionLabel).HasMaxLength(400);
            e.Property(x => x.DeploymentId).HasMaxLength(40);
            e.Property(x => x.ExternalId).HasMaxLength(200);
            e.Property(x => x.InputDigest).HasMaxLength(64);
            e.Property(x => x.Output).HasMaxLength(1000);
            e.Property(x => x.AttributesSha256).HasMaxLength(64);
            e.Property(x => x.Route).HasConversion<SnakeCaseEnumConverter<DecisionRoute>>().HasMaxLength(32);
            e.Property(x => x.PolicySha256).HasMaxLength(64);
            e.Property(x => x.QueueItemId).HasMaxLength(40);
            e.Property(x => x.BodySha256).HasMaxLength(64);
            e.Property(x => x.BatchId).HasMaxLength(40);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
            e.Property(x => x.Outcome).HasMaxLength(1000);
            // The idempotency key, the decision log of a system over time (monitoring reads it the same way), and proofs.
            e.HasIndex(x => new { x.SystemId, x.ExternalId }).IsUnique();
            e.HasIndex(x => new { x.SystemId, x.OccurredAt });
            e.HasIndex(x => new { x.BatchId, x.BatchIndex });
            // A decision log is a record: a system that logged decisions cannot be deleted from under it.
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<DecisionBatch>(e =>
        {
            e.ToTable("decision_batches");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.FirstDecisionId).HasMaxLength(40);
            e.Property(x => x.LastDecisionId).HasMaxLength(40);
            e.Property(x => x.RootHash).HasMaxLength(64);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
            // Retention finds a system's batches past its cutoff, oldest first.
            e.HasIndex(x => new { x.SystemId, x.RecordedAt });
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ReviewItem>(e =>
        {
            e.ToTable("review_items");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.DecisionId).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.State).HasConversion<SnakeCaseEnumConverter<ReviewItemState>>().HasMaxLength(32);
            e.Property(x => x.Priority).HasConversion<SnakeCaseEnumConverter<ReviewPriority>>().HasMaxLength(32);
            e.Property(x => x.ClaimedBy).HasMaxLength(200);
            e.Property(x => x.Outcome).HasConversion<SnakeCaseEnumConverter<ReviewOutcome>>().HasMaxLength(32);
            e.Property(x => x.FinalOutput).HasMaxLength(1000);
            e.Property(x => x.Rationale).HasMaxLength(4000);
            e.Property(x => x.ResolvedBy).HasMaxLength(200);
            e.Property(x => x.AppealReason).HasMaxLength(4000);
            e.Property(x => x.AppealedBy).HasMaxLength(200);
            e.Property(x => x.PreviousItemId).HasMaxLength(40);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.DecisionId);
            e.HasIndex(x => new { x.State, x.DueAt });
            e.HasIndex(x => new { x.SystemId, x.CreatedAt });
            // Monitoring counts a window's review items by their decision's time (override rate, SLA breaches).
            e.HasIndex(x => new { x.SystemId, x.DecisionOccurredAt });
            e.HasOne<DecisionRow>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
