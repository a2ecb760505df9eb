#!/usr/bin/env python3
"""Verify an Attest ledger export offline with Python 3's standard library and, for the
Ed25519 checkpoint signatures, the openssl command line (OpenSSL 3.0 or later).

    python3 verify_export.py ledger.jsonl [ledger-public.pem ...]

Checks every entry's hash and the prev_hash chain, recomputes the RFC 9162 Merkle root for each
checkpoint, verifies each checkpoint signature with the given PEM public keys (one per key the
operator has used; the key id is the first 16 hex characters of SHA-256 of the raw key), and checks the end
line. Prints OK and the root, or FAILED and the first bad line (exit 1). The format is described
in docs/ledger.md; this script is deliberately independent of Attest's own code.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ENTRY_FIELDS = {"seq", "time", "actor", "action", "subject", "payload_sha256", "prev_hash", "hash"}


def canonical(value):
    # RFC 8785 for the values Attest writes (strings, integers, objects): sorted keys, no spaces.
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


def openssl_verify(public_key_pem, message, signature):
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: os.path.join(tmp, name) for name in ("msg", "sig")}
        with open(paths["msg"], "wb") as f:
            f.write(message)
        with open(paths["sig"], "wb") as f:
            f.write(signature)
        result = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", public_key_pem, "-rawin",
             "-in", paths["msg"], "-sigfile", paths["sig"]],
            capture_output=True)
        return result.returncode == 0


def key_id(public_key_pem):
    with open(public_key_pem, encoding="ascii") as f:
        body = "".join(line for line in f.read().splitlines() if not line.startswith("-----"))
    raw = base64.b64decode(body)[-32:]  # SubjectPublicKeyInfo: 12-byte prefix, then the raw key
    return hashlib.sha256(raw).hexdigest()[:16]


def verify(export_path, public_key_pems):
    keys = {key_id(pem): pem for pem in public_key_pems}
    leaves, prev, checkpoints, ended = [], "0" * 64, 0, False
    with open(export_path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\n"):
        return "the file does not end with a newline (truncated)"
    for number, raw in enumerate(data[:-1].split(b"\n"), start=1):
        if ended:
            return f"line {number} comes after the end line"
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            return f"line {number} is not valid JSON ({e})"
        if canonical(obj) != raw:
            return f"line {number} is not in canonical form"
        if "seq" in obj:
            if checkpoints or set(obj) != ENTRY_FIELDS:
                return f"line {number}: unexpected entry"
            fields = {k: v for k, v in obj.items() if k != "hash"}
            if hashlib.sha256(canonical(fields)).hexdigest() != obj["hash"]:
                return f"line {number}: entry seq {obj['seq']} was changed (hash does not match)"
            if obj["seq"] != len(leaves) + 1:
                return f"line {number}: expected seq {len(leaves) + 1}, found {obj['seq']}"
            if obj["prev_hash"] != prev:
                return f"line {number}: prev_hash does not match the previous entry"
            leaves.append(leaf_hash(raw))
            prev = obj["hash"]
        elif "checkpoint" in obj:
            checkpoints += 1
            c = obj["checkpoint"]
            if c["tree_size"] > len(leaves):
                return f"line {number}: checkpoint covers {c['tree_size']} entries, the file holds {len(leaves)}"
            if merkle_root(leaves[: c["tree_size"]]).hex() != c["root_hash"]:
                return f"line {number}: checkpoint root_hash does not match the entries"
            if keys:
                pem = keys.get(c["key_id"])
                if pem is None:
                    return f"line {number}: checkpoint signed by key {c['key_id']}, which is not a given key"
                if not openssl_verify(pem, canonical(c), base64.b64decode(obj["signature"])):
                    return f"line {number}: checkpoint signature does not verify with {pem}"
        elif "end" in obj:
            end = obj["end"]
            if end != {"entries": len(leaves), "checkpoints": checkpoints, "format": "attest-ledger-export/1"}:
                return f"line {number}: the end line does not match the file ({len(leaves)} entries, {checkpoints} checkpoints)"
            ended = True
        else:
            return f"line {number} is not an entry, checkpoint or end line"
    if not ended:
        return "the file has no end line (truncated)"
    print(f"OK: {len(leaves)} entries, {checkpoints} checkpoints, root {merkle_root(leaves).hex()}")
    return None


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    problem = verify(sys.argv[1], sys.argv[2:])
    if problem:
        print(f"FAILED: {problem}")
        sys.exit(1)
