using System.Text;
using System.Text.Json;
using Attest.Engine.Ledger;

namespace Attest.Engine.Packs;

/// <summary>
/// Verifies the contents of an assurance pack offline and stops at the first problem: the checkpoint
/// signature, every ledger entry's hash and inclusion proof against the checkpoint root, the manifest
/// signature, every file against the manifest, then every governance record's ledger references
/// (<see cref="GovernanceRecords"/>). Signature checks are passed in, keeping this pure.
/// </summary>
public static class AssurancePackVerifier
{
    /// <param name="files">The pack's files in archive order (duplicates included, so they can be refused).</param>
    public static PackVerificationResult Verify(
        IReadOnlyList<PackFile> files,
        Func<SignedCheckpoint, SignatureFailure?> checkpointProblem,
        SignatureCheck manifestSignatureProblem)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(checkpointProblem);
        ArgumentNullException.ThrowIfNull(manifestSignatureProblem);
        var run = new Run(files);
        var problem = run.Execute(checkpointProblem, manifestSignatureProblem);
        return new PackVerificationResult(problem, run.FilesVerified, run.EntriesVerified, run.Checkpoint, run.ManifestKeyId);
    }

    private sealed class Run(IReadOnlyList<PackFile> files)
    {
        private readonly Dictionary<string, byte[]> _byPath = new(StringComparer.Ordinal);
        private List<byte[]> _entryLines = [];

        public int FilesVerified { get; private set; }
        public int EntriesVerified { get; private set; }
        public SignedCheckpoint? Checkpoint { get; private set; }
        public string? ManifestKeyId { get; private set; }

        public LedgerProblem? Execute(Func<SignedCheckpoint, SignatureFailure?> checkpointProblem, SignatureCheck manifestSignatureProblem)
        {
            foreach (var file in files)
            {
                if (AssurancePackFormat.PathProblem(file.Path) is { } why) return Mismatch(why);
                if (!_byPath.TryAdd(file.Path, file.Content)) return Mismatch($"{file.Path} appears twice in the pack");
            }
            foreach (var required in AssurancePackFormat.ReservedPaths)
                if (!_byPath.ContainsKey(required)) return Mismatch($"{required} is missing from the pack");

            return VerifyCheckpoint(checkpointProblem)
                ?? VerifyEntries()
                ?? VerifyManifestSignature(manifestSignatureProblem)
                ?? VerifyFiles()
                ?? VerifyGovernanceRecords();
        }

        private LedgerProblem? VerifyCheckpoint(Func<SignedCheckpoint, SignatureFailure?> checkpointProblem)
        {
            const string path = AssurancePackFormat.CheckpointPath;
            var bytes = _byPath[path];
            if (!TryParseSingleLine(bytes, out var document, out var error)) return Malformed($"{path}: {error}");
            using (document)
            {
                var signed = LedgerLineParsing.Checkpoint(document!.RootElement, out error);
                if (signed is null) return Malformed($"{path}: not a valid checkpoint: {error}");
                if (!bytes.AsSpan().SequenceEqual(LedgerExportFormat.CheckpointLine(signed)))
                    return Malformed($"{path}: not in canonical form");
                if (checkpointProblem(signed) is { } failure)
                    return new LedgerProblem(failure.Kind, 0, $"{path}: checkpoint (tree_size {signed.Checkpoint.TreeSize}): {failure.Reason}");
                Checkpoint = signed;
            }
            var expectedPem = Encoding.UTF8.GetBytes(Ed25519Pem.Format(Convert.FromBase64String(Checkpoint.PublicKey)));
            if (!_byPath[AssurancePackFormat.PublicKeyPath].AsSpan().SequenceEqual(expectedPem))
                return Mismatch($"{AssurancePackFormat.PublicKeyPath} is not the public key of the checkpoint's key {Checkpoint.Checkpoint.KeyId}");
            return null;
        }

        private LedgerProblem? VerifyEntries()
        {
            const string entriesPath = AssurancePackFormat.EntriesPath;
            const string proofsPath = AssurancePackFormat.ProofsPath;
            var checkpoint = Checkpoint!.Checkpoint;
            var root = Convert.FromHexString(checkpoint.RootHash);

            var proofs = ParseProofs(out var proofsError);
            if (proofs is null) return Malformed($"{proofsPath}: {proofsError}");
            if (proofs.Value.TreeSize != checkpoint.TreeSize)
                return new LedgerProblem(LedgerProblemKind.BadProof, 0, $"{proofsPath}: proofs are for tree_size {proofs.Value.TreeSize} but the checkpoint signs tree_size {checkpoint.TreeSize}");

            var lines = SplitLines(_byPath[entriesPath], out var linesError);
            if (lines is null) return Malformed($"{entriesPath}: {linesError}");
            if (lines.Count != proofs.Value.Proofs.Count)
                return new LedgerProblem(LedgerProblemKind.BadProof, 0, $"{proofsPath} has {proofs.Value.Proofs.Count} proofs for {lines.Count} entries in {entriesPath}: entries or proofs were added or removed");

            long previousSeq = 0;
            byte[] scratch = [];
            Span<byte> digest = stackalloc byte[MerkleHashing.HashSize];
            using var sha = new Attest.Engine.Hashing.Sha256Context();
            for (var i = 0; i < lines.Count; i++)
            {
                var n = i + 1;
                var line = lines[i];
                var where = $"{entriesPath} line {n}";
                if (!System.Text.Unicode.Utf8.IsValid(line)) return Malformed($"{where} is not valid UTF-8");
                if (!EntryLineScanner.TryScan(line, out var layout)) return Malformed($"{where} {DiagnoseEntry(line)}");
                var record = layout;
                EntryLineScanner.EntryHash(line, layout, digest, ref scratch, sha);
                if (!EntryLineScanner.HexEquals(line, layout.Hash, digest))
                    return new LedgerProblem(LedgerProblemKind.ChangedEntry, n, $"{where}: entry seq {record.Seq} was changed: its hash does not match its content");
                EntryLineScanner.Hash(line.AsSpan(layout.PayloadStart, layout.PayloadEnd - layout.PayloadStart), digest, sha);
                if (!EntryLineScanner.HexEquals(line, layout.PayloadDigest, digest))
                    return new LedgerProblem(LedgerProblemKind.ChangedPayload, n, $"{where}: entry seq {record.Seq}: its payload was changed: its SHA-256 does not match the entry's payload_sha256");
                if (record.Seq <= previousSeq)
                    return new LedgerProblem(LedgerProblemKind.ReorderedEntries, n, $"{where}: entry seq {record.Seq} comes after seq {previousSeq}: entries are out of order or repeated");
                previousSeq = record.Seq;
                var leafHash = new byte[MerkleHashing.HashSize];
                EntryLineScanner.LeafHash(line, layout, leafHash, ref scratch, sha);

                var (seq, leafIndex, path) = proofs.Value.Proofs[i];
                if (seq != record.Seq || leafIndex != record.Seq - 1)
                    return new LedgerProblem(LedgerProblemKind.BadProof, n, $"{proofsPath}: proof {n} is for seq {seq} (leaf_index {leafIndex}) but {where} holds seq {record.Seq}");
                if (record.Seq > checkpoint.TreeSize)
                    return new LedgerProblem(LedgerProblemKind.BadProof, n, $"{where}: entry seq {record.Seq} is beyond the checkpoint's tree_size {checkpoint.TreeSize}");
                if (!MerkleProofs.VerifyInclusion(leafIndex, checkpoint.TreeSize, leafHash, path, root))
                    return new LedgerProblem(LedgerProblemKind.BadProof, n,
                        $"ledger entry seq {record.Seq} ({where}): its inclusion proof does not lead to the checkpoint root {checkpoint.RootHash}: the entry or its proof was altered");
                EntriesVerified++;
            }
            _entryLines = lines;
            return null;
        }

        // Last: the records are read only once every file is known to be the one the manifest signs.
        private LedgerProblem? VerifyGovernanceRecords() =>
            GovernanceRecords.Check(_byPath, GovernanceRecords.ReadEntries(_entryLines));

        private LedgerProblem? VerifyManifestSignature(SignatureCheck check)
        {
            const string path = AssurancePackFormat.ManifestSignaturePath;
            var bytes = _byPath[path];
            if (!TryParseSingleLine(bytes, out var document, out var error)) return Malformed($"{path}: {error}");
            using (document)
            {
                var root = document!.RootElement;
                string? fieldError = null;
                var keyId = LedgerJsonFields.Hex(root, "key_id", 16, ref fieldError);
                var publicKey = LedgerJsonFields.Base64(root, "public_key", 32, ref fieldError);
                var signature = LedgerJsonFields.Base64(root, "signature", 64, ref fieldError);
                if (fieldError is not null) return Malformed($"{path}: {fieldError}");
                if (!bytes.AsSpan().SequenceEqual(AssurancePackFormat.ManifestSignature(keyId!, publicKey!, signature!)))
                    return Malformed($"{path}: not in canonical form");
                if (check(keyId!, publicKey!, _byPath[AssurancePackFormat.ManifestPath], signature!) is { } failure)
                    return new LedgerProblem(failure.Kind, 0, $"{AssurancePackFormat.ManifestPath}: {failure.Reason}");
                ManifestKeyId = keyId;
            }
            return null;
        }

        private LedgerProblem? VerifyFiles()
        {
            const string path = AssurancePackFormat.ManifestPath;
            var listed = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                using var document = JsonDocument.Parse(_byPath[path]);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                    || format.GetString() != AssurancePackFormat.FormatName)
                    return Malformed($"{path}: 'format' must be '{AssurancePackFormat.FormatName}'");
                if (!root.TryGetProperty("files", out var list) || list.ValueKind != JsonValueKind.Array)
                    return Malformed($"{path}: 'files' must be an array");
                foreach (var item in list.EnumerateArray())
                {
                    string? error = item.ValueKind == JsonValueKind.Object ? null : "each file must be an object";
                    var filePath = LedgerJsonFields.String(item, "path", ref error);
                    var size = LedgerJsonFields.Integer(item, "size", ref error);
                    var sha = LedgerJsonFields.Hex(item, "sha256", 64, ref error);
                    if (error is not null) return Malformed($"{path}: {error}");
                    if (!listed.Add(filePath!)) return Malformed($"{path}: lists {filePath} twice");
                    if (!_byPath.TryGetValue(filePath!, out var content))
                        return Mismatch($"{filePath} is listed in the manifest but missing from the pack");
                    if (content.LongLength != size || AssurancePackFormat.Sha256Hex(content) != sha)
                        return Mismatch($"{filePath} does not match the manifest (expected {size} bytes with SHA-256 {sha}, found {content.LongLength} bytes with SHA-256 {AssurancePackFormat.Sha256Hex(content)})");
                    FilesVerified++;
                }
            }
            catch (JsonException e)
            {
                return Malformed($"{path}: not valid JSON ({e.Message})");
            }
            foreach (var file in files)
            {
                if (file.Path is AssurancePackFormat.ManifestPath or AssurancePackFormat.ManifestSignaturePath) continue;
                if (!listed.Contains(file.Path)) return Mismatch($"{file.Path} is in the pack but not in the manifest");
            }
            return null;
        }

        private (long TreeSize, List<(long Seq, long LeafIndex, List<byte[]> Path)> Proofs)? ParseProofs(out string? error)
        {
            if (!TryParseSingleLine(_byPath[AssurancePackFormat.ProofsPath], out var document, out error)) return null;
            using (document)
            {
                var root = document!.RootElement;
                var treeSize = LedgerJsonFields.Integer(root, "tree_size", ref error);
                if (error is not null) return null;
                if (!root.TryGetProperty("proofs", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    error = "'proofs' must be an array";
                    return null;
                }
                var proofs = new List<(long, long, List<byte[]>)>();
                foreach (var item in list.EnumerateArray())
                {
                    error = item.ValueKind == JsonValueKind.Object ? null : "each proof must be an object";
                    var seq = LedgerJsonFields.Integer(item, "seq", ref error);
                    var leafIndex = LedgerJsonFields.Integer(item, "leaf_index", ref error);
                    if (error is not null) return null;
                    if (!item.TryGetProperty("inclusion_proof", out var hashes) || hashes.ValueKind != JsonValueKind.Array
                        || hashes.EnumerateArray().Any(h => h.ValueKind != JsonValueKind.String || !IsLowerHex(h.GetString()!, 64)))
                    {
                        error = $"proof for seq {seq}: 'inclusion_proof' must be an array of 64-character lowercase hex hashes";
                        return null;
                    }
                    proofs.Add((seq!.Value, leafIndex!.Value, hashes.EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList()));
                }
                var canonical = AssurancePackFormat.Proofs(treeSize!.Value, proofs.Select(p => (p.Item1, p.Item2, (IReadOnlyList<byte[]>)p.Item3)));
                if (!_byPath[AssurancePackFormat.ProofsPath].AsSpan().SequenceEqual(canonical))
                {
                    error = "not in canonical form";
                    return null;
                }
                return (treeSize.Value, proofs);
            }
        }

        private static bool IsLowerHex(string s, int length) => s.Length == length && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

        private static bool TryParseSingleLine(byte[] bytes, out JsonDocument? document, out string? error)
        {
            document = null;
            if (bytes.Length == 0 || bytes[^1] != (byte)'\n' || Array.IndexOf(bytes, (byte)'\n') != bytes.Length - 1)
            {
                error = "must be one line of JSON ended by a newline";
                return false;
            }
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                error = "is not valid UTF-8";
                return false;
            }
            try
            {
                document = JsonDocument.Parse(bytes.AsMemory(0, bytes.Length - 1));
                error = document.RootElement.ValueKind == JsonValueKind.Object ? null : "must be a JSON object";
                if (error is not null) document.Dispose();
                return error is null;
            }
            catch (JsonException e)
            {
                error = $"not valid JSON ({e.Message})";
                return false;
            }
        }

        private static List<byte[]>? SplitLines(byte[] bytes, out string? error)
        {
            error = null;
            var lines = new List<byte[]>();
            if (bytes.Length == 0) return lines;
            if (bytes[^1] != (byte)'\n')
            {
                error = "does not end with a newline (truncated)";
                return null;
            }
            var start = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != (byte)'\n') continue;
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
            return lines;
        }

        /// <summary>Why an entry line does not have the layout Attest writes.</summary>
        private static string DiagnoseEntry(byte[] line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object) return "is not a JSON object";
                if (LedgerLineParsing.Entry(document.RootElement, out var error) is null) return $"is not a valid entry: {error}";
                return document.RootElement.TryGetProperty("payload", out _)
                    ? "is not in canonical form"
                    : "is an entry without its payload (packs of this format carry each entry's payload; export the pack again with this version of Attest)";
            }
            catch (JsonException e)
            {
                return $"is not valid JSON ({e.Message})";
            }
        }

        private static LedgerProblem Malformed(string message) => new(LedgerProblemKind.Malformed, 0, message);

        private static LedgerProblem Mismatch(string message) => new(LedgerProblemKind.FileMismatch, 0, message);
    }
}
