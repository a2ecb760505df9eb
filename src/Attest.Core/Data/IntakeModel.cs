using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>Tables of the intake: answer versions, computed classifications, overrides and control statuses.</summary>
internal static class IntakeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<IntakeVersion>(e =>
        {
            e.ToTable("intake_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.HasIndex(x => new { x.SystemId, x.Number }).IsUnique();
            e.Property(x => x.AnsweredBy).HasMaxLength(200);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<SystemClassification>(e =>
        {
            e.ToTable("system_classifications");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.IntakeVersionId).HasMaxLength(40);
            e.HasIndex(x => x.IntakeVersionId).IsUnique();
            e.HasIndex(x => x.SystemId);
            e.Property(x => x.EuAiActClass).HasMaxLength(32);
            e.Property(x => x.Tier).HasMaxLength(32);
            e.Property(x => x.ControlLibraryVersion).HasMaxLength(500);
            e.Property(x => x.ControlLibraryHash).HasMaxLength(100);
            e.Property(x => x.CalendarName).HasMaxLength(100);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<IntakeVersion>().WithMany().HasForeignKey(x => x.IntakeVersionId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ClassificationOverrideRecord>(e =>
        {
            e.ToTable("classification_overrides");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ClassificationId).HasMaxLength(40);
            e.HasIndex(x => x.ClassificationId);
            e.HasIndex(x => x.SystemId);
            e.Property(x => x.EuAiActClass).HasMaxLength(32);
            e.Property(x => x.Justification).HasMaxLength(4000);
            e.Property(x => x.OverriddenBy).HasMaxLength(200);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<SystemClassification>().WithMany().HasForeignKey(x => x.ClassificationId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<SystemControlStatus>(e =>
        {
            e.ToTable("system_control_statuses");
            e.HasKey(x => new { x.SystemId, x.ControlId });
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ControlId).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(4000);
            e.Property(x => x.UpdatedBy).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
