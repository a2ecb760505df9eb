using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Attest.Core.Tests.Monitoring;

/// <summary>
/// A local SMTP server that speaks just enough of the protocol (220, EHLO/HELO, MAIL FROM, RCPT TO, DATA … ".", RSET, NOOP,
/// QUIT) to take mail, and records what it accepted. <c>RCPT TO</c> is answered with the reply codes it is given, in turn
/// (the last one repeats): 550 refuses the recipient.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Queue<int> _recipientReplies;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public sealed record Mail(string From, IReadOnlyList<string> To, string Data)
    {
        /// <summary>The message as MimeKit reads it (headers decoded, body transfer-decoded).</summary>
        public MimeKit.MimeMessage Message => MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Data)));
    }

    public SmtpSink(params int[] recipientReplies)
    {
        _recipientReplies = new Queue<int>(recipientReplies.Length == 0 ? [250] : recipientReplies);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public List<Mail> Received { get; } = [];
    public List<string> Commands { get; } = [];

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink.test ESMTP ready");
        string? from = null;
        var to = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                lock (Commands) Commands.Add(line);
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 sink.test");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 sender ok");
                        break;
                    case "RCPT":
                        int reply;
                        lock (_recipientReplies) reply = _recipientReplies.Count > 1 ? _recipientReplies.Dequeue() : _recipientReplies.Peek();
                        if (reply == 250) to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
                        await writer.WriteLineAsync(reply == 250 ? "250 2.1.5 recipient ok" : $"{reply} 5.1.1 mailbox unavailable");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } l && l != ".")
                            data.Append(l.StartsWith("..", StringComparison.Ordinal) ? l[1..] : l).Append("\r\n");
                        lock (Received) Received.Add(new Mail(from ?? "", [.. to], data.ToString()));
                        await writer.WriteLineAsync($"250 2.0.0 queued as m{Received.Count}");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 bye");
                        return;
                    case "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 ok");
                        break;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
