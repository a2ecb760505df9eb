using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>Table mapping of the evidence store.</summary>
internal static class EvidenceModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<EvidenceItem>(e =>
        {
            e.ToTable("evidence");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            // No foreign key to systems: evidence is never deleted, not even with its system (the ledger names both).
            e.HasIndex(x => x.SystemId);
            e.HasIndex(x => x.Sha256);
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.MediaType).HasMaxLength(100);
            e.Property(x => x.Summary).HasMaxLength(2000);
            e.Property(x => x.Method).HasMaxLength(16);
            e.Property(x => x.ProducedBy).HasMaxLength(200);
            e.Property(x => x.SupersedesId).HasMaxLength(40);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.RetiredBy).HasMaxLength(200);
            e.Property(x => x.RetiredReason).HasMaxLength(500);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
    }
}
