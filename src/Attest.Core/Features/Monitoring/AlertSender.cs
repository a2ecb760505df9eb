using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Attest.Engine.Signals;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// The outcome of one attempt: success, the HTTP status (or SMTP reply code) and what came back (trimmed); a permanent
/// failure (a refused target) is not retried.
/// </summary>
public sealed record SendOutcome(bool Delivered, int? Status, string Response, bool Permanent = false);

/// <summary>A webhook target refused after resolution (<see cref="WebhookTargets"/>): nothing was sent.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Sends one delivery: a webhook POST of the stored JSON body, signed <c>X-Attest-Signature: sha256=&lt;hex HMAC-SHA256&gt;</c>
/// with the route's secret and named by <c>X-Attest-Delivery</c>; or an e-mail over SMTP (MailKit). Never throws for a
/// failed attempt: the failure is the outcome, recorded in the delivery log. A webhook's host is resolved when connecting and
/// every address judged (<see cref="WebhookTargets"/>): a host on this machine or in a private network is not called unless
/// allowed — checked on the addresses actually connected to, so a name that changes its answer after the plan was saved
/// cannot reach inside.
/// </summary>
public sealed class AlertSender(MonitoringSettings settings)
{
    public const int MaxResponseLength = 2000;

    private static readonly HttpRequestOptionsKey<IReadOnlyList<string>> AllowedHosts = new("attest.allowed-webhook-hosts");

    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseProxy = false,
        ConnectCallback = ConnectAsync,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<SendOutcome> SendAsync(string routeKind, string destination, string deliveryId, string @event, string body, string? secret, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.DeliveryTimeout);
        try
        {
            return routeKind == MonitoringRoute.Webhook
                ? await PostAsync(destination, deliveryId, @event, body, secret ?? "", settings.AllowedWebhookHosts, timeout.Token)
                : await MailAsync(destination, deliveryId, @event, body, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, null, $"no answer within {settings.DeliveryTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException refused)
        {
            return new SendOutcome(false, null, $"not called: {refused.Message}; an operator can allow the host with Attest:Monitoring:AllowedWebhookHosts", Permanent: true);
        }
        catch (SmtpCommandException e)
        {
            // The server refused (a sender, a recipient, the message): keep its reply code, as for an HTTP status.
            return new SendOutcome(false, (int)e.StatusCode, Trim($"{(int)e.StatusCode} {e.Message}"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or SmtpProtocolException
            or AuthenticationException or InvalidOperationException or MailKit.ServiceNotConnectedException or ParseException)
        {
            return new SendOutcome(false, null, Trim(e.Message));
        }
    }

    private static async Task<SendOutcome> PostAsync(string url, string deliveryId, string @event, string body, string secret, IReadOnlyList<string> allowed, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Options.Set(AllowedHosts, allowed);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(bytes, secret));
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, deliveryId);
        request.Headers.TryAddWithoutValidation("X-Attest-Event", @event);
        request.Headers.UserAgent.ParseAdd("Attest-Webhook/1");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var text = await ReadPrefixAsync(response, ct);
        var status = (int)response.StatusCode;
        return new SendOutcome(status is >= 200 and < 300, status, $"{status} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
    }

    // Resolves the host, refuses it when any address it has is off limits (and it is not allowed), connects to what it resolved to.
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        context.InitialRequestMessage.Options.TryGetValue(AllowedHosts, out var allowed);
        if (!WebhookTargets.IsAllowed(host, allowed ?? []))
        {
            if (WebhookTargets.IsLocalName(host))
                throw new WebhookTargetRefusedException($"{host} is this machine");
            foreach (var address in addresses)
                if (WebhookTargets.Refusal(address) is { } why)
                    throw new WebhookTargetRefusedException(literal is null ? $"{host} resolves to {address}, {why}" : $"{address} is {why}");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<SendOutcome> MailAsync(string to, string deliveryId, string @event, string body, CancellationToken ct)
    {
        if (settings.SmtpHost is null)
            return new SendOutcome(false, null, "no SMTP server is configured (Attest:Monitoring:Smtp:Host)");
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.SmtpFrom));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = @event == "test"
            ? $"[Attest] Test alert for {json["system"]}"
            : $"[Attest] {json["severity"]} alert on {json["system"]}: {json["signal"]} {json["metric"]} {json["value"]} {json["comparator"]} {json["threshold"]}";
        message.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId);
        message.Body = new TextPart("plain") { Text = $"{json["summary"]}\n\n{body}\n" };
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, settings.SmtpStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (settings.SmtpUser is not null)
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", ct);
        var reply = await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
        return new SendOutcome(true, 250, Trim(reply));
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new char[MaxResponseLength];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return Trim(new string(buffer, 0, read));
    }

    private static string Trim(string text) => text.Length <= MaxResponseLength - 100 ? text : text[..(MaxResponseLength - 100)];
}
