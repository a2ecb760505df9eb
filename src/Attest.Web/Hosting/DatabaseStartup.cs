using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Demo;
using Attest.Core.Features.Ledger;

namespace Attest.Web.Hosting;

/// <summary>
/// Migrates the database (and seeds the demo portfolio, with a first signed checkpoint, when asked) before the server accepts
/// requests; an unusable database stops the start with a clear <see cref="DatabaseStartupException"/>.
/// </summary>
internal sealed class DatabaseStartup(DatabaseSettings settings, AttestOptions options, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AttestDatabase.MigrateAsync(settings, cancellationToken);
        if (!options.Demo) return;
        await using var scope = services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, cancellationToken);
        // A freshly seeded demo starts with a signed checkpoint, as a portfolio with history would have.
        if (seeded > 0)
            await scope.ServiceProvider.GetRequiredService<CreateCheckpoint>().ExecuteAsync(CallerIdentity.Attest, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
