#!/usr/bin/env bash
# Publishes the `attest` users run, into OUT (default artifacts/attest):
#   OUT/attest        the Native AOT front: `attest evaluate …` of CSV files runs here (starts in milliseconds, no JIT)
#   OUT/host/attest   the full framework-dependent attest (ReadyToRun): every other verb, evidence storage, Parquet;
#                     the front execs it with the same arguments, standard streams and exit code
# Put OUT on PATH (or link OUT/attest into it; the front finds host/ beside its real path). The server image
# (deploy/Containerfile) publishes only the full attest.
#   scripts/publish.sh [OUT]      RID=linux-arm64 scripts/publish.sh OUT   for another platform
# Needs the .NET 10 SDK and a C toolchain for Native AOT (gcc or clang, and binutils), as scripts/test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-artifacts/attest}"
RID="${RID:-linux-x64}"
mkdir -p "$OUT"
dotnet publish src/Attest.Cli -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true -o "$OUT/host" -nologo
dotnet publish src/Attest.Cli.Front -c Release -r "$RID" -o "$OUT" -p:CopyOutputSymbolsToPublishDirectory=false -nologo
echo "published: $OUT/attest (evaluate, Native AOT) and $OUT/host/attest (everything else)"
