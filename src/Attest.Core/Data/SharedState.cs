using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>
/// A background job's slot, shared by every instance on the database: the instance whose conditional update moves
/// <see cref="NextDueAt"/> on runs the job for that period (<see cref="Features.Operations.ClaimJobRun"/>).
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public DateTimeOffset NextDueAt { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
}

/// <summary>
/// One ASP.NET Core data-protection key (cookies, antiforgery tokens) shared by every instance; <see cref="Xml"/> is the
/// key's XML as the key manager gives it to the repository — already encrypted under the installation's secrets key.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public int Id { get; set; }
    public required string FriendlyName { get; set; }
    public required string Xml { get; set; }
}

/// <summary>Tables of state that several instances share: job leases and data-protection keys.</summary>
internal static class SharedStateModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<JobLease>(e =>
        {
            e.ToTable("job_leases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Owner).HasMaxLength(100);
        });
        b.Entity<DataProtectionKeyRow>(e =>
        {
            e.ToTable("data_protection_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.FriendlyName).HasMaxLength(100);
            e.HasIndex(x => x.FriendlyName).IsUnique();
        });
    }
}
