using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Demo;
using Attest.Core.Features.Ledger;

namespace Attest.Web.Hosting;

/// <summary>
/// Migrates the database (and seeds the demo portfolio, with a first signed checkpoint, when asked) before the server accepts
/// requests; an unusable database stops the start with a clear <see cref="DatabaseStartupException"/>.
/// </summary>
internal sealed class DatabaseStartup(DatabaseSettings settings, AttestOptions options, IServiceProvider services, ILogger<DatabaseStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AttestDatabase.MigrateAsync(settings, cancellationToken);
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            // Several instances may share this database: say what is still kept per instance (docs/operations.md, several instances).
            if (!options.Secrets.IsConfigured)
                log.LogWarning("No shared secrets key (ATTEST_SECRETS_KEY_FILE): sign-in cookies, antiforgery tokens and webhook secrets are protected with keys in {Data}/keys, so a second instance on this database will not accept them", options.DataDirectory);
            if (!options.Ledger.Signing.IsExternal)
                log.LogWarning("The ledger signing key is this instance's own ({Data}/keys): give every instance the same key (ATTEST_LEDGER_KEY_FILE); checkpoints of every key still verify on every instance", options.DataDirectory);
        }
        if (!options.Demo) return;
        await using var scope = services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemoPortfolio>().ExecuteAsync(SeedDemoPortfolio.DefaultFile, cancellationToken);
        // A freshly seeded demo starts with a signed checkpoint, as a portfolio with history would have.
        if (seeded > 0)
            await scope.ServiceProvider.GetRequiredService<CreateCheckpoint>().ExecuteAsync(CallerIdentity.Attest, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
