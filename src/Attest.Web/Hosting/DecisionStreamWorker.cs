using Attest.Core.Features.Oversight;

namespace Attest.Web.Hosting;

/// <summary>
/// With <c>--nats</c> (Attest:Nats:Url): connects to NATS at start — an unreachable server fails the start with one line
/// (<see cref="DecisionStreamUnavailableException"/>) — and, unless Attest:Nats:Consume is false, runs this instance's
/// ingest worker (<see cref="DecisionStreamIngest"/>) until the host stops. Registered after the database start-up, so the
/// worker records into a migrated database.
/// </summary>
internal sealed class DecisionStreamWorker(DecisionStream stream, DecisionStreamIngest ingest) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!stream.Enabled) return;
        await stream.StartAsync(cancellationToken);
        if (stream.Settings.Consume)
            _worker = Task.Run(() => ingest.RunAsync(_stopping.Token), CancellationToken.None);
    }

    // The host may stop a service more than once (a test host's dispose stops it again): every step is idempotent.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync();
        if (_worker is not null) await _worker.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await stream.DisposeAsync();
    }

    public void Dispose() => _stopping.Dispose();
}
