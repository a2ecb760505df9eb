#!/usr/bin/env bash
# The issue-19 ratio table: Attest against the NumPy baseline, Fairlearn and Evidently on the same generated files,
# in one run on this machine. Every Attest figure is the whole process (start-up, reading the CSV, the JSON report) of
# the `attest` users run: scripts/publish.sh's layout (the Native AOT front runs evaluate; the full attest in host/ the
# ledger verification).
#
#   bench/compare.sh [ROWS]          ROWS defaults to 1000000
#   bench/compare.sh ledger          only the ledger-verify row (needs neither NumPy nor the peers)
#
# Environment:
#   PEERS     folder with the checkouts docs/evaluation.md names (fairlearn-v0.14.0, narwhals-v2.22.1,
#             evidently-v0.7.21); without it the Fairlearn and Evidently rows are skipped
#   HARNESS   the reference harness (bench_numpy_baseline.py, bench_metricframe.py, evidently_stattests_loader.py)
#   RUNS      runs per timed command (median quoted; default 3)
#   BIG       rows for the memory row (default 10000000; 0 skips it)
#   FAIRLEARN_CASES  cases timed with Fairlearn (default "single"; about 1-3 min each at 1M rows)
#   LEDGER    entries in the ledger-verify row's export (default 1000000; 0 skips it; about 620 bytes per entry)
# Needs: .NET 10 SDK, Debian's python3-numpy/pandas/scipy, GNU time (/usr/bin/time).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
HARNESS="${HARNESS:-/work/shared/fairness}"
WORK="${WORK:-/tmp/attest-compare}"
RUNS="${RUNS:-3}"
BIG="${BIG:-10000000}"
MODE=all
if [ "${1:-}" = ledger ]; then MODE=ledger; shift; fi
N="${1:-1000000}"
LEDGER="${LEDGER:-1000000}"
PY=/usr/bin/python3
BIN="$WORK/attest-published"
mkdir -p "$WORK"

# A failed step says which and why, never a silent stop.
trap 'echo "compare.sh: line $LINENO failed (exit $?): $BASH_COMMAND" >&2' ERR
# py STEP ARGS...: runs python3, its standard error kept; on failure prints the step and that error and stops.
py() {
  local step=$1; shift
  if ! $PY "$@" 2>"$WORK/py-stderr.txt"; then
    echo "compare.sh: the Python step '$step' failed:" >&2; tail -20 "$WORK/py-stderr.txt" >&2; exit 1
  fi
}

"$ROOT/scripts/publish.sh" "$BIN" >/dev/null

# measure CMD...: runs it RUNS times; prints "median_wall_s median_cpu_s max_rss_mb" (GNU time: wall, user+sys, peak RSS)
measure() {
  local walls=() cpus=() rss=0 t u s m
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$WORK/time.txt" -f "%e %U %S %M" "$@" >/dev/null 2>"$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; return 1; }
    read -r t u s m < <(tail -1 "$WORK/time.txt")
    walls+=("$t"); cpus+=("$(echo "$u $s" | awk '{print $1+$2}')")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" \
       "$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" "$((rss / 1024))"
}
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1/$2; else print "-" }'; }
met() { echo "$1" | awk -v g="$2" -v op="$3" '{ if ((op==">=" && $1>=g) || (op=="<" && $1<g)) print "yes"; else print "no" }'; }

# ledger verification (the table's last row): `attest ledger verify` of an export against `sha256sum` of the same file (one hash of every byte)
ledger_row() {
  [ "$LEDGER" != 0 ] || return 0
  EXPORT="$WORK/ledger_$LEDGER.jsonl"
  [ -f "$EXPORT" ] || dotnet run -c Release --project "$ROOT/bench/Attest.Benchmarks" -- ledger-export "$LEDGER" "$EXPORT" >/dev/null
  cat "$EXPORT" >/dev/null   # both read it from the page cache
  read -r HW HC HM < <(measure sha256sum "$EXPORT")
  read -r LW LC LM < <(measure "$BIN/attest" ledger verify "$EXPORT" --trusted-key "$EXPORT.key")
  R=$(ratio "$LW" "$HW")
  RATE=$(echo "$LEDGER $LW" | awk '{ printf "%.2f", $1 / $2 / 1e6 }')
  echo "| ledger verify, $LEDGER entries ($(( $(stat -L -c %s "$EXPORT") / 1000000 )) MB): ≥ 1M entries/s and ≤ 2× sha256sum | ${LW} s (${LC} s cpu, ${LM} MB), ${RATE}M entries/s | sha256sum ${HW} s (${HC} s cpu) | $R | $(echo "$R $RATE" | awk '{ print ($1 <= 2 && $2 >= 1) ? "yes" : "no" }') |"
}

