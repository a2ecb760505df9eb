using System.Net.Mail;

namespace Attest.Core.Common;

/// <summary>What Attest accepts as an e-mail address: one plain address (local@domain.tld), no display name, at most 254 characters.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>True for a missing (null or blank) value, which optional fields allow, and for a plain address.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return true;
        var text = value.Trim();
        if (text.Length > MaxLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || text.Contains('<', StringComparison.Ordinal)) return false;
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1) return false;
        var domain = text[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal)) return false;
        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }
}
