using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;
using NSec.Cryptography;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// The ledger's Ed25519 signing keys, kept in <c>&lt;data-dir&gt;/keys/</c>:
/// <list type="bullet">
/// <item><c>keyring.json</c> — the active key id and every key ever used (id, public key, created, retired);</item>
/// <item><c>&lt;key_id&gt;.key</c> — the active private key, PKCS#8 PEM, mode 0600 (directory 0700);</item>
/// <item><c>&lt;key_id&gt;.pub.pem</c> — each key's public key, SubjectPublicKeyInfo PEM, for auditors and openssl.</item>
/// </list>
/// Rotation makes a new active key and deletes the retired private key (it must never sign again),
/// while its public key stays in the ring so checkpoints it signed still verify.
/// <para>
/// With <see cref="LedgerSigningSettings"/> naming a key outside the data directory, that key is the
/// active one and no private key is kept in <c>keys/</c>: when the configured key changes, the ring
/// retires the previous key (deleting its private file, if any) and adds the new one — a rotation.
/// </para>
/// </summary>
public sealed class LedgerKeyRing
{
    public const string FolderName = "keys";
    private const string RingFileName = "keyring.json";
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly List<LedgerKeyInfo> _keys;
    private readonly Lock _gate = new();
    private readonly ExternalKey? _external;

    private LedgerKeyRing(string directory, string activeKeyId, List<LedgerKeyInfo> keys, ExternalKey? external = null)
    {
        Directory = directory;
        ActiveKeyId = activeKeyId;
        _keys = keys;
        _external = external;
    }

    /// <summary>A signing key loaded from outside the data directory.</summary>
    private sealed record ExternalKey(byte[] Seed, byte[] PublicKey, string KeyId, string Source);

    /// <summary>True when the active key is configured outside the data directory.</summary>
    public bool IsExternal => _external is not null;

    /// <summary>The keys folder.</summary>
    public string Directory { get; }

    public string ActiveKeyId { get; private set; }

    /// <summary>Every key the ring has used, oldest first.</summary>
    public IReadOnlyList<LedgerKeyInfo> Keys => _keys;

    public LedgerKeyInfo ActiveKey => Find(ActiveKeyId)!;

