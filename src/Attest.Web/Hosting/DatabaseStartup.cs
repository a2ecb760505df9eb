using Attest.Core.Data;
using Attest.Core.Demo;

namespace Attest.Web.Hosting;

/// <summary>
/// Migrates the database (and seeds the demo portfolio when asked) before the server accepts
/// requests; an unusable database stops the start with a clear <see cref="DatabaseStartupException"/>.
/// </summary>
internal sealed class DatabaseStartup(DatabaseSettings settings, AttestOptions options, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AttestDatabase.MigrateAsync(settings, cancellationToken);
        if (!options.Demo) return;
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
