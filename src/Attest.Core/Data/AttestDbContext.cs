using Attest.Core.Common;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Attest.Core.Data;

/// <summary>
/// The system of record. Use cases query it directly; one subclass per provider carries that
/// provider's migrations (<see cref="SqliteAttestDbContext"/>, <see cref="PostgresAttestDbContext"/>).
/// </summary>
public abstract class AttestDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AiSystem> Systems => Set<AiSystem>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<ModelTrainingDataset> ModelTrainingDatasets => Set<ModelTrainingDataset>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<DatasetLineage> DatasetLineage => Set<DatasetLineage>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<LedgerCheckpointRow> LedgerCheckpoints => Set<LedgerCheckpointRow>();
    public DbSet<KpiSnapshot> KpiSnapshots => Set<KpiSnapshot>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<SystemMember> SystemMembers => Set<SystemMember>();
    public DbSet<IntakeVersion> IntakeVersions => Set<IntakeVersion>();
    public DbSet<SystemClassification> Classifications => Set<SystemClassification>();
    public DbSet<ClassificationOverrideRecord> ClassificationOverrides => Set<ClassificationOverrideRecord>();
    public DbSet<SystemControlStatus> ControlStatuses => Set<SystemControlStatus>();
    public DbSet<EvidenceItem> Evidence => Set<EvidenceItem>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<ReviewSignOff> ReviewSignOffs => Set<ReviewSignOff>();
    public DbSet<Waiver> Waivers => Set<Waiver>();
    public DbSet<MaterialChangeRecord> MaterialChanges => Set<MaterialChangeRecord>();
    public DbSet<TrackedAction> Actions => Set<TrackedAction>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<OrgControlVersion> OrgControlVersions => Set<OrgControlVersion>();
    public DbSet<DocumentNarrativeRevision> DocumentNarratives => Set<DocumentNarrativeRevision>();
    public DbSet<OversightPolicyVersion> OversightPolicies => Set<OversightPolicyVersion>();
    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();
    public DbSet<DecisionBatch> DecisionBatches => Set<DecisionBatch>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<MonitoringPlanVersion> MonitoringPlans => Set<MonitoringPlanVersion>();
    public DbSet<MonitoringSchedule> MonitoringSchedule => Set<MonitoringSchedule>();
    public DbSet<MonitoringPoint> MonitoringPoints => Set<MonitoringPoint>();
    public DbSet<MonitoringAlert> MonitoringAlerts => Set<MonitoringAlert>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();
    public DbSet<TrainingRecord> TrainingRecords => Set<TrainingRecord>();
    public DbSet<Questionnaire> Questionnaires => Set<Questionnaire>();
    public DbSet<QuestionnaireAnswer> QuestionnaireAnswers => Set<QuestionnaireAnswer>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as the same snake_case words the API and the data files use.
        configurationBuilder.Properties<LifecycleStage>().HaveConversion<SnakeCaseEnumConverter<LifecycleStage>>().HaveMaxLength(32);
        configurationBuilder.Properties<ModelKind>().HaveConversion<SnakeCaseEnumConverter<ModelKind>>().HaveMaxLength(32);
        configurationBuilder.Properties<ModelProvider>().HaveConversion<SnakeCaseEnumConverter<ModelProvider>>().HaveMaxLength(32);
        configurationBuilder.Properties<DeploymentEnvironment>().HaveConversion<SnakeCaseEnumConverter<DeploymentEnvironment>>().HaveMaxLength(32);
        configurationBuilder.Properties<DeploymentStatus>().HaveConversion<SnakeCaseEnumConverter<DeploymentStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<LegalBasis>().HaveConversion<SnakeCaseEnumConverter<LegalBasis>>().HaveMaxLength(32);
        configurationBuilder.Properties<Attest.Engine.Controls.ControlStatus>().HaveConversion<SnakeCaseEnumConverter<Attest.Engine.Controls.ControlStatus>>().HaveMaxLength(32);
        // SQLite has no timestamp type and cannot order or compare DateTimeOffset text in SQL: store UTC ticks,
        // which order like the instants they are, so queries sort and filter in the database, never in memory.
        if (Provider == DatabaseProvider.Sqlite)
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<AiSystem>(e =>
        {
            e.ToTable("systems");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.HasIndex(x => x.Slug).IsUnique();
            e.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.BusinessOwner).HasMaxLength(200);
            e.Property(x => x.TechnicalOwner).HasMaxLength(200);
            e.Property(x => x.BusinessUnit).HasMaxLength(200);
            e.Property(x => x.EuAiActClass).HasMaxLength(32);
            e.Property(x => x.Tier).HasMaxLength(32);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.OwnsMany(x => x.Links, l => l.ToJson());
            e.HasMany(x => x.ModelVersions).WithOne(m => m.System).HasForeignKey(m => m.SystemId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Deployments).WithOne(d => d.System).HasForeignKey(d => d.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ModelVersion>(e =>
        {
            e.ToTable("model_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.Version).HasMaxLength(64);
            e.HasIndex(x => new { x.SystemId, x.Name, x.Version }).IsUnique();
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.Ignore(x => x.Label);
        });

        b.Entity<ModelTrainingDataset>(e =>
        {
            e.ToTable("model_training_datasets");
            e.HasKey(x => new { x.ModelVersionId, x.DatasetId });
            e.HasOne(x => x.ModelVersion).WithMany(m => m.TrainingDatasets).HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
            // A dataset that trained a model cannot vanish from under it: lineage is evidence.
            e.HasOne(x => x.Dataset).WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.DatasetId);
        });

        b.Entity<Dataset>(e =>
        {
            e.ToTable("datasets");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.HasIndex(x => x.Slug).IsUnique();
            e.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        b.Entity<DatasetLineage>(e =>
        {
            e.ToTable("dataset_lineage");
            e.HasKey(x => new { x.ChildId, x.ParentId });
            e.HasOne(x => x.Child).WithMany(d => d.Parents).HasForeignKey(x => x.ChildId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.ParentId);
        });

        b.Entity<Deployment>(e =>
        {
            e.ToTable("deployments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Region).HasMaxLength(64);
            e.HasOne(x => x.ModelVersion).WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
        });

        b.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedNever();
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.Subject).HasMaxLength(200);
            e.Property(x => x.PayloadSha256).HasMaxLength(64);
            e.Property(x => x.PrevHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Subject);
            e.HasIndex(x => x.Actor);
        });

        b.Entity<KpiSnapshot>(e =>
        {
            e.ToTable("kpi_snapshots");
            // The one row per KPI, segment and day that makes the daily job exactly-once across instances.
            e.HasKey(x => new { x.KpiId, x.Segment, x.Day });
            e.Property(x => x.KpiId).HasMaxLength(64);
            e.Property(x => x.Segment).HasMaxLength(240);
            e.Property(x => x.Status).HasConversion<SnakeCaseEnumConverter<Attest.Engine.Kpis.KpiStatus>>().HasMaxLength(32);
        });

        b.Entity<LedgerCheckpointRow>(e =>
        {
            e.ToTable("ledger_checkpoints");
            e.HasKey(x => x.TreeSize);
            e.Property(x => x.TreeSize).ValueGeneratedNever();
            e.Property(x => x.RootHash).HasMaxLength(64);
            e.Property(x => x.KeyId).HasMaxLength(64);
            e.Property(x => x.Signature).HasMaxLength(200);
        });

        b.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.HasIndex(x => x.UserName).IsUnique();
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.PasswordHash).HasMaxLength(500);
            e.Property(x => x.ExternalId).HasMaxLength(500);
            e.HasIndex(x => x.ExternalId).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        b.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.SecretHash).HasMaxLength(64);
            e.HasIndex(x => x.SecretHash).IsUnique();
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.RevokedBy).HasMaxLength(200);
        });

        b.Entity<SystemMember>(e =>
        {
            e.ToTable("system_members");
            e.HasKey(x => new { x.SystemId, x.UserId, x.Role });
            e.Property(x => x.Role).HasMaxLength(40);
            e.Property(x => x.GrantedBy).HasMaxLength(200);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.UserId);
        });

        IntakeModel.Configure(b);
        EvidenceModel.Configure(b);
        ReviewModel.Configure(b);
        MaterialChangeModel.Configure(b);
        RiskModel.Configure(b);
        DocumentNarrativeModel.Configure(b);
        OversightModel.Configure(b);
        MonitoringModel.Configure(b);
        TrainingModel.Configure(b);
        AssuranceModel.Configure(b);
        SharedStateModel.Configure(b);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseLedgerRewrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseLedgerRewrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefuseLedgerRewrites()
    {
        if (ChangeTracker.Entries<LedgerEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Ledger entries are append-only: an entry can never be modified or deleted.");
    }
}

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>A <see cref="DateTimeOffset"/> as its UTC ticks (SQLite INTEGER): exact, and ordered like the instant.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>Stores an enum as its snake_case name ("in_development").</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => SnakeCase.FromEnum(v),
    v => SnakeCase.ToEnum<TEnum>(v))
    where TEnum : struct, Enum;
