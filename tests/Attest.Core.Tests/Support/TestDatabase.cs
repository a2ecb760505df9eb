using Attest.Core.Data;
using Attest.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Support;

/// <summary>
/// A real database in a fresh temporary data directory, with a fake clock: SQLite, or PostgreSQL when the test names a
/// database or the run sets <c>ATTEST_TEST_DATABASE=postgres</c> (<see cref="TestProvider"/>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private readonly string? _ownDatabase;

    private TestDatabase(string directory, ServiceProvider provider, FakeTimeProvider clock, string? ownDatabase)
    {
        _ownDatabase = ownDatabase;
        Directory_ = directory;
        _provider = provider;
        Clock = clock;
    }

    public string Directory_ { get; }
    public FakeTimeProvider Clock { get; }
    public DatabaseSettings Settings => _provider.GetRequiredService<DatabaseSettings>();

    /// <summary>SQLite in a temporary directory, or the given PostgreSQL database.</summary>
    /// <param name="ledger">Where the ledger signs and publishes; default: a key in the data directory, no witnesses.</param>
    /// <param name="monitoring">How monitoring delivers (SMTP server, webhook allow-list); default: the server defaults.</param>
    /// <param name="oversight">How the review queue behaves (claim lease, expiry); default: the server defaults.</param>
    public static async Task<TestDatabase> CreateAsync(string? postgresConnectionString = null, Attest.Core.Features.Ledger.LedgerOptions? ledger = null,
        Attest.Core.Features.Monitoring.MonitoringSettings? monitoring = null, Attest.Core.Features.Oversight.OversightSettings? oversight = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "attest-test-" + Guid.NewGuid().ToString("N"));
        // The data directory exists on either provider (SQLite creates it for its file; tests write packs and exports there).
        Directory.CreateDirectory(directory);
        var ownDatabase = postgresConnectionString is null ? await TestProvider.DatabaseAsync() : null;
        postgresConnectionString ??= ownDatabase;
        var settings = DatabaseSettings.Resolve(directory, postgresConnectionString);
        await AttestDatabase.MigrateAsync(settings);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        if (monitoring is not null) services.AddSingleton(monitoring);
        if (oversight is not null) services.AddSingleton(oversight);
        services.AddAttestCore(settings, ledger: ledger ?? Attest.Core.Features.Ledger.LedgerOptions.Default);
        services.AddSingleton<TimeProvider>(clock);
        return new TestDatabase(directory, services.BuildServiceProvider(), clock, ownDatabase);
    }

    /// <summary>
    /// A second server over the same database: its own singletons (the API key cache, the ingest pipeline), the same clock
    /// and ledger. Dispose it before the database.
    /// </summary>
    public ServiceProvider NewInstance()
    {
        var services = new ServiceCollection();
        services.AddAttestCore(Settings, ledger: _provider.GetRequiredService<Attest.Core.Features.Ledger.LedgerOptions>());
        services.AddSingleton<TimeProvider>(Clock);
        return services.BuildServiceProvider();
    }

    /// <summary>A use case (or the context) in its own scope, as one request would get it.</summary>
    public T Get<T>() where T : notnull => _provider.CreateScope().ServiceProvider.GetRequiredService<T>();

    public AttestDbContext NewContext() => AttestDatabase.CreateContext(Settings);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownDatabase is not null) await TestProvider.DropAsync(_ownDatabase);
        try { Directory.Delete(Directory_, recursive: true); } catch (IOException) { }
    }
}
