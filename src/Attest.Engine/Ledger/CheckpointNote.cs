using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attest.Engine.Ledger;

/// <summary>One signature line of a signed note: the key's name, its 4-byte key hash, the Ed25519 signature.</summary>
public sealed record NoteSignature(string KeyName, byte[] KeyHash, byte[] Signature);

/// <summary>A parsed checkpoint note (C2SP tlog-checkpoint): origin, tree size, root hash, the signed text and its signatures.</summary>
public sealed record CheckpointNoteContent(string Origin, long TreeSize, byte[] RootHash, string Body, IReadOnlyList<NoteSignature> Signatures)
{
    public string RootHashHex => Convert.ToHexStringLower(RootHash);
}

/// <summary>
/// Checkpoints as C2SP signed notes (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note), the
/// format transparency-log tooling and witnesses read:
/// <code>
/// attest-ledger/3f2a9c0d1b7e4a55      ← origin: the log's name
/// 42                                  ← tree size
/// qmF6oD3d…=                          ← root hash, base64
///
/// — attest-ledger/3f2a9c0d1b7e4a55 AbCdEf…   ← "— name base64(key hash ‖ Ed25519 signature)"
/// </code>
/// The signature covers the body (the first three lines with their newlines). The key hash is the first
/// 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key); a verifier key is <c>name+hex(key hash)+base64(0x01 ‖ public key)</c>.
/// Attest names its log (origin and key name alike) after the hash of the ledger's entry 1, so two ledgers never share a name.
/// </summary>
public static class CheckpointNote
{
    public const string OriginPrefix = "attest-ledger/";
    private const byte Ed25519Type = 0x01;
    private const string Dash = "\u2014 ";

    /// <summary>The origin of the ledger whose entry 1 has hash <paramref name="firstEntryHash"/> (hex): "attest-ledger/" and its first 16 digits.</summary>
    public static string Origin(string firstEntryHash)
    {
        ArgumentNullException.ThrowIfNull(firstEntryHash);
        return OriginPrefix + (firstEntryHash.Length >= 16 ? firstEntryHash[..16] : "empty");
    }

    /// <summary>The signed text: origin, tree size and base64 root, each ended by "\n".</summary>
    public static string Body(string origin, long treeSize, ReadOnlySpan<byte> rootHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        if (origin.Any(c => char.IsWhiteSpace(c) || c == '+')) throw new ArgumentException("A note origin has no spaces or '+'.", nameof(origin));
        return $"{origin}\n{treeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(rootHash)}\n";
    }

    /// <summary>SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4].</summary>
    public static byte[] KeyHash(string keyName, ReadOnlySpan<byte> publicKey)
    {
        var name = Encoding.UTF8.GetBytes(keyName);
        byte[] input = [.. name, 0x0A, Ed25519Type, .. publicKey];
        return SHA256.HashData(input)[..4];
    }

    /// <summary>The whole note: body, a blank line, one signature line.</summary>
    public static string Signed(string body, string keyName, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte[] blob = [.. KeyHash(keyName, publicKey), .. signature];
        return body + "\n" + Dash + keyName + " " + Convert.ToBase64String(blob) + "\n";
    }

    /// <summary>The verifier key others use to check notes: <c>name+hex(key hash)+base64(0x01 ‖ public key)</c>.</summary>
    public static string VerifierKey(string keyName, ReadOnlySpan<byte> publicKey)
    {
        byte[] typed = [Ed25519Type, .. publicKey];
        return $"{keyName}+{Convert.ToHexStringLower(KeyHash(keyName, publicKey))}+{Convert.ToBase64String(typed)}";
    }

    /// <summary>The name and raw public key of a verifier key; null when the text is not an Ed25519 verifier key.</summary>
    public static (string Name, byte[] PublicKey)? ParseVerifierKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length != 8) return null;
        byte[] typed;
        try
        {
            typed = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (typed.Length != 33 || typed[0] != Ed25519Type) return null;
        var key = typed[1..];
        return Convert.ToHexStringLower(KeyHash(parts[0], key)) == parts[1].ToLowerInvariant() ? (parts[0], key) : null;
    }

    /// <summary>Reads a checkpoint note; null with <paramref name="error"/> naming what is wrong.</summary>
    public static CheckpointNoteContent? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var split = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !text.EndsWith('\n'))
        {
            error = "not a signed note (a body, a blank line and signature lines, each ended by a newline)";
            return null;
        }
        var body = text[..(split + 1)];
        var lines = body.Split('\n');
        if (lines.Length < 4)
        {
            error = "the checkpoint body needs an origin, a tree size and a root hash";
            return null;
        }
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size.ToString(CultureInfo.InvariantCulture) != lines[1])
        {
            error = $"the tree size '{lines[1]}' is not a decimal number";
            return null;
        }
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            root = [];
        }
        if (root.Length != 32)
        {
            error = "the root hash is not base64 of 32 bytes";
            return null;
        }
        var signatures = new List<NoteSignature>();
        foreach (var line in text[(split + 2)..^1].Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (!line.StartsWith(Dash, StringComparison.Ordinal) || space <= Dash.Length)
            {
                error = $"'{line}' is not a signature line (— name signature)";
                return null;
            }
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(line[(space + 1)..]);
            }
            catch (FormatException)
            {
                blob = [];
            }
            if (blob.Length < 5)
            {
                error = $"the signature of '{line[Dash.Length..space]}' is not base64 of a key hash and a signature";
                return null;
            }
            signatures.Add(new NoteSignature(line[Dash.Length..space], blob[..4], blob[4..]));
        }
        return new CheckpointNoteContent(lines[0], size, root, body, signatures);
    }
}
