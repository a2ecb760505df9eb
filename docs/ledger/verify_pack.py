#!/usr/bin/env python3
"""Verify an Attest assurance pack offline with Python 3's standard library and the openssl
command line (OpenSSL 3.0 or later) for the Ed25519 signatures.

    python3 verify_pack.py pack.zip KEYS.pem [MORE-KEYS.pem ...]

KEYS.pem: the operator's public key(s), obtained through another channel, as
`attest ledger public-key --all` prints them (comment lines and several PEM blocks are fine).

Checks the checkpoint signature by a given key, every ledger entry's payload against its
payload_sha256, its hash against its fields and its RFC 9162 inclusion proof against the checkpoint
root, the manifest signature, every file against the manifest, and every governance record's ledger
references: each entry it names is in the pack with that hash, action and payload digest and is about
that record, and an object marked "recorded_as" agrees with that entry's payload field by field.
(`attest pack verify` additionally
checks that the zip container itself is byte-for-byte canonical.) Prints OK or FAILED and the first
problem (exit 1); exit 2 for bad usage. The format is described in docs/ledger.md.
"""
import base64
import hashlib
import json
import os
import re
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


SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
ENTRY_FIELDS = {"seq", "time", "actor", "action", "subject", "payload_sha256", "prev_hash", "hash", "payload"}


