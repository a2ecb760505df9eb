using System.Text.Json;

namespace Attest.Engine.Ledger;

/// <summary>
/// Verifies a ledger export (<see cref="LedgerExportFormat"/>) line by line and stops at the first
/// problem, saying which line and what: a changed entry, a gap, reordering, an insertion, a
/// checkpoint whose signature or root does not match, an untrusted key, a malformed or truncated line.
/// Signature checking is passed in (the Engine has no Ed25519), so this stays pure.
/// </summary>
public static class LedgerExportVerifier
{
    /// <param name="lines">The file split after each "\n" (each line keeps its newline; the last may lack one).</param>
    /// <param name="signatureProblem">Null when a checkpoint's signature verifies with a trusted key, else why not.</param>
    /// <param name="requireSignedCheckpoint">Fail when no checkpoint verifies (a verifier that trusts a given key needs one).</param>
    public static LedgerVerificationResult Verify(
        IEnumerable<ReadOnlyMemory<byte>> lines,
        Func<SignedCheckpoint, SignatureFailure?> signatureProblem,
        bool requireSignedCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(signatureProblem);
        using var reader = lines.GetEnumerator();
        var state = new State();
        var problem = Run(reader, state, signatureProblem);
        if (problem is null && requireSignedCheckpoint && state.Latest is null)
            problem = new LedgerProblem(LedgerProblemKind.Unsigned, 0, "no checkpoint in the file is signed by a trusted key, so nothing vouches for the entries");
        return new LedgerVerificationResult(problem, state.Tree.Size, state.CheckpointsVerified,
            Convert.ToHexStringLower(state.Tree.RootHash()), state.Latest);
    }

    private sealed class State
    {
        public MerkleTree Tree { get; } = new();
        public string PrevHash { get; set; } = LedgerHashing.GenesisHash;
        public long LineNumber { get; set; }
        public long CheckpointLines { get; set; }
        public int CheckpointsVerified { get; set; }
        public SignedCheckpoint? Latest { get; set; }
        public Checkpoint? Previous { get; set; }
        public bool Ended { get; set; }
    }

