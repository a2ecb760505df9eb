#!/usr/bin/env python3
"""Verify an Attest ledger export offline with Python 3's standard library and, for the
Ed25519 signatures, the openssl command line (OpenSSL 3.0 or later).

    python3 verify_export.py ledger.jsonl KEYS.pem [MORE-KEYS.pem ...] [--witness DIR ...]

KEYS.pem: the operator's public key(s), obtained through another channel, as
`attest ledger public-key --all` prints them (comment lines and several PEM blocks are fine).

Checks, independently of Attest's own code (docs/ledger.md describes the format):
  * every line is canonical JSON; every entry's payload matches its payload_sha256, its hash
    matches its fields, and its prev_hash the entry before it;
  * every checkpoint line, and every checkpoint the chain itself records (ledger.checkpoint_signed),
    is signed by one of the given keys and its root is the RFC 9162 Merkle root of the entries it
    covers; checkpoint lines come in ascending (tree_size, time) order;
  * a checkpoint signed by a given key covers every entry of the file, and the end line's counts match;
  * with --witness DIR: every checkpoint note in DIR (C2SP tlog-checkpoint, as Attest pushes them to
    witnesses) is signed by a given key or a key the directory holds (*.vkey), and the file's entries
    have that note's root at that size (so the history was not rewritten or cut since).
Prints OK and the root, or FAILED and the first problem (exit 1); exit 2 for bad usage.
"""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

FORMAT = "attest-ledger-export/2"
ENTRY_FIELDS = {"seq", "time", "actor", "action", "subject", "payload_sha256", "prev_hash", "hash"}
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
CHECKPOINT_ACTION = "ledger.checkpoint_signed"


class Failed(Exception):
    pass


def canonical(value):
    # RFC 8785 for what Attest writes outside payloads (strings, integers, objects): sorted keys, no spaces.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves):
    """RFC 9162 section 2.1.1 MTH, iteratively: hash complete subtrees bottom up, then fold the ragged edge."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    stack = []  # (height, hash) of complete subtrees, left to right
    for leaf in leaves:
        height, h = 0, leaf
        while stack and stack[-1][0] == height:
            h = node_hash(stack.pop()[1], h)
            height += 1
        stack.append((height, h))
    root = stack.pop()[1]
    while stack:
        root = node_hash(stack.pop()[1], root)
    return root


def read_keys(path):
    """Raw 32-byte Ed25519 keys from a file of PEM blocks (comment lines allowed) or one base64 key."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", text, re.S)
    bodies = ["".join(b.split()) for b in blocks] or ["".join(line for line in text.split() if not line.startswith("#"))]
    keys = []
    for body in bodies:
        try:
            der = base64.b64decode(body, validate=True)
        except ValueError:
            der = b""
        if len(der) == 32:
            keys.append(der)
        elif len(der) == 44 and der[:12] == SPKI_PREFIX:
            keys.append(der[12:])
        else:
            raise SystemExit(f"{path}: not an Ed25519 public key (PEM or base64)")
    return keys


def key_id(raw):
    return hashlib.sha256(raw).hexdigest()[:16]


class Verifier:
    """Ed25519 with openssl; each (key, message, signature) is checked once."""

    def __init__(self, keys):
        self.tmp = tempfile.TemporaryDirectory()
        self.pems = {}
        self.cache = {}
        for raw in keys:
            self.add(raw)

    def add(self, raw):
        if raw not in self.pems:
            path = os.path.join(self.tmp.name, key_id(raw) + ".pem")
            with open(path, "w", encoding="ascii") as f:
                f.write("-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(SPKI_PREFIX + raw).decode() + "\n-----END PUBLIC KEY-----\n")
            self.pems[raw] = path

    def verify(self, raw, message, signature):
        cache_key = (raw, message, signature)
        if cache_key not in self.cache:
            msg, sig = os.path.join(self.tmp.name, "msg"), os.path.join(self.tmp.name, "sig")
            with open(msg, "wb") as f:
                f.write(message)
            with open(sig, "wb") as f:
                f.write(signature)
            result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", self.pems[raw], "-rawin",
                                     "-in", msg, "-sigfile", sig], capture_output=True)
            self.cache[cache_key] = result.returncode == 0
        return self.cache[cache_key]

    def by_id(self, kid):
        return next((raw for raw in self.pems if key_id(raw) == kid), None)


