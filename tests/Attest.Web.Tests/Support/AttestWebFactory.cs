using System.Net;
using Attest.Core.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Support;

/// <summary>
/// The real web app over a fresh data directory (optionally with the demo portfolio), on SQLite or, when the run sets
/// <c>ATTEST_TEST_DATABASE=postgres</c>, on its own PostgreSQL database copied from a migrated template (<see cref="TestProvider"/>). The demo has users, so it
/// is not in setup mode: clients of a demo app carry an administrator's API key unless a test sets its own credentials.
/// A demo app starts from a copy of <see cref="DemoTemplate"/> (seeded once per test run) unless its settings choose
/// another database.
/// </summary>
public sealed class AttestWebFactory(bool demo = false, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private string? _adminKey;
    private bool _keepData;

    /// <summary>Seeds the demo itself, for the template (<see cref="DemoTemplate"/>), and keeps its data directory.</summary>
    internal static AttestWebFactory ForTemplate() => new(demo: true) { _keepData = true };

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "attest-web-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The app's own PostgreSQL database when the run is on PostgreSQL (<c>ATTEST_TEST_DATABASE=postgres</c>) and the
    /// test does not choose a database (<c>Attest:Postgres</c>, where an empty value pins SQLite); null on SQLite.
    /// </summary>
    public string? Database { get; private set; }

    /// <summary>The client address every request appears to come from (in-process requests otherwise have none).</summary>
    public IPAddress? RemoteAddress { get; init; }

    /// <summary>An administrator's API key of the demo app (made once, on first use).</summary>
    public string AdminKey => _adminKey ??= WithServiceAsync<Attest.Core.Features.Identity.CreateApiKey, string>(async c =>
        (await c.ExecuteAsync(new Attest.Core.Features.Identity.ApiKeyInput { Name = "test administrator", Roles = ["admin"] }, CallerIdentity.Attest, CancellationToken.None)).Value!.Secret)
        .GetAwaiter().GetResult();

    /// <summary>A client with no credentials (for tests of what an anonymous caller gets).</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (demo)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (RemoteAddress is { } address)
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddressFilter(address)));
        var namesDatabase = settings?.ContainsKey("Attest:Postgres") == true;
        if (demo && !_keepData && !namesDatabase)
            DemoTemplate.CopyTo(DataDirectory);
        if (!namesDatabase && TestProvider.IsPostgres)
            builder.UseSetting("Attest:Postgres", Database ??= demo && !_keepData
                ? DemoTemplate.NewDatabaseAsync().GetAwaiter().GetResult()
                : TestProvider.DatabaseAsync().GetAwaiter().GetResult());
        builder.UseSetting("Attest:Data", DataDirectory);
        builder.UseSetting("Attest:Demo", demo ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
    }

    /// <summary>Runs a use case against the app's own database, as an operator at the console would.</summary>
    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_keepData) return;
        if (Database is not null) await TestProvider.DropAsync(Database);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The demo portfolio, seeded once per test run through the real app and copied into each demo app's data directory
/// (and, on PostgreSQL, into a new database made from the seeded one with <c>CREATE DATABASE … TEMPLATE</c>): seeding plays
/// months of governance and thousands of production decisions through the use cases, and most demo tests only need the
/// result. Tests of the seeding itself start a server with <c>--demo</c> on an empty directory.
/// </summary>
internal static class DemoTemplate
{
    private static readonly Lazy<(string Directory, string? Database)> Seeded = new(Seed, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void CopyTo(string directory)
    {
        var template = Seeded.Value.Directory;
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>A new PostgreSQL database holding the seeded demo (the run is on PostgreSQL).</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var template = Seeded.Value.Database ?? throw new InvalidOperationException("The demo template was seeded on SQLite.");
        var (server, _) = await TestProvider.PostgresAsync();
        return await server.CreateDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(template).Database);
    }

    private static (string, string?) Seed()
    {
        var factory = AttestWebFactory.ForTemplate();
        // Starting the host seeds the demo; no client, so the template holds no test key.
        _ = factory.Services;
        factory.DisposeAsync().AsTask().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(factory.DataDirectory, recursive: true); } catch (IOException) { }
        };
        return (factory.DataDirectory, factory.Database);
    }
}

internal sealed class RemoteAddressFilter(IPAddress address) : IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(following => http =>
        {
            http.Connection.RemoteIpAddress = address;
            return following(http);
        });
        next(app);
    };
}

/// <summary>One demo-seeded app shared by the read-only tests of a class.</summary>
public sealed class DemoAppFixture : IAsyncLifetime
{
    public AttestWebFactory Factory { get; } = new(demo: true);

    public ValueTask InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
