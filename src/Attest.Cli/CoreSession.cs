using Attest.Core.Data;
using Attest.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli;

/// <summary>The core's services over a local data directory, for verbs that work without a server.</summary>
internal sealed class CoreSession : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private CoreSession(ServiceProvider provider)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
    }

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Opens an existing database (migrating it to this version); a missing or unreadable one is bad input.</summary>
    public static async Task<CoreSession> OpenAsync(DatabaseSettings settings, CancellationToken ct, bool create = false)
    {
        if (!create && settings.Provider == DatabaseProvider.Sqlite && !File.Exists(Path.Combine(settings.DataDirectory, DatabaseSettings.SqliteFileName)))
            throw new CliUsageException($"no Attest database in {settings.DataDirectory} (start one with 'attest serve --data {settings.DataDirectory}' or 'attest db migrate --data {settings.DataDirectory}').");
        try
        {
            await AttestDatabase.MigrateAsync(settings, ct);
        }
        catch (DatabaseStartupException e)
        {
            throw new CliUsageException(e.Message);
        }
        return new CoreSession(new ServiceCollection().AddAttestCore(settings).BuildServiceProvider());
    }

    /// <summary>
    /// Opens an existing database for a command that only reads (gate, systems, docs, export): read-only, never migrated;
    /// one that needs migrating is bad input naming the command that fixes it.
    /// </summary>
    public static async Task<CoreSession> OpenReadOnlyAsync(DatabaseSettings settings, CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite && !File.Exists(Path.Combine(settings.DataDirectory, DatabaseSettings.SqliteFileName)))
            throw new CliUsageException($"no Attest database in {settings.DataDirectory} (start one with 'attest serve --data {settings.DataDirectory}' or 'attest db migrate --data {settings.DataDirectory}').");
        try
        {
            var readOnly = await ReadOnlyDatabase.OpenAsync(settings, ct);
            return new CoreSession(new ServiceCollection().AddAttestCore(readOnly).BuildServiceProvider());
        }
        catch (DatabaseStartupException e)
        {
            throw new CliUsageException(e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