    private static LedgerProblem? Run(IEnumerator<ReadOnlyMemory<byte>> reader, State s, Func<SignedCheckpoint, SignatureFailure?> signatureProblem)
    {
        while (reader.MoveNext())
        {
            s.LineNumber++;
            var n = s.LineNumber;
            var raw = reader.Current.Span;
            if (raw.Length == 0 || raw[^1] != (byte)'\n')
                return Malformed(n, "does not end with a newline (the file is truncated)");
            var line = raw[..^1];
            if (s.Ended) return Malformed(n, "comes after the end line");
            if (!System.Text.Unicode.Utf8.IsValid(line)) return Malformed(n, "is not valid UTF-8");

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(reader.Current[..^1]);
            }
            catch (JsonException e)
            {
                return Malformed(n, $"is not valid JSON ({FirstSentence(e.Message)})");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    return Malformed(n, "is not a JSON object");
                LedgerProblem? problem;
                if (root.TryGetProperty("seq", out _))
                    problem = Entry(root, line, reader, s);
                else if (root.TryGetProperty("checkpoint", out _))
                    problem = CheckpointLine(root, line, s, signatureProblem);
                else if (root.TryGetProperty("end", out _))
                    problem = End(root, line, s);
                else
                    problem = Malformed(n, "is neither an entry (seq), a checkpoint nor the end line");
                if (problem is not null) return problem;
            }
        }
        if (!s.Ended)
            return new LedgerProblem(LedgerProblemKind.Malformed, s.LineNumber,
                s.LineNumber == 0 ? "the file is empty (no end line)" : $"the file stops after line {s.LineNumber} without its end line (truncated)");
        return null;
    }

    private static LedgerProblem? Entry(JsonElement root, ReadOnlySpan<byte> line, IEnumerator<ReadOnlyMemory<byte>> reader, State s)
    {
        var n = s.LineNumber;
        if (s.CheckpointLines > 0)
            return new LedgerProblem(LedgerProblemKind.InsertedEntry, n, $"line {n}: an entry after the checkpoints (entries come first)");
        var record = LedgerLineParsing.Entry(root, out var error);
        if (record is null) return Malformed(n, $"is not a valid entry: {error}");
        if (!line.SequenceEqual(CanonicalJson.ToUtf8Bytes(LedgerHashing.ToJson(record))))
            return Malformed(n, "is not in canonical form (extra fields, spacing, key order or escapes differ from what Attest writes)");

        // Content first: a changed byte anywhere (seq included) is reported as a change, not as a gap.
        if (LedgerHashing.ExpectedHash(record) != record.Hash)
            return new LedgerProblem(LedgerProblemKind.ChangedEntry, n, $"line {n}: entry seq {record.Seq} was changed: its hash does not match its content");
        var expected = s.Tree.Size + 1;
        if (record.Seq != expected) return SeqProblem(record.Seq, expected, n, reader);
        if (record.PrevHash != s.PrevHash)
            return new LedgerProblem(LedgerProblemKind.BrokenChain, n,
                record.Seq == 1
                    ? $"line {n}: entry seq 1 does not start the chain (prev_hash must be {LedgerHashing.GenesisHash})"
                    : $"line {n}: entry seq {record.Seq}: prev_hash does not match the hash of entry seq {record.Seq - 1} (an entry was replaced, removed or inserted)");
        s.Tree.AppendLeafHash(MerkleHashing.LeafHash(line));
        s.PrevHash = record.Hash;
        return null;
    }

    /// <summary>Names what a seq out of place means, reading the seqs of the lines after it.</summary>
    private static LedgerProblem SeqProblem(long found, long expected, long n, IEnumerator<ReadOnlyMemory<byte>> reader)
    {
        if (found < expected)
            return new LedgerProblem(LedgerProblemKind.InsertedEntry, n,
                $"line {n}: entry seq {found} appears again (first at line {found}; expected seq {expected}): an entry was inserted or duplicated");
        var rest = new List<long?>();
        while (reader.MoveNext()) rest.Add(SeqOf(reader.Current));
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

    private static long? SeqOf(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static LedgerProblem? CheckpointLine(JsonElement root, ReadOnlySpan<byte> line, State s, Func<SignedCheckpoint, SignatureFailure?> signatureProblem)
    {
        var n = s.LineNumber;
        s.CheckpointLines++;
        var signed = LedgerLineParsing.Checkpoint(root, out var error);
        if (signed is null) return Malformed(n, $"is not a valid checkpoint: {error}");
        if (!line.SequenceEqual(CanonicalJson.ToUtf8Bytes(signed.ToJson())))
            return Malformed(n, "is not in canonical form (extra fields, spacing, key order or escapes differ from what Attest writes)");
        var c = signed.Checkpoint;
        if (s.Previous is { } previous && (c.TreeSize, c.Time).CompareTo((previous.TreeSize, previous.Time)) <= 0)
            return new LedgerProblem(LedgerProblemKind.ReorderedEntries, n,
                $"line {n}: checkpoint (tree_size {c.TreeSize}) is out of order: checkpoints go by ascending tree_size and time, and the one before has tree_size {previous.TreeSize}");
        s.Previous = c;

        if (signatureProblem(signed) is { } failure)
            return new LedgerProblem(failure.Kind, n, $"line {n}: checkpoint (tree_size {c.TreeSize}): {failure.Reason}");
        if (c.TreeSize > s.Tree.Size)
            return new LedgerProblem(LedgerProblemKind.RemovedEntry, n,
                $"line {n}: checkpoint covers {c.TreeSize} entries but the file holds only {s.Tree.Size}: entries were removed from the end");
        var expectedRoot = Convert.ToHexStringLower(s.Tree.RootHash(c.TreeSize));
        if (expectedRoot != c.RootHash)
            return new LedgerProblem(LedgerProblemKind.RootMismatch, n,
                $"line {n}: checkpoint (tree_size {c.TreeSize}) root_hash {c.RootHash} does not match the Merkle root {expectedRoot} of entries 1..{c.TreeSize}: entries were rewritten after it was signed, or the checkpoint is forged");
        s.CheckpointsVerified++;
        s.Latest = signed;
        return null;
    }

    private static LedgerProblem? End(JsonElement root, ReadOnlySpan<byte> line, State s)
    {
        var n = s.LineNumber;
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
        if (entries != s.Tree.Size)
            return new LedgerProblem(entries > s.Tree.Size ? LedgerProblemKind.RemovedEntry : LedgerProblemKind.InsertedEntry, n,
                $"line {n}: the end line says {entries} entries but the file holds {s.Tree.Size}: entries were {(entries > s.Tree.Size ? "removed" : "inserted")}");
        if (checkpoints != s.CheckpointLines)
            return new LedgerProblem(checkpoints > s.CheckpointLines ? LedgerProblemKind.RemovedEntry : LedgerProblemKind.InsertedEntry, n,
                $"line {n}: the end line says {checkpoints} checkpoints but the file holds {s.CheckpointLines}: checkpoints were {(checkpoints > s.CheckpointLines ? "removed" : "inserted")}");
        s.Ended = true;
        return null;
    }

    private static LedgerProblem Malformed(long n, string what) => new(LedgerProblemKind.Malformed, n, $"line {n} {what}");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message.TrimEnd('.') : message[..cut];
    }
}
