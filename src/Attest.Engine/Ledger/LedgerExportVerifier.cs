using Attest.Engine.Hashing;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Attest.Engine.Ledger;

/// <summary>What a verifier knows about the ledger from outside the file it checks.</summary>
public sealed class LedgerTrust
{
    /// <summary>
    /// Null when <paramref name="signature"/> (base64) is a valid signature of the checkpoint by a key
    /// the verifier trusts, else why not. <paramref name="embeddedPublicKey"/> is the public key (base64)
    /// the file itself offers for the checkpoint's key id, or null when it offers none.
    /// </summary>
    public required Func<Checkpoint, string, string?, SignatureFailure?> CheckSignature { get; init; }

    /// <summary>
    /// True when the keys <see cref="CheckSignature"/> trusts were obtained independently of the file
    /// (<c>--trusted-key</c>, a pinned key, a witness). Without that the file can vouch only for itself.
    /// </summary>
    public bool Anchored { get; init; }

    /// <summary>Checkpoints seen earlier by someone the auditor trusts (witnesses, a pinned checkpoint): the file must extend each.</summary>
    public IReadOnlyList<KnownCheckpoint> Known { get; init; } = [];

    /// <summary>Hash entries on every core (the default); off gives the same result on one thread.</summary>
    public bool Parallel { get; init; } = true;
}

/// <summary>A checkpoint known from outside the file: the ledger had root <see cref="RootHash"/> at <see cref="TreeSize"/> entries.</summary>
/// <param name="Source">Where it was seen, for messages ("witness /mnt/w/000042.checkpoint").</param>
public sealed record KnownCheckpoint(long TreeSize, string RootHash, string Source);

/// <summary>One line of an export within a buffer: offset and length including its "\n" (the file's last line may lack it).</summary>
public readonly record struct LineRange(int Start, int Length);

/// <summary>
/// Verifies a ledger export (<see cref="LedgerExportFormat"/>) as a stream of lines and stops at the
/// first problem, saying which line and what: a changed entry or payload, a gap, reordering, an
/// insertion, a checkpoint whose signature or root does not match, an untrusted key, a checkpoint
/// recorded in the chain that does not verify, a malformed or truncated line, a file that does not
/// extend a checkpoint known from outside it, or entries no trusted signature covers.
/// <para>
/// Built for speed: an entry line is read by position (<see cref="EntryLineScanner"/>), not parsed
/// into a document; its entry hash, payload digest and leaf hash are computed on every core for a
/// batch of lines; the chain and the Merkle tree then advance in order; each distinct checkpoint
/// signature is verified once. Signature checking is passed in (the Engine has no Ed25519).
/// </para>
/// </summary>
public sealed class LedgerExportVerifier(LedgerTrust trust)
{
    private static ReadOnlySpan<byte> CheckpointActionBytes => "ledger.checkpoint_signed"u8;
    private static ReadOnlySpan<byte> KeyCreatedBytes => "ledger.key_created"u8;
    private static ReadOnlySpan<byte> KeyRotatedBytes => "ledger.key_rotated"u8;