def check_checkpoint(verifier, checkpoint, signature_b64, leaves, where):
    """A checkpoint {key_id, root_hash, time, tree_size}: signed by a trusted key, with the root of its entries."""
    raw = verifier.by_id(checkpoint["key_id"])
    if raw is None:
        raise Failed(f"{where}: checkpoint (tree_size {checkpoint['tree_size']}) is signed by key {checkpoint['key_id']}, which is not a given key")
    if not verifier.verify(raw, canonical(checkpoint), base64.b64decode(signature_b64)):
        raise Failed(f"{where}: checkpoint (tree_size {checkpoint['tree_size']}): the signature does not verify (forged or altered)")
    if checkpoint["tree_size"] > len(leaves):
        raise Failed(f"{where}: checkpoint covers {checkpoint['tree_size']} entries, the file holds {len(leaves)}: entries were removed")
    if merkle_root(leaves[: checkpoint["tree_size"]]).hex() != checkpoint["root_hash"]:
        raise Failed(f"{where}: checkpoint (tree_size {checkpoint['tree_size']}) root_hash does not match the entries: they were rewritten after it was signed")


def split_entry(raw, obj):
    """The payload's exact bytes and the leaf input (the line without its payload member)."""
    fields = {k: v for k, v in obj.items() if k != "payload"}
    leaf = canonical(fields)
    at = leaf.index(b',"payload_sha256":')
    head, tail = leaf[:at] + b',"payload":', leaf[at:]
    if not (raw.startswith(head) and raw.endswith(tail)) or len(raw) <= len(head) + len(tail):
        raise Failed("not in canonical form")
    return raw[len(head):len(raw) - len(tail)], leaf


