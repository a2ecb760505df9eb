using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>Tables of monitoring: plan versions, the schedule (leases), evaluation points, alerts and deliveries.</summary>
internal static class MonitoringModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<MonitoringPlanVersion>(e =>
        {
            e.ToTable("monitoring_plans");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.SourceFormat).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.SystemId, x.Version }).IsUnique();
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MonitoringSchedule>(e =>
        {
            e.ToTable("monitoring_schedule");
            e.HasKey(x => new { x.SystemId, x.SignalId });
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.SignalId).HasMaxLength(64);
            e.Property(x => x.LeaseOwner).HasMaxLength(100);
            e.HasIndex(x => x.NextDueAt);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MonitoringPoint>(e =>
        {
            e.ToTable("monitoring_points");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.SignalId).HasMaxLength(64);
            e.Property(x => x.ModelVersionLabel).HasMaxLength(400);
            e.Property(x => x.Status).HasConversion<SnakeCaseEnumConverter<SignalStatus>>().HasMaxLength(32);
            e.Property(x => x.Comparator).HasMaxLength(4);
            e.Property(x => x.Target).HasMaxLength(400);
            e.Property(x => x.AlertId).HasMaxLength(40);
            e.Property(x => x.Trigger).HasMaxLength(16);
            e.HasIndex(x => new { x.SystemId, x.SignalId, x.EvaluatedAt });
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MonitoringAlert>(e =>
        {
            e.ToTable("monitoring_alerts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.SignalId).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(400);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Metric).HasMaxLength(64);
            e.Property(x => x.Severity).HasConversion<SnakeCaseEnumConverter<AlertSeverity>>().HasMaxLength(16);
            e.Property(x => x.State).HasConversion<SnakeCaseEnumConverter<AlertState>>().HasMaxLength(16);
            e.Property(x => x.Comparator).HasMaxLength(4);
            e.Property(x => x.ModelVersionLabel).HasMaxLength(400);
            e.Property(x => x.AcknowledgedBy).HasMaxLength(200);
            e.Property(x => x.ResolvedBy).HasMaxLength(200);
            e.Property(x => x.Resolution).HasMaxLength(4000);
            e.Property(x => x.IncidentId).HasMaxLength(40);
            e.Property(x => x.ActiveKey).HasMaxLength(600);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.ActiveKey).IsUnique();
            e.HasIndex(x => new { x.SystemId, x.State });
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AlertDelivery>(e =>
        {
            e.ToTable("alert_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.AlertId).HasMaxLength(40);
            e.Property(x => x.RouteKind).HasMaxLength(16);
            e.Property(x => x.Destination).HasMaxLength(2000);
            e.Property(x => x.Event).HasMaxLength(32);
            e.Property(x => x.State).HasConversion<SnakeCaseEnumConverter<DeliveryState>>().HasMaxLength(16);
            e.Property(x => x.LastResponse).HasMaxLength(2000);
            e.Property(x => x.LeaseOwner).HasMaxLength(100);
            e.HasIndex(x => new { x.State, x.NextAttemptAt });
            e.HasIndex(x => x.AlertId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
