using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Attest.Web.Tests.Support;

/// <summary>
/// A throwaway nats-server with JetStream from Debian's package, on a free loopback port with its own store directory,
/// started for a test class and removed afterwards. It can be stopped (killed) and started again on the same port and
/// store, for the fault tests. scripts/test.sh installs the package.
/// </summary>
public sealed class NatsServer : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-nats-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; private set; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public static string Binary =>
        new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("The NATS tests need Debian's nats-server package: apt-get install -y nats-server (scripts/test.sh does this).");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts the server (again) on the same port and store, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", _dir, "-l", Path.Combine(_dir, "server.log")])
            info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nats-server exited ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Kills the server (no goodbye to the clients) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A port nothing listens on (for the unreachable-URL tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
