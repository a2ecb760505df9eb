using System.Security.Cryptography;
using System.Text;

namespace Attest.Core.Features.Identity;

/// <summary>
/// API key secrets: "atk_" + 32 base64url characters (192 random bits). Only their SHA-256 is stored;
/// with that much entropy a salted slow hash adds nothing, and lookups stay one indexed read.
/// </summary>
public static class ApiKeySecrets
{
    public const string Prefix = "atk_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool LooksLikeKey(string token) => token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length is > 8 and < 200;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
