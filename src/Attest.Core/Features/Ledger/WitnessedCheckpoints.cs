using System.Text;
using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>What a witness directory holds, after its notes were verified.</summary>
/// <param name="Checkpoints">Each note's tree size and root, with the file it came from.</param>
/// <param name="Keys">The verifier keys the directory holds (raw Ed25519 public keys).</param>
/// <param name="Problem">The first note that is malformed or signed by no known key; null when all verified.</param>
public sealed record WitnessedCheckpoints(IReadOnlyList<KnownCheckpoint> Checkpoints, IReadOnlyList<byte[]> Keys, string? Problem);

/// <summary>
/// Reads a witness directory (as <see cref="CheckpointWitnesses"/> writes it, or a clone of a witness
/// git repository): every <c>*.checkpoint</c> note must be signed by one of the trusted keys or by a
/// verifier key (<c>*.vkey</c>) the directory received with the first checkpoint of that key. A key added
/// later cannot take back what older notes recorded: each note must still match the history.
/// </summary>
public static class WitnessDirectory
{
    public static WitnessedCheckpoints Read(string directory, IReadOnlyList<byte[]> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (!Directory.Exists(directory)) return new([], [], $"witness directory {directory} does not exist");
        var keys = new List<byte[]>(trustedKeys);
        var offered = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.vkey").Order(StringComparer.Ordinal))
        {
            if (CheckpointNote.ParseVerifierKey(File.ReadAllText(file)) is not { } vkey) return new([], [], $"{file} is not a note verifier key (name+hash+base64 key)");
            offered.Add(vkey.PublicKey);
            if (!keys.Any(k => k.AsSpan().SequenceEqual(vkey.PublicKey))) keys.Add(vkey.PublicKey);
        }
        var checkpoints = new List<KnownCheckpoint>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.checkpoint").Order(StringComparer.Ordinal))
        {
            var note = CheckpointNote.Parse(File.ReadAllText(file, Encoding.UTF8), out var error);
            if (note is null) return new(checkpoints, offered, $"{file}: {error}");
            if (!VerifiedBy(note, keys))
                return new(checkpoints, offered, $"{file}: the note is signed by no trusted key (key {string.Join(", ", note.Signatures.Select(s => s.KeyName + " " + Convert.ToHexStringLower(s.KeyHash)))})");
            checkpoints.Add(new KnownCheckpoint(note.TreeSize, note.RootHashHex, $"witness {file}"));
        }
        if (checkpoints.Count == 0) return new([], offered, $"witness directory {directory} holds no checkpoint (*.checkpoint)");
        return new(checkpoints, offered, null);
    }

    /// <summary>True when one of the note's signatures is a valid Ed25519 signature of its body by one of <paramref name="keys"/>.</summary>
    public static bool VerifiedBy(CheckpointNoteContent note, IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(note);
        var body = Encoding.UTF8.GetBytes(note.Body);
        return note.Signatures.Any(s => keys.Any(k =>
            CheckpointNote.KeyHash(s.KeyName, k).AsSpan().SequenceEqual(s.KeyHash) && Ed25519PublicKeys.Verify(k, body, s.Signature)));
    }
}
