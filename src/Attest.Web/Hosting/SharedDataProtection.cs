using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Attest.Core.Data;
using Attest.Core.Features.Operations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attest.Web.Hosting;

/// <summary>
/// Where the keys that protect cookies and antiforgery tokens live. With a shared secrets key
/// (<see cref="InstallationSecrets"/>) they are in the database (<c>data_protection_keys</c>), each encrypted with
/// AES-256-GCM under a key derived from it — so every instance behind a load balancer accepts the others' cookies, and
/// the database alone never reveals them. Without it they stay in <c>&lt;data&gt;/keys/data-protection</c> (one instance).
/// </summary>
internal static class SharedDataProtection
{
    public const string Purpose = "data-protection/v1";

    public static void Add(IServiceCollection services, AttestOptions options, InstallationSecrets secrets)
    {
        var builder = services.AddDataProtection().SetApplicationName("attest");
        if (!secrets.IsConfigured)
        {
            // Keys that sign antiforgery tokens live in the data directory: they survive restarts.
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataDirectory), "keys", "data-protection")));
            return;
        }
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<DatabaseSettings>());
            o.XmlEncryptor = new SecretsXmlEncryptor(secrets.Derive(Purpose));
        }));
    }

    /// <summary>The key ring in the database; every instance reads all of it.</summary>
    private sealed class DatabaseXmlRepository(DatabaseSettings settings) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var db = AttestDatabase.CreateContext(settings);
            return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(x => XElement.Parse(x))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            // Framework state, not a governance record: no ledger entry (as for sessions); written once per key (90 days).
            using var db = AttestDatabase.CreateContext(settings);
            db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            db.SaveChanges();
        }
    }
}

/// <summary>Encrypts a data-protection key's XML with AES-256-GCM under the derived secrets key.</summary>
internal sealed class SecretsXmlEncryptor(byte[] key) : IXmlEncryptor
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceBytes));
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(sealedBytes.AsSpan(0, NonceBytes), plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length));
        var element = new XElement("encryptedKey",
            new XComment(" AES-256-GCM under the Attest secrets key (ATTEST_SECRETS_KEY_FILE), HKDF label attest/data-protection/v1 "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(SecretsXmlDecryptor));
    }

    internal static XElement Decrypt(byte[] key, XElement encryptedElement)
    {
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? throw new CryptographicException("no value"));
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        if (length < 0) throw new CryptographicException("too short");
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

/// <summary>Decrypts what <see cref="SecretsXmlEncryptor"/> wrote (made by the data-protection activator, hence the service provider).</summary>
internal sealed class SecretsXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        return SecretsXmlEncryptor.Decrypt(services.GetRequiredService<InstallationSecrets>().Derive(SharedDataProtection.Purpose), encryptedElement);
    }
}