def read_keys(path, directory):
    """{key id: PEM path} for each key in a file of PEM blocks (comment lines allowed) or one base64 key."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", text, re.S)
    bodies = ["".join(b.split()) for b in blocks] or ["".join(line for line in text.split() if not line.startswith("#"))]
    keys = {}
    for body in bodies:
        try:
            der = base64.b64decode(body, validate=True)
        except ValueError:
            der = b""
        raw = der if len(der) == 32 else der[12:] if len(der) == 44 and der[:12] == SPKI_PREFIX else None
        if raw is None:
            raise SystemExit(f"{path}: not an Ed25519 public key (PEM or base64)")
        kid = hashlib.sha256(raw).hexdigest()[:16]
        pem = os.path.join(directory, kid + ".pem")
        with open(pem, "w", encoding="ascii") as f:
            f.write("-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(SPKI_PREFIX + raw).decode() + "\n-----END PUBLIC KEY-----\n")
        keys[kid] = pem
    return keys


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


# The payload field by which a ledger entry names a record of each governance file (GovernanceRecords.cs).
RECORD_KEYS = {
    "governance/incidents.json": "incident_id",
    "governance/material-changes.json": "assessment_id",
    "governance/reviews.json": "review_id",
    "governance/risks.json": "risk_id",
    "governance/waivers.json": "waiver_id",
}


def resolve(path, key, record_id, ref, entries):
    """(entry, None) when the reference names an entry of the pack about the record, else (None, problem)."""
    if not isinstance(ref, dict) or not all(isinstance(ref.get(f), str) for f in ("hash", "action", "payload_sha256")) \
            or type(ref.get("seq")) is not int:
        return None, f"{path}: record {record_id}: an entry reference must have seq, hash, action and payload_sha256"
    where = f"{path}: record {record_id} names ledger entry seq {ref['seq']}"
    entry = entries.get(ref["seq"])
    if entry is None:
        return None, f"{where}, which is not in ledger/entries.jsonl"
    for field in ("hash", "action", "payload_sha256"):
        if entry[field] != ref[field]:
            return None, f"{where} with {field} {ref[field]}, but that entry's is {entry[field]}"
    payload = entry["payload"]
    if not isinstance(payload, dict) or payload.get(key) != record_id:
        return None, f"{where}, but that entry is not about {record_id}"
    return entry, None


def walk(path, key, record_id, node, entries):
    if isinstance(node, list):
        for item in node:
            problem = walk(path, key, record_id, item, entries)
            if problem:
                return problem
        return None
    if not isinstance(node, dict):
        return None
    for name, value in node.items():
        if name == "ledger":
            if not isinstance(value, list):
                return f"{path}: record {record_id}: 'ledger' must be an array of entry references"
            for ref in value:
                problem = resolve(path, key, record_id, ref, entries)[1]
                if problem:
                    return problem
        elif name == "recorded_as":
            entry, problem = resolve(path, key, record_id, value, entries)
            if problem:
                return problem
            for field, recorded in entry["payload"].items():
                # Compared as canonical JSON, so true is not 1 and "1" is not 1.
                if field not in ("ledger", "recorded_as") and field in node and canonical(node[field]) != canonical(recorded):
                    return (f"{path}: record {record_id}: '{field}' is {canonical(node[field]).decode()} "
                            f"but ledger entry seq {entry['seq']} recorded {canonical(recorded).decode()}")
        else:
            problem = walk(path, key, record_id, value, entries)
            if problem:
                return problem
    return None


def check_governance(files, entries):
    """(problem or None, how many records were checked)."""
    checked = 0
    for path in sorted(RECORD_KEYS):
        if path not in files:
            continue
        document = json.loads(files[path])
        records = document.get("records") if isinstance(document, dict) else None
        if not isinstance(records, list):
            return f"{path}: 'records' must be an array", checked
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                return f"{path}: record {number} must be an object with a string 'id'", checked
            problem = walk(path, RECORD_KEYS[path], record["id"], record, entries)
            if problem:
                return problem, checked
            checked += 1
    return None, checked


def verify(pack_path, key_files):
    with tempfile.TemporaryDirectory() as tmp:
        keys = {}
        for path in key_files:
            keys.update(read_keys(path, tmp))
        return verify_with(pack_path, keys)


def verify_with(pack_path, keys):
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
    entries = {}
    if len(lines) != len(proofs["proofs"]):
        return "ledger/proofs.json and ledger/entries.jsonl do not hold the same number of entries"
    for number, (line, proof) in enumerate(zip(lines, proofs["proofs"]), start=1):
        entry = json.loads(line)
        if set(entry) != ENTRY_FIELDS:
            return f"ledger/entries.jsonl line {number} does not have the fields of an entry with its payload"
        # The line is the canonical entry with "payload":<exact payload bytes>, inserted before payload_sha256.
        leaf_input = canonical({k: v for k, v in entry.items() if k != "payload"})
        at = leaf_input.index(b',"payload_sha256":')
        head, tail = leaf_input[:at] + b',"payload":', leaf_input[at:]
        if not (line.startswith(head) and line.endswith(tail)) or len(line) <= len(head) + len(tail):
            return f"ledger/entries.jsonl line {number} is not canonical"
        payload = line[len(head):len(line) - len(tail)]
        fields = {k: v for k, v in entry.items() if k not in ("hash", "payload")}
        if hashlib.sha256(canonical(fields)).hexdigest() != entry["hash"]:
            return f"ledger entry seq {entry['seq']} was changed (hash does not match)"
        if hashlib.sha256(payload).hexdigest() != entry["payload_sha256"]:
            return f"ledger entry seq {entry['seq']}: its payload was changed (it does not match payload_sha256)"
        if proof["seq"] != entry["seq"] or proof["leaf_index"] != entry["seq"] - 1:
            return f"ledger/proofs.json proof {number} is not for entry seq {entry['seq']}"
        leaf = hashlib.sha256(b"\x00" + leaf_input).digest()
        path = [bytes.fromhex(h) for h in proof["inclusion_proof"]]
        if root_from_inclusion_proof(proof["leaf_index"], checkpoint["tree_size"], leaf, path) != root:
            return f"ledger entry seq {entry['seq']}: inclusion proof does not lead to the checkpoint root"
        entries[entry["seq"]] = entry

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
    problem, records = check_governance(files, entries)
    if problem:
        return problem
    print(f"OK: {len(listed)} files match the signed manifest, {len(lines)} ledger entries (and payloads) proven "
          f"against checkpoint tree_size {checkpoint['tree_size']} root {checkpoint['root_hash']}"
          + (f", {records} governance records agree with the entries they name" if records else ""))
    return None


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        problem = verify(sys.argv[1], sys.argv[2:])
    except (KeyError, TypeError, ValueError, zipfile.BadZipFile) as e:
        problem = f"the file is not an Attest assurance pack ({type(e).__name__}: {e})"
    if problem:
        print(f"FAILED: {problem}")
        sys.exit(1)
