using Attest.Core.Features.Compliance;

namespace Attest.Web.Hosting;

/// <summary>
/// Loads the control library, calendars, intake questions and routing rules before the server accepts
/// requests, so a malformed data file stops the start (DataFileException: file, line, field) instead of
/// failing the first request that needs it.
/// </summary>
internal sealed class ComplianceDataStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ComplianceData>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
