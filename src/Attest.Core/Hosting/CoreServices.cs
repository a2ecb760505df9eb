using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attest.Core.Hosting;

public static class CoreServices
{
    /// <summary>
    /// Registers the database, the clock, id generation, the compliance data (control library merged with the
    /// data directory's, the calendar named by <paramref name="calendar"/> or the default, questions, routing)
    /// and every use case (classes under Attest.Core.Features).
    /// </summary>
    /// <param name="ledger">How the ledger signs and where checkpoints are witnessed; by default from ATTEST_LEDGER_* and ATTEST_WITNESS_* environment variables.</param>
    public static IServiceCollection AddAttestCore(this IServiceCollection services, DatabaseSettings settings, string? calendar = null, Features.Ledger.LedgerOptions? ledger = null)
    {
        services.AddSingleton(settings);
        ledger ??= Features.Ledger.LedgerOptions.FromEnvironment();
        services.AddSingleton(ledger);
        services.AddSingleton(ledger.Signing);
        services.AddSingleton<Features.Ledger.LedgerIntegrityMonitor>();
        services.AddSingleton<Features.Ledger.CheckpointWitnesses>();
        services.AddSingleton(_ => Features.Compliance.ComplianceData.Load(settings.DataDirectory, calendar));
        services.AddSingleton<Features.Gates.GateData>();
        services.AddSingleton<Features.Incidents.IncidentData>();
        services.AddSingleton<Features.Kpis.KpiCatalog>();
        services.AddSingleton<Features.Training.TrainingRequirements>();
        services.AddSingleton(_ => Features.Ledger.HistoryPhraseBook.LoadDefault(settings.DataDirectory));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IdGenerator>();
        services.AddSingleton<Features.Identity.ApiKeyCache>();
        services.AddSingleton<Features.Evidence.BlobStore>();
        services.TryAddSingleton(Features.Evidence.EvidenceSettings.Default);
        services.AddSingleton<Features.Ledger.LedgerKeys>();
        services.AddSingleton<Features.Ledger.LedgerTree>();
        services.TryAddSingleton(Features.Oversight.OversightSettings.Default);
        services.AddSingleton<Features.Oversight.DecisionIngestPipeline>();
        services.AddSingleton<Features.Oversight.IngestFactsCache>();
        services.TryAddSingleton(Features.Oversight.DecisionStreamSettings.Default);
        services.AddSingleton<Features.Oversight.DecisionStream>();
        services.AddSingleton<Features.Oversight.DecisionStreamIngest>();
        services.TryAddSingleton(Features.Monitoring.MonitoringSettings.Default);
        services.AddSingleton<Features.Monitoring.AlertSender>();
        services.TryAddSingleton(Features.Operations.InstallationSecrets.None);
        services.AddSingleton<Features.Monitoring.RouteSecrets>();
        services.TryAddSingleton(Features.Reports.ReportSettings.Default);
        services.AddSingleton<Features.Reports.ChromiumPdf>();
        foreach (var section in typeof(CoreServices).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Features.Packs.IPackSection).IsAssignableFrom(t)))
            services.AddScoped(typeof(Features.Packs.IPackSection), section);
        services.AddScoped(_ => AttestDatabase.CreateContext(settings));
        // The one governed write path and the access rules it applies (Governance/).
        services.AddScoped<Governance.Access>();
        services.AddScoped<Governance.GovernedWrites>();
        foreach (var useCase in typeof(CoreServices).Assembly.GetTypes().Where(IsUseCase))
            services.AddScoped(useCase);
        services.AddScoped<Demo.SeedDemoPortfolio>();
        services.AddScoped<Features.Reports.ExportExecutiveReport>();
        return services;
    }

    // A use case is a public, concrete class in a Features folder that reads the database or writes through the governed path.
    private static bool IsUseCase(Type t) =>
        t is { IsClass: true, IsAbstract: false, IsPublic: true } &&
        t.Namespace?.StartsWith("Attest.Core.Features", StringComparison.Ordinal) == true &&
        t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(AttestDbContext) || p.ParameterType == typeof(Governance.GovernedWrites)));
}
