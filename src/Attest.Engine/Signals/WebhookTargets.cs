using System.Net;
using System.Net.Sockets;

namespace Attest.Engine.Signals;

/// <summary>
/// Where a webhook may be sent (a guard against server-side request forgery): not to this machine, not into a private
/// network, not to link-local addresses (where cloud metadata services answer, 169.254.169.254) — unless the host is on the
/// operator's allow-list. Pure: the caller resolves names and passes the addresses.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why a webhook must not be sent to this address, or null when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "an unspecified address (0.0.0.0/8)",
                127 => "a loopback address (127.0.0.0/8)",
                10 => "a private address (10.0.0.0/8)",
                172 when b[1] is >= 16 and <= 31 => "a private address (172.16.0.0/12)",
                192 when b[1] == 168 => "a private address (192.168.0.0/16)",
                169 when b[1] == 254 => "a link-local address (169.254.0.0/16, where cloud metadata services answer)",
                100 when b[1] is >= 64 and <= 127 => "a shared carrier-grade NAT address (100.64.0.0/10)",
                >= 224 => "a multicast or reserved address (224.0.0.0/3)",
                _ => null,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any)) return "an unspecified address (::)";
            if (address.Equals(IPAddress.IPv6Loopback)) return "a loopback address (::1)";
            if (address.IsIPv6LinkLocal) return "a link-local address (fe80::/10)";
            if (address.IsIPv6SiteLocal) return "a site-local address (fec0::/10)";
            if (address.IsIPv6Multicast) return "a multicast address (ff00::/8)";
            var b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC) return "a unique-local address (fc00::/7)";
            // 6to4 (2002::/16) and NAT64 (64:ff9b::/96) carry an IPv4 address: judge that one.
            if (b[0] == 0x20 && b[1] == 0x02) return Refusal(new IPAddress(b[2..6]));
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].All(x => x == 0)) return Refusal(new IPAddress(b[12..16]));
            return null;
        }
        return "not an IP address";
    }

    /// <summary>Host names that mean this machine whatever they resolve to.</summary>
    public static bool IsLocalName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.TrimEnd('.').ToLowerInvariant();
        return h == "localhost" || h.EndsWith(".localhost", StringComparison.Ordinal);
    }

    /// <summary>Whether the host (a name or an address, as in the URL) is on the allow-list (names case-insensitive, addresses by value).</summary>
    public static bool IsAllowed(string host, IReadOnlyCollection<string> allowList)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(allowList);
        var h = host.Trim('[', ']').TrimEnd('.');
        var address = IPAddress.TryParse(h, out var a) ? a : null;
        foreach (var entry in allowList)
        {
            var e = entry.Trim().Trim('[', ']').TrimEnd('.');
            if (e.Length == 0) continue;
            if (string.Equals(e, h, StringComparison.OrdinalIgnoreCase)) return true;
            if (address is not null && IPAddress.TryParse(e, out var allowed) && allowed.Equals(address)) return true;
        }
        return false;
    }

    /// <summary>
    /// Why a webhook URL's host is refused as written (an address literal or a local name), or null when it may be saved.
    /// A name is judged again after resolution, at delivery.
    /// </summary>
    public static string? RefusalOfHost(string host, IReadOnlyCollection<string> allowList)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (IsAllowed(host, allowList)) return null;
        if (IsLocalName(host)) return $"{host} is this machine";
        var h = host.Trim('[', ']');
        return IPAddress.TryParse(h, out var address) && Refusal(address) is { } why ? $"{h} is {why}" : null;
    }
}
