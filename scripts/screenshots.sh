#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots/ (home, gate, review, monitoring, incident and dashboard pages, desktop and 390 px) from the demo
# portfolio, through the same browser test that checks those pages render. Needs Debian's chromium (scripts/test.sh
# installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
export ATTEST_SCREENSHOTS="$PWD/docs/screenshots"
dotnet build -c Release tests/Attest.E2E.Tests >/dev/null
dotnet test --project tests/Attest.E2E.Tests -c Release --no-build -- --filter-class "*ScreenshotTests"
ls -1 "$ATTEST_SCREENSHOTS"