    public static string KeysDirectory(string dataDirectory) => Path.Combine(dataDirectory, FolderName);

    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(KeysDirectory(dataDirectory), RingFileName));

    /// <summary>
    /// Opens the ring in the data directory, making the first key if there is none yet — or, with an
    /// external key in <paramref name="signing"/>, making that key the active one.
    /// </summary>
    /// <exception cref="LedgerKeyException">The external key cannot be read, or is a key the ring already retired.</exception>
    public static LedgerKeyRing OpenOrCreate(string dataDirectory, TimeProvider time, LedgerSigningSettings? signing = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var external = signing is { IsExternal: true } ? LoadExternal(signing) : null;
        var directory = KeysDirectory(dataDirectory);
        if (external is null)
        {
            if (Exists(dataDirectory)) return Open(dataDirectory);
            CreatePrivateDirectory(directory);
            var fresh = new LedgerKeyRing(directory, "", []);
            fresh.AddNewActiveKey(time.GetUtcNow());
            return fresh;
        }

        var (active, keys) = Exists(dataDirectory) ? Load(directory) : ("", []);
        if (!System.IO.Directory.Exists(directory)) CreatePrivateDirectory(directory);
        var ring = new LedgerKeyRing(directory, active, keys, external);
        ring.Adopt(external, time.GetUtcNow());
        return ring;
    }

    private static ExternalKey LoadExternal(LedgerSigningSettings signing)
    {
        string pem;
        if (signing.KeyText is { } text)
        {
            pem = text;
        }
        else
        {
            try
            {
                pem = File.ReadAllText(signing.KeyFile!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LedgerKeyException($"{signing.KeyFile}: cannot read the ledger signing key ({e.Message})");
            }
        }
        var seed = SigningKeyFile.ReadSeed(pem, signing.Passphrase, signing.Describe());
        using var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        return new ExternalKey(seed, publicKey, Checkpoint.KeyIdOf(publicKey), signing.Describe());
    }

    /// <summary>Makes the external key the active one, retiring the previous active key (a rotation).</summary>
    private void Adopt(ExternalKey external, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (ActiveKeyId == external.KeyId) return;
            if (Find(external.KeyId) is { Retired: { } retired })
                throw new LedgerKeyException($"{external.Source}: key {external.KeyId} was retired on {LedgerHashing.FormatTime(retired)}; a retired key never signs again. Configure a new key (attest ledger create-key).");
            var index = _keys.FindIndex(k => k.KeyId == ActiveKeyId);
            if (index >= 0)
            {
                _keys[index] = _keys[index] with { Retired = now };
                File.Delete(PrivateKeyPath(ActiveKeyId));
            }
            File.WriteAllText(Path.Combine(Directory, external.KeyId + ".pub.pem"), Ed25519PublicKeys.ToPem(external.PublicKey));
            _keys.Add(new LedgerKeyInfo(external.KeyId, Convert.ToBase64String(external.PublicKey), now, null));
            ActiveKeyId = external.KeyId;
            Save();
        }
    }

    /// <summary>Opens an existing ring; <see cref="InvalidDataException"/> names the file and field when it is damaged.</summary>
    public static LedgerKeyRing Open(string dataDirectory)
    {
        var directory = KeysDirectory(dataDirectory);
        var (active, keys) = Load(directory);
        return new LedgerKeyRing(directory, active, keys);
    }

    private static (string ActiveKeyId, List<LedgerKeyInfo> Keys) Load(string directory)
    {
        var path = Path.Combine(directory, RingFileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no ledger key ring here.", path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
        var active = root?["active_key_id"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: missing 'active_key_id'.");
        var keys = new List<LedgerKeyInfo>();
        foreach (var node in root["keys"]?.AsArray() ?? throw new InvalidDataException($"{path}: missing 'keys'."))
        {
            var keyId = node?["key_id"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: a key without 'key_id'.");
            var publicKey = node["public_key"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: key {keyId} has no 'public_key'.");
            var raw = Ed25519PublicKeys.TryParse(publicKey);
            if (raw is null || Checkpoint.KeyIdOf(raw) != keyId)
                throw new InvalidDataException($"{path}: key {keyId}: 'public_key' is not the Ed25519 key with that id.");
            keys.Add(new LedgerKeyInfo(keyId, publicKey, ParseTime(node["created"], path, keyId, "created")!.Value,
                node["retired"] is null ? null : ParseTime(node["retired"], path, keyId, "retired")));
        }
        if (keys.All(k => k.KeyId != active)) throw new InvalidDataException($"{path}: active key {active} is not in 'keys'.");
        return (active, keys);
    }

    private static DateTimeOffset? ParseTime(JsonNode? node, string path, string keyId, string field)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
            return time;
        throw new InvalidDataException($"{path}: key {keyId}: '{field}' must be a UTC time.");
    }

    public LedgerKeyInfo? Find(string keyId) => _keys.Find(k => k.KeyId == keyId);

    /// <summary>The PEM public key of <paramref name="keyId"/> (any key the ring has used).</summary>
    public string PublicKeyPem(string keyId) =>
        Ed25519PublicKeys.ToPem((Find(keyId) ?? throw new KeyNotFoundException($"No ledger key {keyId}.")).PublicKeyBytes());

    /// <summary>Retires the active key and makes a new one; returns the new key.</summary>
    public LedgerKeyInfo Rotate(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_external is not null)
            throw new LedgerKeyException($"The signing key comes from {_external.Source}, outside the data directory: rotate it by configuring a new key (attest ledger create-key); Attest retires the old one when it first signs with the new one.");
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var retiring = ActiveKey;
            var index = _keys.IndexOf(retiring);
            var added = AddNewActiveKey(now, retiredIndex: index);
            File.Delete(PrivateKeyPath(retiring.KeyId));
            return added;
        }
    }

    /// <summary>
    /// Signs <paramref name="message"/> with the active key (checkpoints, pack manifests). If another
    /// process rotated the key since this ring was opened, the ring is re-read first.
    /// </summary>
    public (string KeyId, byte[] Signature) SignWithActiveKey(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (keyId, _, signature) = SignWithActiveKey(_ => message);
        return (keyId, signature);
    }

    /// <summary>
    /// Signs a message that names the signing key (a checkpoint): the message is built for the key
    /// id that then signs it, both under one lock, so a rotation in between cannot mismatch them.
    /// </summary>
    public (string KeyId, byte[] Message, byte[] Signature) SignWithActiveKey(Func<string, byte[]> messageForKeyId)
    {
        ArgumentNullException.ThrowIfNull(messageForKeyId);
        lock (_gate)
        {
            if (_external is not null)
            {
                using var externalKey = Key.Import(Algorithm, _external.Seed, KeyBlobFormat.RawPrivateKey);
                var signed = messageForKeyId(_external.KeyId);
                return (_external.KeyId, signed, Algorithm.Sign(externalKey, signed));
            }
            if (!File.Exists(PrivateKeyPath(ActiveKeyId)))
            {
                var (active, keys) = Load(Directory);
                ActiveKeyId = active;
                _keys.Clear();
                _keys.AddRange(keys);
            }
            var path = PrivateKeyPath(ActiveKeyId);
            if (!File.Exists(path))
                throw new LedgerKeyException($"{path}: the active ledger private key is not in this data directory — when the instances sign with a key kept outside it, give this command the same key (ATTEST_LEDGER_KEY_FILE or ATTEST_LEDGER_KEY).");
            using var key = Key.Import(Algorithm, File.ReadAllBytes(path), KeyBlobFormat.PkixPrivateKeyText);
            var message = messageForKeyId(ActiveKeyId);
            return (ActiveKeyId, message, Algorithm.Sign(key, message));
        }
    }

    private LedgerKeyInfo AddNewActiveKey(DateTimeOffset now, int retiredIndex = -1)
    {
        using var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var rawPublic = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var keyId = Checkpoint.KeyIdOf(rawPublic);
        WritePrivateFile(PrivateKeyPath(keyId), key.Export(KeyBlobFormat.PkixPrivateKeyText));
        File.WriteAllText(Path.Combine(Directory, keyId + ".pub.pem"), Ed25519PublicKeys.ToPem(rawPublic));

        var info = new LedgerKeyInfo(keyId, Convert.ToBase64String(rawPublic), now, null);
        if (retiredIndex >= 0) _keys[retiredIndex] = _keys[retiredIndex] with { Retired = now };
        _keys.Add(info);
        ActiveKeyId = keyId;
        Save();
        return info;
    }

    private string PrivateKeyPath(string keyId) => Path.Combine(Directory, keyId + ".key");

    private void Save()
    {
        var root = new JsonObject
        {
            ["active_key_id"] = ActiveKeyId,
            ["keys"] = new JsonArray([.. _keys.Select(k => (JsonNode)new JsonObject
            {
                ["key_id"] = k.KeyId,
                ["algorithm"] = "Ed25519",
                ["public_key"] = k.PublicKey,
                ["created"] = LedgerHashing.FormatTime(k.Created),
                ["retired"] = k.Retired is { } r ? LedgerHashing.FormatTime(r) : null,
            })]),
        };
        // Write then rename, so a crash never leaves a half-written ring.
        var path = Path.Combine(Directory, RingFileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
            System.IO.Directory.CreateDirectory(directory);
        else
        {
            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            System.IO.Directory.CreateDirectory(directory, ownerOnly);
            // The folder may exist already (the web host keeps its data-protection keys under it): tighten it too.
            File.SetUnixFileMode(directory, ownerOnly);
        }
    }

    private static void WritePrivateFile(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        // Created with 0600 from the first byte: there is no moment at which others could read it.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
