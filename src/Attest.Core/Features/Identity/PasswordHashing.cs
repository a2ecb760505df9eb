using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attest.Core.Features.Identity;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a random 16-byte salt and 210,000 iterations (OWASP's 2023 figure for
/// SHA-512; ASP.NET Core Identity v3 uses SHA-512 with 100,000). Stored as
/// "pbkdf2-sha512$iterations$salt$hash" so the work factor can rise without breaking old hashes.
/// </summary>
public static class PasswordHashing
{
    private const string Scheme = "pbkdf2-sha512";
    public const int Iterations = 210_000;
    public const int MinimumLength = 12;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 32);
        return $"{Scheme}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A password for a new account when the operator gives none: 20 characters from a 62-symbol alphabet (~119 bits).</summary>
    public static string Generate() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20);
}