    private readonly MerkleTree _tree = new();
    private readonly byte[] _lastHash = Encoding.ASCII.GetBytes(LedgerHashing.GenesisHash);
    private readonly Dictionary<string, string> _embeddedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string KeyId, string Signature, string Message), SignatureFailure?> _signatures = [];
    private readonly List<KnownCheckpoint> _known = [.. trust.Known.OrderBy(k => k.TreeSize)];
    private int _nextKnown;
    private LedgerProblem? _problem;
    private long _line;
    private long _checkpointLines;
    private Checkpoint? _previousLine;
    private bool _ended;
    private int _checkpointsVerified;
    private int _recordsVerified;
    private SignedCheckpoint? _latest;
    private Checkpoint? _latestRecord;

    // Per batch: what the parallel pass found for each line.
    private EntryLineLayout[] _layouts = [];
    private byte[] _leafHashes = [];
    private LineCheck[] _checks = [];

    // Entries checked in order whose leaves wait in _leafHashes[_pendingFrom.._pendingFrom+_pending) to join the
    // tree in one bulk append (their interior nodes hashed on every core); flushed before anything reads the tree.
    private int _pendingFrom;
    private int _pending;

    private long TreeSize => _tree.Size + _pending;

    private void Flush()
    {
        if (_pending == 0) return;
        _tree.AppendLeafHashes(_leafHashes.AsSpan(_pendingFrom * MerkleHashing.HashSize, _pending * MerkleHashing.HashSize), trust.Parallel);
        _pending = 0;
    }

    private enum LineCheck : byte { NotEntry, Ok, BadLayout, BadHash, BadPayload }

    public bool Failed => _problem is not null;

    /// <summary>Feeds the next lines of the file, in order. Does nothing once a problem was found.</summary>
    public void AddLines(ReadOnlyMemory<byte> buffer, IReadOnlyList<LineRange> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (_problem is not null || lines.Count == 0) return;
        Prepare(lines.Count);
        if (trust.Parallel && lines.Count >= 64)
        {
            System.Threading.Tasks.Parallel.ForEach(Partitioner.Create(0, lines.Count, 256),
                range => HashRange(buffer, lines, range.Item1, range.Item2));
        }
        else
        {
            HashRange(buffer, lines, 0, lines.Count);
        }
        for (var i = 0; i < lines.Count && _problem is null; i++)
            _problem = Apply(buffer.Span, lines, i);
        Flush();
    }

    /// <summary>The outcome after the last line: also checks the end line, the trust anchor, known checkpoints and signature coverage.</summary>
    public LedgerVerificationResult Finish()
    {
        Flush();
        _problem ??= FinalProblem();
        return new LedgerVerificationResult(_problem, _tree.Size, _checkpointsVerified, Convert.ToHexStringLower(_tree.RootHash()), _latest)
        {
            CheckpointRecordsVerified = _recordsVerified,
            KnownCheckpointsVerified = _nextKnown,
            TrustAnchored = trust.Anchored,
        };
    }

    /// <summary>Verifies a whole export held in memory (tests, packs, small files).</summary>
    public static LedgerVerificationResult Verify(ReadOnlyMemory<byte> export, LedgerTrust trust)
    {
        var verifier = new LedgerExportVerifier(trust);
        verifier.AddLines(export, SplitLines(export.Span));
        return verifier.Finish();
    }

    /// <summary>The lines of <paramref name="bytes"/>, each with its "\n" (a last line without one is included as it is).</summary>
    public static List<LineRange> SplitLines(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<LineRange>();
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = bytes[start..].IndexOf((byte)'\n');
            var length = newline < 0 ? bytes.Length - start : newline + 1;
            lines.Add(new LineRange(start, length));
            start += length;
        }
        return lines;
    }

    private void Prepare(int count)
    {
        if (_checks.Length >= count) return;
        _layouts = new EntryLineLayout[count];
        _leafHashes = new byte[count * MerkleHashing.HashSize];
        _checks = new LineCheck[count];
    }

    [ThreadStatic] private static byte[]? t_scratch;

    private void HashRange(ReadOnlyMemory<byte> buffer, IReadOnlyList<LineRange> lines, int from, int to)
    {
        var scratch = t_scratch ?? new byte[4096];
        using var sha = new Sha256Context();
        Span<byte> digest = stackalloc byte[MerkleHashing.HashSize];
        var span = buffer.Span;
        for (var i = from; i < to; i++)
        {
            var range = lines[i];
            var raw = span.Slice(range.Start, range.Length);
            if (raw.Length == 0 || raw[^1] != (byte)'\n' || !EntryLineScanner.LooksLikeEntry(raw))
            {
                _checks[i] = LineCheck.NotEntry;
                continue;
            }
            var line = raw[..^1];
            if (!System.Text.Unicode.Utf8.IsValid(line) || !EntryLineScanner.TryScan(line, out _layouts[i]))
            {
                _checks[i] = LineCheck.BadLayout;
                continue;
            }
            ref readonly var layout = ref _layouts[i];
            EntryLineScanner.EntryHash(line, layout, digest, ref scratch, sha);
            if (!EntryLineScanner.HexEquals(line, layout.Hash, digest))
            {
                _checks[i] = LineCheck.BadHash;
                continue;
            }
            EntryLineScanner.Hash(line[layout.PayloadStart..layout.PayloadEnd], digest, sha);
            if (!EntryLineScanner.HexEquals(line, layout.PayloadDigest, digest))
            {
                _checks[i] = LineCheck.BadPayload;
                continue;
            }
            EntryLineScanner.LeafHash(line, layout, _leafHashes.AsSpan(i * MerkleHashing.HashSize, MerkleHashing.HashSize), ref scratch, sha);
            _checks[i] = LineCheck.Ok;
        }
        t_scratch = scratch;
    }

    private LedgerProblem? Apply(ReadOnlySpan<byte> buffer, IReadOnlyList<LineRange> lines, int i)
    {
        var n = ++_line;
        var raw = buffer.Slice(lines[i].Start, lines[i].Length);
        if (raw.Length == 0 || raw[^1] != (byte)'\n')
            return Malformed(n, "does not end with a newline (the file is truncated)");
        if (_ended) return Malformed(n, "comes after the end line");
        var line = raw[..^1];
        switch (_checks[i])
        {
            case LineCheck.Ok:
                return Entry(line, _layouts[i], buffer, lines, i, n);
            case LineCheck.BadHash:
                return new LedgerProblem(LedgerProblemKind.ChangedEntry, n, $"line {n}: entry seq {_layouts[i].Seq} was changed: its hash does not match its content");
            case LineCheck.BadPayload:
                return new LedgerProblem(LedgerProblemKind.ChangedPayload, n,
                    $"line {n}: entry seq {_layouts[i].Seq}: its payload was changed: its SHA-256 does not match the entry's payload_sha256");
            default:
                Flush();
                return OtherLine(line, n);
        }
    }

    private LedgerProblem? Entry(ReadOnlySpan<byte> line, in EntryLineLayout layout, ReadOnlySpan<byte> buffer, IReadOnlyList<LineRange> lines, int index, long n)
    {
        if (_checkpointLines > 0)
            return new LedgerProblem(LedgerProblemKind.InsertedEntry, n, $"line {n}: an entry after the checkpoints (entries come first)");
        var expected = TreeSize + 1;
        if (layout.Seq != expected) return SeqProblem(layout.Seq, expected, n, buffer, lines, index);
        if (!line.Slice(layout.PrevHash, 64).SequenceEqual(_lastHash))
            return new LedgerProblem(LedgerProblemKind.BrokenChain, n,
                layout.Seq == 1
                    ? $"line {n}: entry seq 1 does not start the chain (prev_hash must be {LedgerHashing.GenesisHash})"
                    : $"line {n}: entry seq {layout.Seq}: prev_hash does not match the hash of entry seq {layout.Seq - 1} (an entry was replaced, removed or inserted)");
        // The leaf joins the tree with the others of this batch (Flush); entries are consecutive lines, so they stay contiguous.
        if (_pending > 0 && _pendingFrom + _pending != index) Flush();
        if (_pending == 0) _pendingFrom = index;
        _pending++;
        line.Slice(layout.Hash, 64).CopyTo(_lastHash);

        var action = line[layout.ActionStart..layout.ActionEnd];
        if (action.SequenceEqual(CheckpointActionBytes))
            return CheckpointRecord(line[layout.PayloadStart..layout.PayloadEnd], layout.Seq, n);
        if (action.SequenceEqual(KeyCreatedBytes) || action.SequenceEqual(KeyRotatedBytes))
            RememberKey(line[layout.PayloadStart..layout.PayloadEnd]);
        return KnownProblem();
    }

    /// <summary>A known checkpoint the tree just reached must have the root the tree has now.</summary>
    private LedgerProblem? KnownProblem()
    {
        while (_nextKnown < _known.Count && _known[_nextKnown].TreeSize <= TreeSize)
        {
            Flush();
            var known = _known[_nextKnown];
            var root = Convert.ToHexStringLower(_tree.RootHash(known.TreeSize));
            if (root != known.RootHash)
                return new LedgerProblem(LedgerProblemKind.RewrittenHistory, _line,
                    $"{known.Source} saw the ledger at {known.TreeSize} entries with root {known.RootHash}, but this file's first {known.TreeSize} entries have root {root}: the history was rewritten after that checkpoint was published");
            _nextKnown++;
        }
        return null;
    }

    /// <summary>A ledger.checkpoint_signed entry: the chain itself names a checkpoint, which must verify like a checkpoint line.</summary>
    private LedgerProblem? CheckpointRecord(ReadOnlySpan<byte> payload, long seq, long n)
    {
        Checkpoint checkpoint;
        string signature;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            string? error = root.ValueKind == JsonValueKind.Object ? null : "the payload must be an object";
            var size = LedgerJsonFields.Integer(root, "tree_size", ref error);
            var rootHash = LedgerJsonFields.Hex(root, "root_hash", 64, ref error);
            var time = LedgerJsonFields.Time(root, "time", ref error);
            var keyId = LedgerJsonFields.Hex(root, "key_id", 16, ref error);
            var sig = LedgerJsonFields.Base64(root, "signature", 64, ref error);
            if (error is not null) return Malformed(n, $"(entry seq {seq}) records a checkpoint whose payload is not valid: {error}");
            checkpoint = new Checkpoint(size!.Value, rootHash!, time!.Value, keyId!);
            signature = sig!;
        }
        catch (JsonException e)
        {
            return Malformed(n, $"(entry seq {seq}) has a payload that is not valid JSON ({e.Message})");
        }
        Flush();
        if (checkpoint.TreeSize < 0 || checkpoint.TreeSize >= seq)
            return new LedgerProblem(LedgerProblemKind.RootMismatch, n, $"line {n}: entry seq {seq} records a checkpoint over {checkpoint.TreeSize} entries, which is not an earlier tree");
        if (Signature(checkpoint, signature, _embeddedKeys.GetValueOrDefault(checkpoint.KeyId)) is { } failure)
            return new LedgerProblem(failure.Kind, n, $"line {n}: entry seq {seq} records checkpoint (tree_size {checkpoint.TreeSize}): {failure.Reason}");
        var expectedRoot = Convert.ToHexStringLower(_tree.RootHash(checkpoint.TreeSize));
        if (expectedRoot != checkpoint.RootHash)
            return new LedgerProblem(LedgerProblemKind.RootMismatch, n,
                $"line {n}: entry seq {seq} records checkpoint (tree_size {checkpoint.TreeSize}) with root_hash {checkpoint.RootHash}, but entries 1..{checkpoint.TreeSize} have root {expectedRoot}: entries were rewritten after it was signed");
        _recordsVerified++;
        if (_latestRecord is null || checkpoint.TreeSize > _latestRecord.TreeSize) _latestRecord = checkpoint;
        return KnownProblem();
    }

    private void RememberKey(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            string? error = null;
            var keyId = LedgerJsonFields.Hex(document.RootElement, "key_id", 16, ref error);
            var publicKey = LedgerJsonFields.Base64(document.RootElement, "public_key", 32, ref error);
            if (error is null && Checkpoint.KeyIdOf(Convert.FromBase64String(publicKey!)) == keyId) _embeddedKeys.TryAdd(keyId!, publicKey!);
        }
        catch (JsonException)
        {
            // The entry hash vouches for the payload; a key record Attest did not write simply names no key.
        }
    }

    private SignatureFailure? Signature(Checkpoint checkpoint, string signature, string? embeddedKey)
    {
        var key = (checkpoint.KeyId, signature, Convert.ToBase64String(checkpoint.SigningMessage()));
        if (!_signatures.TryGetValue(key, out var failure))
        {
            failure = trust.CheckSignature(checkpoint, signature, embeddedKey);
            _signatures[key] = failure;
        }
        return failure;
    }

    /// <summary>Names what a seq out of place means, reading the seqs of the lines after it in this batch.</summary>
    private static LedgerProblem SeqProblem(long found, long expected, long n, ReadOnlySpan<byte> buffer, IReadOnlyList<LineRange> lines, int index)
    {
        if (found < expected)
            return new LedgerProblem(LedgerProblemKind.InsertedEntry, n,
                $"line {n}: entry seq {found} appears again (first at line {found}; expected seq {expected}): an entry was inserted or duplicated");
        var rest = new List<long?>();
        for (var j = index + 1; j < lines.Count; j++) rest.Add(SeqOf(buffer.Slice(lines[j].Start, lines[j].Length)));
        var expectedAt = rest.IndexOf(expected);
        if (expectedAt < 0)
            return new LedgerProblem(LedgerProblemKind.RemovedEntry, n,
                found == expected + 1
                    ? $"line {n}: entry seq {expected} is missing (found seq {found}): an entry was removed"
                    : $"line {n}: entries seq {expected}..{found - 1} are missing (found seq {found}): entries were removed");
        var expectedLine = n + 1 + expectedAt;
        var highest = rest.Max() ?? 0;
        if (rest.Contains(found) || found > highest + 1)
            return new LedgerProblem(LedgerProblemKind.InsertedEntry, n,
                $"line {n}: entry seq {found} does not belong here (expected seq {expected}, which is at line {expectedLine}): an entry was inserted");
        return new LedgerProblem(LedgerProblemKind.ReorderedEntries, n,
            $"line {n}: entry seq {found} comes before seq {expected} (which is at line {expectedLine}): entries were reordered");
    }

    private static long? SeqOf(ReadOnlySpan<byte> raw)
    {
        var line = raw.Length > 0 && raw[^1] == (byte)'\n' ? raw[..^1] : raw;
        return EntryLineScanner.TryScan(line, out var layout) ? layout.Seq : null;
    }

    /// <summary>Checkpoint and end lines, and the diagnosis of entry lines the scanner refused.</summary>
    private LedgerProblem? OtherLine(ReadOnlySpan<byte> line, long n)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line)) return Malformed(n, "is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            return Malformed(n, $"is not valid JSON ({FirstSentence(e.Message)})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Malformed(n, "is not a JSON object");
            if (root.TryGetProperty("seq", out _)) return EntryDiagnosis(root, n);
            if (root.TryGetProperty("checkpoint", out _)) return CheckpointLine(root, line, n);
            if (root.TryGetProperty("end", out _)) return End(root, line, n);
            return Malformed(n, "is neither an entry (seq), a checkpoint nor the end line");
        }
    }

    private static LedgerProblem EntryDiagnosis(JsonElement root, long n)
    {
        var record = LedgerLineParsing.Entry(root, out var error);
        if (record is null) return Malformed(n, $"is not a valid entry: {error}");
        if (!root.TryGetProperty("payload", out _))
            return Malformed(n, $"is an entry without its payload (format {LedgerExportFormat.FormatName} carries each entry's payload; export the ledger again with this version of Attest)");
        return Malformed(n, "is not in canonical form (extra fields, spacing, key order or escapes differ from what Attest writes)");
    }

    private LedgerProblem? CheckpointLine(JsonElement root, ReadOnlySpan<byte> line, long n)
    {
        _checkpointLines++;
        var signed = LedgerLineParsing.Checkpoint(root, out var error);
        if (signed is null) return Malformed(n, $"is not a valid checkpoint: {error}");
        if (!line.SequenceEqual(CanonicalJson.ToUtf8Bytes(signed.ToJson())))
            return Malformed(n, "is not in canonical form (extra fields, spacing, key order or escapes differ from what Attest writes)");
        var c = signed.Checkpoint;
        if (_previousLine is { } previous && (c.TreeSize, c.Time).CompareTo((previous.TreeSize, previous.Time)) <= 0)
            return new LedgerProblem(LedgerProblemKind.ReorderedEntries, n,
                $"line {n}: checkpoint (tree_size {c.TreeSize}) is out of order: checkpoints go by ascending tree_size and time, and the one before has tree_size {previous.TreeSize}");
        _previousLine = c;

        if (_embeddedKeys.TryGetValue(c.KeyId, out var named) && named != signed.PublicKey)
            return new LedgerProblem(LedgerProblemKind.BadSignature, n, $"line {n}: checkpoint (tree_size {c.TreeSize}): its public_key is not the key {c.KeyId} the ledger recorded");
        if (Signature(c, signed.Signature, signed.PublicKey) is { } failure)
            return new LedgerProblem(failure.Kind, n, $"line {n}: checkpoint (tree_size {c.TreeSize}): {failure.Reason}");
        if (c.TreeSize > _tree.Size)
            return new LedgerProblem(LedgerProblemKind.RemovedEntry, n,
                $"line {n}: checkpoint covers {c.TreeSize} entries but the file holds only {_tree.Size}: entries were removed from the end");
        var expectedRoot = Convert.ToHexStringLower(_tree.RootHash(c.TreeSize));
        if (expectedRoot != c.RootHash)
            return new LedgerProblem(LedgerProblemKind.RootMismatch, n,
                $"line {n}: checkpoint (tree_size {c.TreeSize}) root_hash {c.RootHash} does not match the Merkle root {expectedRoot} of entries 1..{c.TreeSize}: entries were rewritten after it was signed, or the checkpoint is forged");
        _checkpointsVerified++;
        if (_latest is null || c.TreeSize >= _latest.Checkpoint.TreeSize) _latest = signed;
        return null;
    }

    private LedgerProblem? End(JsonElement root, ReadOnlySpan<byte> line, long n)
    {
        string? error = null;
        var body = LedgerJsonFields.Object(root, "end", ref error);
        var entries = body is { } b1 ? LedgerJsonFields.Integer(b1, "entries", ref error) : null;
        var checkpoints = body is { } b2 ? LedgerJsonFields.Integer(b2, "checkpoints", ref error) : null;
        var format = body is { } b3 ? LedgerJsonFields.String(b3, "format", ref error) : null;
        if (error is not null) return Malformed(n, $"is not a valid end line: {error}");
        if (format != LedgerExportFormat.FormatName)
            return Malformed(n, $"names format '{format}'; this verifier reads '{LedgerExportFormat.FormatName}'");
        if (!line.SequenceEqual(LedgerExportFormat.EndLine(entries!.Value, checkpoints!.Value).AsSpan()[..^1]))
            return Malformed(n, "is not in canonical form");
        if (entries != _tree.Size)
            return new LedgerProblem(entries > _tree.Size ? LedgerProblemKind.RemovedEntry : LedgerProblemKind.InsertedEntry, n,
                $"line {n}: the end line says {entries} entries but the file holds {_tree.Size}: entries were {(entries > _tree.Size ? "removed" : "inserted")}");
        if (checkpoints != _checkpointLines)
            return new LedgerProblem(checkpoints > _checkpointLines ? LedgerProblemKind.RemovedEntry : LedgerProblemKind.InsertedEntry, n,
                $"line {n}: the end line says {checkpoints} checkpoints but the file holds {_checkpointLines}: checkpoints were {(checkpoints > _checkpointLines ? "removed" : "inserted")}");
        _ended = true;
        return null;
    }

    private LedgerProblem? FinalProblem()
    {
        if (!_ended)
            return new LedgerProblem(LedgerProblemKind.Malformed, _line,
                _line == 0 ? "the file is empty (no end line)" : $"the file stops after line {_line} without its end line (truncated)");
        if (_nextKnown < _known.Count)
        {
            var known = _known[^1];
            return new LedgerProblem(LedgerProblemKind.RemovedEntry, 0,
                $"{known.Source} saw the ledger at {known.TreeSize} entries (root {known.RootHash}), but this file holds only {_tree.Size}: entries were removed from the end, or this is an older export");
        }
        var covered = Math.Max(_latest?.Checkpoint.TreeSize ?? -1, _latestRecord?.TreeSize ?? -1);
        if (covered < 0)
            return new LedgerProblem(LedgerProblemKind.Unsigned, 0, "no checkpoint in the file is signed by a trusted key, so nothing vouches for the entries");
        if (covered < _tree.Size)
            return new LedgerProblem(LedgerProblemKind.Unsigned, 0,
                $"entries {covered + 1}..{_tree.Size} are not covered by a signed checkpoint (the latest covers {covered}): anyone who could edit the file could have appended or changed them. `attest ledger export` signs a checkpoint over every entry; export again");
        if (!trust.Anchored)
            return new LedgerProblem(LedgerProblemKind.Unsigned, 0,
                "no trusted key: the checkpoints verify only with the public keys inside the file, which proves the file is consistent, not who wrote it "
                + "(anyone who edits the file can replace them). Pass the operator's public key (--trusted-key, from `attest ledger public-key`), a pinned checkpoint or a witness directory");
        return null;
    }

    private static LedgerProblem Malformed(long n, string what) => new(LedgerProblemKind.Malformed, n, $"line {n} {what}");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message.TrimEnd('.') : message[..cut];
    }
}
