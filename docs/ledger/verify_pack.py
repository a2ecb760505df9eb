#!/usr/bin/env python3
"""Verify an Attest assurance pack offline with Python 3's standard library and the openssl
command line (OpenSSL 3.0 or later) for the Ed25519 signatures.

    python3 verify_pack.py pack.zip ledger-public.pem [older-key.pem ...]

Checks the checkpoint signature, every ledger entry's hash and its RFC 9162 inclusion proof against
the checkpoint root, the manifest signature, and every file against the manifest. (`attest pack
verify` additionally checks that the zip container itself is byte-for-byte canonical.) Prints OK or
FAILED and the first problem (exit 1). The format is described in docs/ledger.md.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion_proof(index, size, leaf, proof):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def key_id_of_pem(path):
    with open(path, encoding="ascii") as f:
        body = "".join(line for line in f.read().splitlines() if not line.startswith("-----"))
    return hashlib.sha256(base64.b64decode(body)[-32:]).hexdigest()[:16]


def openssl_verify(pem, message, signature):
    with tempfile.TemporaryDirectory() as tmp:
        msg, sig = os.path.join(tmp, "msg"), os.path.join(tmp, "sig")
        with open(msg, "wb") as f:
            f.write(message)
        with open(sig, "wb") as f:
            f.write(signature)
        return subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pem, "-rawin",
                               "-in", msg, "-sigfile", sig], capture_output=True).returncode == 0


def check_signature(keys, key_id, message, signature_b64, what):
    pem = keys.get(key_id)
    if pem is None:
        return f"{what} is signed by key {key_id}, which is not a given key"
    if not openssl_verify(pem, message, base64.b64decode(signature_b64)):
        return f"{what}: signature does not verify with {pem}"
    return None


def verify(pack_path, pems):
    keys = {key_id_of_pem(p): p for p in pems}
    with zipfile.ZipFile(pack_path) as z:
        names = z.namelist()
        if len(names) != len(set(names)):
            return "a file appears twice in the pack"
        files = {name: z.read(name) for name in names}

    signed = json.loads(files["ledger/checkpoint.json"])
    checkpoint = signed["checkpoint"]
    problem = check_signature(keys, checkpoint["key_id"], canonical(checkpoint), signed["signature"], "ledger/checkpoint.json")
    if problem:
        return problem
    root = bytes.fromhex(checkpoint["root_hash"])

    proofs = json.loads(files["ledger/proofs.json"])
    if proofs["tree_size"] != checkpoint["tree_size"]:
        return "ledger/proofs.json is for another tree size than the checkpoint"
    lines = files["ledger/entries.jsonl"].split(b"\n")[:-1]
    if len(lines) != len(proofs["proofs"]):
        return "ledger/proofs.json and ledger/entries.jsonl do not hold the same number of entries"
    for number, (line, proof) in enumerate(zip(lines, proofs["proofs"]), start=1):
        entry = json.loads(line)
        if canonical(entry) != line:
            return f"ledger/entries.jsonl line {number} is not canonical"
        fields = {k: v for k, v in entry.items() if k != "hash"}
        if hashlib.sha256(canonical(fields)).hexdigest() != entry["hash"]:
            return f"ledger entry seq {entry['seq']} was changed (hash does not match)"
        if proof["seq"] != entry["seq"] or proof["leaf_index"] != entry["seq"] - 1:
            return f"ledger/proofs.json proof {number} is not for entry seq {entry['seq']}"
        leaf = hashlib.sha256(b"\x00" + line).digest()
        path = [bytes.fromhex(h) for h in proof["inclusion_proof"]]
        if root_from_inclusion_proof(proof["leaf_index"], checkpoint["tree_size"], leaf, path) != root:
            return f"ledger entry seq {entry['seq']}: inclusion proof does not lead to the checkpoint root"

    signature = json.loads(files["manifest.sig.json"])
    problem = check_signature(keys, signature["key_id"], files["manifest.json"], signature["signature"], "manifest.json")
    if problem:
        return problem
    manifest = json.loads(files["manifest.json"])
    listed = set()
    for item in manifest["files"]:
        listed.add(item["path"])
        content = files.get(item["path"])
        if content is None:
            return f"{item['path']} is listed in the manifest but missing from the pack"
        if len(content) != item["size"] or hashlib.sha256(content).hexdigest() != item["sha256"]:
            return f"{item['path']} does not match the manifest"
    extra = set(files) - listed - {"manifest.json", "manifest.sig.json"}
    if extra:
        return f"{sorted(extra)[0]} is in the pack but not in the manifest"
    print(f"OK: {len(listed)} files match the signed manifest, {len(lines)} ledger entries proven "
          f"against checkpoint tree_size {checkpoint['tree_size']} root {checkpoint['root_hash']}")
    return None


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    problem = verify(sys.argv[1], sys.argv[2:])
    if problem:
        print(f"FAILED: {problem}")
        sys.exit(1)