def read_witness(directory, verifier):
    """(tree size, root hex, file) of every note in a witness directory, each signed by a trusted or offered key."""
    if not os.path.isdir(directory):
        raise Failed(f"witness directory {directory} does not exist")
    names = sorted(os.listdir(directory))
    for name in names:
        if name.endswith(".vkey"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                parts = f.read().strip().split("+", 2)
            typed = base64.b64decode(parts[2]) if len(parts) == 3 else b""
            if len(typed) != 33 or typed[0] != 1:
                raise Failed(f"{os.path.join(directory, name)} is not a note verifier key")
            verifier.add(typed[1:])
    notes = []
    for name in names:
        if not name.endswith(".checkpoint"):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        split = text.rfind("\n\n")
        if split < 0 or not text.endswith("\n"):
            raise Failed(f"{path}: not a signed note")
        body = text[: split + 1]
        lines = body.split("\n")
        if len(lines) < 4 or not lines[1].isdigit():
            raise Failed(f"{path}: not a checkpoint note (origin, tree size, root hash)")
        size, root = int(lines[1]), base64.b64decode(lines[2])
        verified = False
        for line in text[split + 2:-1].split("\n"):
            if not line.startswith("\u2014 "):
                raise Failed(f"{path}: '{line}' is not a signature line")
            name_part, _, blob_b64 = line[2:].rpartition(" ")
            blob = base64.b64decode(blob_b64)
            for raw in verifier.pems:
                key_hash = hashlib.sha256(name_part.encode() + b"\n\x01" + raw).digest()[:4]
                if key_hash == blob[:4] and verifier.verify(raw, body.encode("utf-8"), blob[4:]):
                    verified = True
        if not verified:
            raise Failed(f"{path}: the note is signed by no given key")
        notes.append((size, root.hex(), path))
    if not notes:
        raise Failed(f"witness directory {directory} holds no checkpoint")
    return notes


def verify(export_path, key_files, witness_dirs):
    keys = [k for path in key_files for k in read_keys(path)]
    verifier = Verifier(keys)
    witnessed = [n for d in witness_dirs for n in read_witness(d, verifier)]
    leaves, prev, checkpoint_lines, covered, ended, previous_line = [], "0" * 64, 0, -1, False, None
    with open(export_path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            where = f"line {number}"
            if not raw.endswith(b"\n"):
                raise Failed(f"{where} does not end with a newline (the file is truncated)")
            raw = raw[:-1]
            if ended:
                raise Failed(f"{where} comes after the end line")
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                raise Failed(f"{where} is not valid JSON ({e})")
            if not isinstance(obj, dict):
                raise Failed(f"{where} is not a JSON object")
            if "seq" in obj:
                if checkpoint_lines or set(obj) != ENTRY_FIELDS | {"payload"}:
                    raise Failed(f"{where}: unexpected entry (entries come first, with exactly the fields Attest writes and their payload)")
                try:
                    payload, leaf = split_entry(raw, obj)
                except Failed as e:
                    raise Failed(f"{where} {e}")
                fields = {k: v for k, v in obj.items() if k not in ("hash", "payload")}
                if hashlib.sha256(canonical(fields)).hexdigest() != obj["hash"]:
                    raise Failed(f"{where}: entry seq {obj['seq']} was changed (its hash does not match its fields)")
                if hashlib.sha256(payload).hexdigest() != obj["payload_sha256"]:
                    raise Failed(f"{where}: entry seq {obj['seq']}: its payload was changed (it does not match payload_sha256)")
                if obj["seq"] != len(leaves) + 1:
                    raise Failed(f"{where}: expected seq {len(leaves) + 1}, found {obj['seq']}")
                if obj["prev_hash"] != prev:
                    raise Failed(f"{where}: prev_hash does not match the previous entry")
                leaves.append(leaf_hash(leaf))
                prev = obj["hash"]
                if obj["action"] == CHECKPOINT_ACTION:
                    p = obj["payload"]
                    recorded = {k: p[k] for k in ("key_id", "root_hash", "time", "tree_size")}
                    check_checkpoint(verifier, recorded, p["signature"], leaves, f"{where} (entry seq {obj['seq']} records a checkpoint)")
                    covered = max(covered, recorded["tree_size"])
            elif "checkpoint" in obj:
                if canonical(obj) != raw:
                    raise Failed(f"{where} is not in canonical form")
                checkpoint_lines += 1
                c = obj["checkpoint"]
                if previous_line is not None and (c["tree_size"], c["time"]) <= previous_line:
                    raise Failed(f"{where}: checkpoints are out of order (they go by ascending tree_size and time)")
                previous_line = (c["tree_size"], c["time"])
                if key_id(base64.b64decode(obj["public_key"])) != c["key_id"]:
                    raise Failed(f"{where}: the checkpoint's public_key is not key {c['key_id']}")
                check_checkpoint(verifier, c, obj["signature"], leaves, where)
                covered = max(covered, c["tree_size"])
            elif "end" in obj:
                if canonical(obj) != raw:
                    raise Failed(f"{where} is not in canonical form")
                if obj["end"] != {"entries": len(leaves), "checkpoints": checkpoint_lines, "format": FORMAT}:
                    raise Failed(f"{where}: the end line does not match the file ({len(leaves)} entries, {checkpoint_lines} checkpoints, format {FORMAT})")
                ended = True
            else:
                raise Failed(f"{where} is not an entry, checkpoint or end line")
    if not ended:
        raise Failed("the file has no end line (truncated)")
    for size, root, path in witnessed:
        if size > len(leaves):
            raise Failed(f"witness {path} saw {size} entries, the file holds only {len(leaves)}: entries were removed, or this is an older export")
        if merkle_root(leaves[:size]).hex() != root:
            raise Failed(f"witness {path} saw root {root} at {size} entries, the file's entries give another: the history was rewritten")
    if covered < len(leaves):
        raise Failed(f"entries {max(covered, 0) + 1}..{len(leaves)} are not covered by a checkpoint signed by a given key")
    print(f"OK: {len(leaves)} entries (hashes and payloads), {checkpoint_lines} checkpoints, "
          f"{len(witnessed)} witnessed checkpoints, root {merkle_root(leaves).hex()}")


def main(argv):
    args, witnesses = [], []
    i = 0
    while i < len(argv):
        if argv[i] == "--witness" and i + 1 < len(argv):
            witnesses.append(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        verify(args[0], args[1:], witnesses)
    except Failed as e:
        print(f"FAILED: {e}")
        return 1
    except (KeyError, TypeError, ValueError) as e:
        print(f"FAILED: the file is not an Attest ledger export ({type(e).__name__}: {e})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
