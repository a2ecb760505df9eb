using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>Tables of the risk register and incidents.</summary>
internal static class RiskModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Risk>(e =>
        {
            e.ToTable("risks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ModelVersionId).HasMaxLength(40);
            e.Property(x => x.ModelVersionLabel).HasMaxLength(400);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Severity).HasConversion<SnakeCaseEnumConverter<RiskSeverity>>().HasMaxLength(32);
            e.Property(x => x.Likelihood).HasConversion<SnakeCaseEnumConverter<RiskLikelihood>>().HasMaxLength(32);
            e.Property(x => x.Treatment).HasConversion<SnakeCaseEnumConverter<RiskTreatment>>().HasMaxLength(32);
            e.Property(x => x.Mitigation).HasMaxLength(4000);
            e.Property(x => x.ControlId).HasMaxLength(100);
            e.Property(x => x.Owner).HasMaxLength(200);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
            e.Property(x => x.UpdatedBy).HasMaxLength(200);
            e.Property(x => x.AcceptedBy).HasMaxLength(200);
            e.Property(x => x.AcceptanceRationale).HasMaxLength(4000);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.SystemId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Incident>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.ModelVersionId).HasMaxLength(40);
            e.Property(x => x.ModelVersionLabel).HasMaxLength(400);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Severity).HasConversion<SnakeCaseEnumConverter<IncidentSeverity>>().HasMaxLength(32);
            e.Property(x => x.Status).HasConversion<SnakeCaseEnumConverter<Attest.Engine.Incidents.IncidentStatus>>().HasMaxLength(32);
            e.Property(x => x.ReportedBy).HasMaxLength(200);
            e.Property(x => x.Category).HasMaxLength(60);
            e.Property(x => x.Owner).HasMaxLength(200);
            e.Property(x => x.Serious).HasConversion<SnakeCaseEnumConverter<Attest.Engine.Incidents.SeriousHarm>>().HasMaxLength(32);
            e.Property(x => x.RootCause).HasMaxLength(60);
            e.Property(x => x.GovernanceGap).HasMaxLength(4000);
            e.Property(x => x.ReviewSummary).HasMaxLength(4000);
            e.Property(x => x.ReviewedBy).HasMaxLength(200);
            e.Property(x => x.Resolution).HasMaxLength(4000);
            e.Property(x => x.ClosedBy).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.SystemId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<OrgControlVersion>(e =>
        {
            e.ToTable("org_control_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.ControlId).HasMaxLength(60);
            e.Property(x => x.ControlJson).HasMaxLength(16000);
            e.Property(x => x.ScopeSystemId).HasMaxLength(40);
            e.Property(x => x.IncidentId).HasMaxLength(40);
            e.Property(x => x.ActionId).HasMaxLength(40);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.ControlId, x.Version }).IsUnique();
        });
    }
}
