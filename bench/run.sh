#!/usr/bin/env bash
# Side-by-side timing of `attest evaluate fairness` (reading the CSV itself) against the NumPy baseline
# (data already in memory) and, optionally, Fairlearn's MetricFrame, on the same synthetic rows as the
# reference harness's bench_metricframe.py (same generator and seed).
#
#   bench/run.sh [N ...]            e.g. bench/run.sh 1000000 10000000
#   FAIRLEARN=1 bench/run.sh 1000000  also time Fairlearn (about 80 s per case at 1M rows)
#   EXTRAS=0 bench/run.sh 10000000    skip the bootstrap and drift timings (they use the first size)
#
# Needs: .NET 10 SDK, Debian python3-numpy/pandas (/usr/bin/python3); for Fairlearn: PEERS as in docs.
# HARNESS points at the folder with bench_numpy_baseline.py / bench_metricframe.py.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
HARNESS="${HARNESS:-/work/shared/fairness}"
WORK="${WORK:-/tmp/attest-bench}"
BIN="$WORK/attest"
PY=/usr/bin/python3
mkdir -p "$WORK"
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(1000000)

# ReadyToRun, as a release of a command-line tool ships: a one-shot process should not spend its time in the JIT.
dotnet publish "$ROOT/src/Attest.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$BIN" >/dev/null

best() { # run a command 3 times; print "min_wall_s max_rss_mb min_cpu_s" (cpu = user + sys)
  local best_t=999999 best_c=999999 rss=0 t m u s
  for _ in 1 2 3; do
    /usr/bin/time -o "$WORK/time.txt" -f "%e %M %U %S" "$@" >/dev/null 2>"$WORK/stderr.txt" || true
    read -r t m u s < <(tail -1 "$WORK/time.txt")
    best_t=$(echo "$t $best_t" | awk '{print ($1<$2)?$1:$2}')
    best_c=$(echo "$u $s $best_c" | awk '{c=$1+$2; print (c<$3)?c:$3}')
    rss=$(echo "$m $rss" | awk '{print ($1>$2)?$1:$2}')
  done
  echo "$best_t $((rss / 1024)) $best_c"
}

printf "| rows | case | attest wall s (peak MB) [cpu s] | attest without --score | NumPy in-memory s (factorize + metrics) | NumPy process wall s (peak MB) | NumPy in-memory / attest wall | Fairlearn wall s |\n"
printf "|---:|---|---:|---:|---:|---:|---:|---:|\n"
for N in "${SIZES[@]}"; do
  CSV="$WORK/logs_$N.csv"
  [ -f "$CSV" ] || $PY "$HERE/generate_logs.py" --n "$N" --out "$CSV"
  for CASE in single intersection all3; do
    case $CASE in
      single) SENS="group"; EXTRA=() ;;
      intersection) SENS="sex,age_band"; EXTRA=(--intersections) ;;
      all3) SENS="group,sex,age_band"; EXTRA=(--intersections) ;;
    esac
    read -r AT AM AC < <(best "$BIN/attest" evaluate fairness --input "$CSV" --label y --prediction pred --score score \
      --sensitive "$SENS" "${EXTRA[@]}" --format json --output "$WORK/out.json")
    read -r NT NM NC < <(best "$BIN/attest" evaluate fairness --input "$CSV" --label y --prediction pred \
      --sensitive "$SENS" "${EXTRA[@]}" --format json --output "$WORK/out.json")
    NP=$($PY "$HARNESS/bench_numpy_baseline.py" --n "$N" --case "$CASE")
    NPM=$(echo "$NP" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(round(d["factorize_s"]+d["metrics_incl_auc_s"],3))')
    read -r NPW NPM_MB _ < <(best $PY "$HARNESS/bench_numpy_baseline.py" --n "$N" --case "$CASE")
    FL="-"
    if [ "${FAIRLEARN:-0}" = 1 ]; then
      /usr/bin/time -o "$WORK/time.txt" -f "%e" env PYTHONPATH="$PEERS/fairlearn-v0.14.0:$PEERS/narwhals-v2.22.1/src" \
        $PY "$HARNESS/bench_metricframe.py" --n "$N" --case "$CASE" >/dev/null 2>&1 || true
      FL=$(tail -1 "$WORK/time.txt")
    fi
    RATIO=$(echo "$NPM $AT" | awk '{printf "%.2f", $1/$2}')
    printf "| %s | %s | %s (%s) [%s] | %s (%s) [%s] | %s | %s (%s) | %s | %s |\n" "$N" "$CASE" "$AT" "$AM" "$AC" "$NT" "$NM" "$NC" "$NPM" "$NPW" "$NPM_MB" "$RATIO" "$FL"
  done
done

[ "${EXTRAS:-1}" = 1 ] || exit 0

# Bootstrap: 1000 resamples on the first size, label metrics (counts) and with the score column (rows).
N=${SIZES[0]}; CSV="$WORK/logs_$N.csv"
read -r BT BM BC < <(best "$BIN/attest" evaluate fairness --input "$CSV" --label y --prediction pred --sensitive group \
  --bootstrap 1000 --seed 1 --format json --output "$WORK/out.json")
read -r BST BSM BSC < <(best "$BIN/attest" evaluate fairness --input "$CSV" --label y --prediction pred --score score --sensitive group \
  --bootstrap 1000 --seed 1 --format json --output "$WORK/out.json")
echo
echo "bootstrap 1000 resamples, $N rows: label metrics ${BT} s wall (${BM} MB, ${BC} s cpu); with score metrics ${BST} s wall (${BSM} MB, ${BSC} s cpu)"

# Drift: 20 numerical columns, 1M reference rows vs 1M current rows.
if [ ! -f "$WORK/drift_ref.csv" ]; then
  $PY - "$WORK" <<'PY'
import sys, numpy as np, pandas as pd
w = sys.argv[1]
rng = np.random.default_rng(3)
for name, shift in (("drift_ref.csv", 0.0), ("drift_cur.csv", 0.05)):
    df = pd.DataFrame({f"x{i}": np.round(rng.normal(shift * (i % 3), 1, 1_000_000), 3) for i in range(20)})
    df.to_csv(f"{w}/{name}", index=False)
PY
fi
read -r DT DM DC < <(best "$BIN/attest" evaluate drift --reference "$WORK/drift_ref.csv" --current "$WORK/drift_cur.csv" --format json --output "$WORK/drift.json")
echo "drift, 20 numerical columns x 1M reference + 1M current rows: ${DT} s wall (${DM} MB, ${DC} s cpu)"
