using System.Diagnostics;
using System.Globalization;
using System.Text;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Pushes each signed checkpoint, as a C2SP checkpoint note signed by the ledger key, to every
/// configured witness (<see cref="WitnessSettings"/>). Once a witness holds a checkpoint, the operator
/// cannot rewrite the history it covers unseen: <c>attest ledger verify --witness DIR</c> proves the
/// current chain extends every witnessed checkpoint. A witness that cannot be reached is logged and
/// tried again with the next checkpoint or schedule tick; signing never waits on it.
/// </summary>
public sealed class CheckpointWitnesses(LedgerOptions options, LedgerKeys keys, ILogger<CheckpointWitnesses>? logger = null)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly ILogger _logger = logger ?? NullLogger<CheckpointWitnesses>.Instance;
    private readonly Lock _gate = new();
    private (SignedCheckpoint Checkpoint, string Origin)? _pending;

    private WitnessSettings Settings => options.Witnesses;

    /// <summary>
    /// Publishes <paramref name="checkpoint"/> of the ledger named <paramref name="origin"/> (<see cref="CheckpointNote.Origin"/>)
    /// to every witness; returns the failures (also logged). Nothing happens without witnesses.
    /// </summary>
    public async Task<IReadOnlyList<string>> PublishAsync(SignedCheckpoint checkpoint, string origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!Settings.Any) return [];
        var (note, vkey, keyId) = Note(checkpoint, origin);
        var name = FileName(checkpoint.Checkpoint.TreeSize);
        var failures = new List<string>();
        foreach (var directory in Settings.Directories)
            await Try(failures, $"witness directory {directory}", () => Task.FromResult(WriteFiles(directory, name, note, keyId, vkey)));
        foreach (var url in Settings.Webhooks)
            await Try(failures, $"witness webhook {url}", () => PostAsync(url, note, vkey, ct));
        foreach (var repository in Settings.GitRepositories)
            await Try(failures, $"witness git repository {repository}", () => PushToGitAsync(repository, name, note, keyId, vkey, checkpoint.Checkpoint.TreeSize, ct));
        lock (_gate) _pending = failures.Count > 0 ? (checkpoint, origin) : null;
        return failures;
    }

    /// <summary>Tries again to publish the last checkpoint some witness did not take (the schedule calls this).</summary>
    public async Task RetryPendingAsync(CancellationToken ct)
    {
        (SignedCheckpoint, string)? pending;
        lock (_gate) pending = _pending;
        if (pending is { } p) await PublishAsync(p.Item1, p.Item2, ct);
    }

    /// <summary>The note for a checkpoint, signed now with the ring's active key; and that key as a verifier key.</summary>
    public (string Note, string VerifierKey, string KeyId) Note(SignedCheckpoint checkpoint, string origin)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var body = CheckpointNote.Body(origin, checkpoint.Checkpoint.TreeSize, Convert.FromHexString(checkpoint.Checkpoint.RootHash));
        var ring = keys.Ring;
        var (keyId, signature) = ring.SignWithActiveKey(Encoding.UTF8.GetBytes(body));
        var publicKey = ring.Find(keyId)!.PublicKeyBytes();
        return (CheckpointNote.Signed(body, origin, publicKey, signature), CheckpointNote.VerifierKey(origin, publicKey), keyId);
    }

    /// <summary>"000000000042.checkpoint": sorts by tree size.</summary>
    public static string FileName(long treeSize) => treeSize.ToString("D12", CultureInfo.InvariantCulture) + ".checkpoint";

    private async Task Try(List<string> failures, string witness, Func<Task<string?>> push)
    {
        string? failure;
        try
        {
            failure = await push();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            failure = e.Message;
        }
        if (failure is null) return;
        failures.Add($"{witness}: {failure}");
        _logger.LogWarning("Could not publish the ledger checkpoint to {Witness}: {Failure}. It is tried again with the next checkpoint.", witness, failure);
    }

    /// <summary>
    /// Writes the note and the verifier key, never overwriting: a witness keeps what it was given. A
    /// different note for the same size (a rewritten history) is written beside the first, where a
    /// verifier finds both.
    /// </summary>
    public static string? WriteFiles(string directory, string name, string note, string keyId, string vkey)
    {
        Directory.CreateDirectory(directory);
        WriteOnce(Path.Combine(directory, keyId + ".vkey"), vkey + "\n");
        var path = Path.Combine(directory, name);
        if (!WriteOnce(path, note) && File.ReadAllText(path) != note)
        {
            var digest = LedgerHashing.Sha256Hex(Encoding.UTF8.GetBytes(note))[..8];
            WriteOnce(Path.Combine(directory, Path.GetFileNameWithoutExtension(name) + "-" + digest + ".checkpoint"), note);
        }
        return null;
    }

    private static bool WriteOnce(string path, string content)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(Encoding.UTF8.GetBytes(content));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static async Task<string?> PostAsync(string url, string note, string vkey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(note, Encoding.UTF8, "text/plain") };
        request.Headers.Add("X-Attest-Verifier-Key", vkey);
        using var response = await Http.SendAsync(request, ct);
        return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
    }

    private static async Task<string?> PushToGitAsync(string repository, string name, string note, string keyId, string vkey, long treeSize, CancellationToken ct)
    {
        WriteFiles(repository, name, note, keyId, vkey);
        if (await GitAsync(repository, ct, "add", "--", name, keyId + ".vkey") is { } addError) return addError;
        if (await GitAsync(repository, ct, "diff", "--cached", "--quiet") is null) return null; // already committed
        if (await GitAsync(repository, ct, "-c", "user.name=Attest", "-c", "user.email=attest@localhost", "commit", "-q", "-m", $"Ledger checkpoint at tree size {treeSize}") is { } commitError)
            return commitError;
        var remotes = await GitOutputAsync(repository, ct, "remote");
        return string.IsNullOrWhiteSpace(remotes) ? null : await GitAsync(repository, ct, "push", "-q");
    }

    private static async Task<string?> GitAsync(string repository, CancellationToken ct, params string[] args)
    {
        var (code, _, error) = await RunGitAsync(repository, ct, args);
        return code == 0 ? null : $"git {string.Join(' ', args.Where(a => !a.StartsWith("user.", StringComparison.Ordinal) && a != "-c"))} failed: {error.Trim()}";
    }

    private static async Task<string> GitOutputAsync(string repository, CancellationToken ct, params string[] args) => (await RunGitAsync(repository, ct, args)).Output;

    private static async Task<(int Code, string Output, string Error)> RunGitAsync(string repository, CancellationToken ct, string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(repository);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start git");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