if [ "$MODE" = ledger ]; then
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs per figure, medians"
  echo
  echo "| goal | Attest (whole process) | reference | ratio | goal met |"
  echo "|---|---:|---:|---:|---|"
  ledger_row
  exit 0
fi

CSV="$WORK/logs_$N.csv"
[ -f "$CSV" ] || py generate_logs "$HERE/generate_logs.py" --n "$N" --out "$CSV"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs per figure, medians"
echo
echo "| goal | Attest (whole process) | reference | ratio | goal met |"
echo "|---|---:|---:|---:|---|"

# 1. fairness with scores vs the NumPy baseline's in-memory arithmetic (and Fairlearn's MetricFrame)
declare -A ATTEST_WALL
for CASE in single intersection all3; do
  case $CASE in
    single) SENS="group"; EXTRA=() ;;
    intersection) SENS="sex,age_band"; EXTRA=(--intersections) ;;
    all3) SENS="group,sex,age_band"; EXTRA=(--intersections) ;;
  esac
  read -r AW AC AM < <(measure "$BIN/attest" evaluate fairness --input "$CSV" --label y --prediction pred --score score \
    --sensitive "$SENS" "${EXTRA[@]}" --format json --output "$WORK/fairness.json")
  ATTEST_WALL[$CASE]=$AW
  NPS=()
  for _ in $(seq "$RUNS"); do
    py "numpy baseline ($CASE)" "$HARNESS/bench_numpy_baseline.py" --n "$N" --case "$CASE" > "$WORK/numpy.json"
    NPS+=("$(py "read numpy.json" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["factorize_s"]+d["metrics_incl_auc_s"])' "$WORK/numpy.json")")
  done
  NP=$(printf '%s\n' "${NPS[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  R=$(ratio "$NP" "$AW")
  echo "| fairness $N rows with scores, $CASE: NumPy in-memory / Attest ≥ 1.0 | ${AW} s (${AC} s cpu, ${AM} MB) | NumPy in-memory ${NP} s | $R | $(met "$R" 1.0 ">=") |"
done
if [ -n "${PEERS:-}" ] && [ -d "$PEERS/fairlearn-v0.14.0" ]; then
  for CASE in ${FAIRLEARN_CASES:-single}; do
    if ! /usr/bin/time -o "$WORK/time.txt" -f "%e" env PYTHONPATH="$PEERS/fairlearn-v0.14.0:$PEERS/narwhals-v2.22.1/src" \
      $PY "$HARNESS/bench_metricframe.py" --n "$N" --case "$CASE" >/dev/null 2>"$WORK/py-stderr.txt"; then
      echo "compare.sh: Fairlearn's MetricFrame ($CASE) failed:" >&2; tail -20 "$WORK/py-stderr.txt" >&2; exit 1
    fi
    FL=$(tail -1 "$WORK/time.txt")
    R=$(ratio "$FL" "${ATTEST_WALL[$CASE]}")
    echo "| fairness $N rows, $CASE: Fairlearn MetricFrame / Attest ≥ 150 | ${ATTEST_WALL[$CASE]} s | Fairlearn ${FL} s | $R | $(met "$R" 150 ">=") |"
  done
else
  echo "| fairness: Fairlearn MetricFrame / Attest ≥ 150 | | not run (set PEERS) | | |"
fi

# 2. memory at scale
if [ "$BIG" != 0 ]; then
  BIGCSV="$WORK/logs_$BIG.csv"
  [ -f "$BIGCSV" ] || py generate_logs "$HERE/generate_logs.py" --n "$BIG" --out "$BIGCSV"
  read -r BW BC BM < <(RUNS=1 measure "$BIN/attest" evaluate fairness --input "$BIGCSV" --label y --prediction pred --score score \
    --sensitive group,sex,age_band --intersections --format json --output "$WORK/fairness_big.json")
  echo "| fairness $BIG rows with scores, all3: peak memory < 300 MB | ${BM} MB (${BW} s) | | | $(met "$BM" 300 "<") |"
fi

# 3. bootstrap with score metrics
read -r SW SC SM < <(measure "$BIN/attest" evaluate fairness --input "$CSV" --label y --prediction pred --score score --sensitive group \
  --bootstrap 1000 --seed 1 --format json --output "$WORK/bootstrap.json")
echo "| bootstrap 1000 resamples, $N rows, score metrics: < 3 s | ${SW} s (${SC} s cpu, ${SM} MB) | | | $(met "$SW" 3 "<") |"

# 4. drift: 20 numerical columns, N reference + N current rows, against Evidently's stat tests on the same columns
if [ ! -f "$WORK/drift_ref_$N.csv" ]; then
  py "drift files" - "$WORK" "$N" <<'PY'
import sys, numpy as np, pandas as pd
w, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(3)
for name, shift in ((f"drift_ref_{n}.csv", 0.0), (f"drift_cur_{n}.csv", 0.05)):
    pd.DataFrame({f"x{i}": np.round(rng.normal(shift * (i % 3), 1, n), 3) for i in range(20)}).to_csv(f"{w}/{name}", index=False)
PY
fi
read -r DW DC DM < <(measure "$BIN/attest" evaluate drift --reference "$WORK/drift_ref_$N.csv" --current "$WORK/drift_cur_$N.csv" \
  --format json --output "$WORK/drift.json")
echo "| drift, 20 columns, $N + $N rows: < 1.5 s | ${DW} s (${DC} s cpu, ${DM} MB) | | | $(met "$DW" 1.5 "<") |"
if [ -n "${PEERS:-}" ] && [ -d "$PEERS/evidently-v0.7.21" ]; then
  PEERS="$PEERS" py "Evidently stat tests" "$HERE/evidently_drift.py" "$WORK/drift_ref_$N.csv" "$WORK/drift_cur_$N.csv" --harness "$HARNESS" > "$WORK/evidently.json"
  EV=$(py "read evidently.json" -c 'import json,sys; print(json.load(open(sys.argv[1]))["stat_tests_s"])' "$WORK/evidently.json")
  DIFF=$(py "compare drift values" - "$WORK/drift.json" "$WORK/evidently.json" <<'PY'
import json, sys
a, e = json.load(open(sys.argv[1]))["columns"], json.load(open(sys.argv[2]))["columns"]
same_tests = all(a[c]["test"] == e[c]["test"] for c in e)
diff = max(max(abs(a[c]["drift_score"] - e[c]["drift_score"]), abs(a[c]["psi"] - e[c]["psi"])) for c in e)
print(f"{diff:.1e}" + ("" if same_tests else " (tests differ)"))
PY
)
  R=$(ratio "$EV" "$DW")
  echo "| drift: Evidently's stat tests (data in memory) / Attest ≥ 20, values equal to 1e-9 | ${DW} s | Evidently ${EV} s; max difference ${DIFF} | $R | $(met "$R" 20 ">=") |"
else
  echo "| drift: Evidently's stat tests / Attest ≥ 20 | | not run (set PEERS) | | |"
fi

# 5. start-up: an evaluation of a three-row file is all start-up
printf 'y,pred,group\n1,1,a\n0,1,b\n1,0,a\n' > "$WORK/tiny.csv"
read -r TW TC TM < <(RUNS=$((RUNS * 3)) measure "$BIN/attest" evaluate fairness --input "$WORK/tiny.csv" --label y --prediction pred --sensitive group --format json)
echo "| start-up: evaluate fairness on 3 rows < 0.05 s | ${TW} s (${TC} s cpu, ${TM} MB) | | | $(met "$TW" 0.05 "<") |"
read -r FW FC FM < <(RUNS=$((RUNS * 3)) measure "$BIN/host/attest" evaluate fairness --input "$WORK/tiny.csv" --label y --prediction pred --sensitive group --format json)
echo "| start-up: the same in the full attest (host/, ReadyToRun), for comparison | ${FW} s (${FC} s cpu, ${FM} MB) | | | |"
# every other verb goes through the front to the full attest: what the hop costs
read -r OW OC OM < <(RUNS=$((RUNS * 3)) measure "$BIN/attest" about)
read -r PW PC PM < <(RUNS=$((RUNS * 3)) measure "$BIN/host/attest" about)
echo "| another verb through the front (attest about) vs the full attest itself: a few ms more | ${OW} s (${OC} s cpu) | full attest ${PW} s (${PC} s cpu) | | |"


ledger_row
