using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attest.Web.Tests.Support;

/// <summary>The real web app over a fresh SQLite data directory (optionally with the demo portfolio).</summary>
public sealed class AttestWebFactory(bool demo = false) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "attest-web-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Attest:Data", DataDirectory);
        builder.UseSetting("Attest:Demo", demo ? "true" : "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
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
