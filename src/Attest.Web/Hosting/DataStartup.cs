using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Ledger;

namespace Attest.Web.Hosting;

/// <summary>
/// Loads every data file (control library, calendars, intake questions and routing, gates, material-change triggers,
/// review policy, history phrases, incident taxonomy, KPI definitions, required training courses — shipped and the organisation's) before the server accepts requests, so a
/// malformed file stops the start (DataFileException: file, line, field) instead of failing the first request that
/// needs it. `attest data check` runs the same checks offline.
/// </summary>
internal sealed class DataStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Authentication settings and the single-sign-on role map (file, line, field) are checked like data files.
        if (services.GetRequiredService<Attest.Web.Security.AuthSettings>().Problems is { Count: > 0 } problems)
            throw new Attest.Core.DataFiles.DataFileException(problems);
        services.GetService<Attest.Core.Features.Identity.SsoRoleMap>();
        services.GetRequiredService<ComplianceData>();
        services.GetRequiredService<GateData>();
        services.GetRequiredService<Attest.Core.Features.Incidents.IncidentData>();
        services.GetRequiredService<Attest.Core.Features.Kpis.KpiCatalog>();
        services.GetRequiredService<Attest.Core.Features.Training.TrainingRequirements>();
        services.GetRequiredService<HistoryPhraseBook>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
