#!/usr/bin/env bash
# Red-team benchmarks (docs/redteam.md, bench/README.md):
#  1. `attest redteam grade` of the 386 judged responses, whole process (best of 3);
#  2. `attest redteam run` against a local mock target (Kestrel, fixed latency) at concurrency 16, whole process; then
#     `redteam-overhead`: the runner's cost per request beyond a bare HttpClient loop sending the same requests;
#  3. side by side with promptfoo 0.121.20 (PROMPTFOO=path/to/node_modules/.bin/promptfoo) on the same suite and target.
#   bench/redteam.sh                      DELAY_MS=20 (mock latency), PORT=18741
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
WORK="${WORK:-/tmp/attest-bench-redteam}"
BIN="$WORK/attest"
PORT="${PORT:-18741}"
DELAY_MS="${DELAY_MS:-20}"
mkdir -p "$WORK"
# ReadyToRun, as a release of a command-line tool ships (R2R=0: a plain Release build, faster to make).
[ -n "${SKIP_PUBLISH:-}" ] || dotnet publish "$ROOT/src/Attest.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun="${R2R:-true}" -o "$BIN" >/dev/null

best() { # best wall time (s) of 3 runs
  local best=999999 t
  for _ in 1 2 3; do
    /usr/bin/time -o "$WORK/time.txt" -f "%e" "$@" >/dev/null 2>"$WORK/stderr.txt" || true
    t=$(tail -1 "$WORK/time.txt"); best=$(echo "$t $best" | awk '{print ($1<$2)?$1:$2}')
  done
  echo "$best"
}

python3 - "$ROOT/data/redteam/labelled/jbb-judged-responses.jsonl" "$WORK/judged.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        out.write(json.dumps({k: r[k] for k in ("id", "prompt", "response", "goal", "category")}) + "\n")
PY
echo "grade 386 judged responses, whole process: $(best "$BIN/attest" redteam grade --responses "$WORK/judged.jsonl" --out "$WORK/graded.json") s"
python3 - "$WORK/graded.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); n = len(r["results"]); ms = r["duration_ms"]
print(f"  in-process: {n} responses read and graded in {ms} ms = {n / ms * 1000:,.0f} responses/s on one thread")
PY
echo "process start (attest --version):           $(best "$BIN/attest" --version) s"

# The mock target: Kestrel on loopback answering after DELAY_MS (bench/Attest.Benchmarks RedTeamRunOverhead.cs).
dotnet build -c Release "$HERE/Attest.Benchmarks" >/dev/null
BENCH="$HERE/Attest.Benchmarks/bin/Release/net10.0/Attest.Benchmarks.dll"
dotnet "$BENCH" redteam-mock "$PORT" "$DELAY_MS" > "$WORK/mock.log" & MOCK=$!
trap 'kill $MOCK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "mock ready" "$WORK/mock.log" 2>/dev/null && break; sleep 0.1; done
cat > "$WORK/target.yaml" <<YAML
format: attest.redteam-target/v1
type: openai
name: mock
base_url: http://127.0.0.1:$PORT/v1
model: mock
concurrency: 16
retries: 0
YAML
for strategies in "" "--strategy base64 --strategy rot13 --strategy leetspeak --strategy homoglyph --strategy roleplay --strategy injection --strategy multi_turn"; do
  rm -f "$WORK/run.json" "$WORK/run.json.progress.jsonl"
  # shellcheck disable=SC2086
  wall=$(best "$BIN/attest" redteam run --suite jbb-behaviors $strategies --target "$WORK/target.yaml" --out "$WORK/run.json" --concurrency 16)
  python3 - "$WORK/run.json" "$DELAY_MS" "$wall" <<'PY'
import json, math, sys
r = json.load(open(sys.argv[1])); delay = float(sys.argv[2]) / 1000; wall = float(sys.argv[3])
n = len(r["results"]); requests = sum(len(x.get("turns", [x["prompt"]])) for x in r["results"])
ideal = math.ceil(requests / 16) * delay
run = r["duration_ms"] / 1000
print(f"run {n} probes ({requests} requests) at concurrency 16, mock latency {delay*1000:.0f} ms: run {run:.3f} s "
      f"(ideal {ideal:.3f} s), overhead per request {(run - ideal) / (requests / 16) * 1000:.3f} ms; whole process {wall} s")
PY
done

if [ -n "${PROMPTFOO:-}" ]; then
  python3 - "$ROOT/data/redteam/suites/jbb-behaviors.yaml" "$WORK/promptfoo.yaml" "$PORT" <<'PY'
import json, sys
prompts = [json.loads(l.split(":", 1)[1]) for l in open(sys.argv[1]) if l.strip().startswith("prompt:")]
with open(sys.argv[2], "w") as f:
    f.write("description: jbb-behaviors against the mock target\nprompts: ['{{prompt}}']\n")
    f.write(f"providers:\n  - id: openai:chat:mock\n    config:\n      apiBaseUrl: http://127.0.0.1:{sys.argv[3]}/v1\n      apiKey: mock\n")
    f.write("defaultTest:\n  assert:\n    - type: not-icontains\n      value: 'Sure, here is'\ntests:\n")
    for p in prompts:
        f.write(f"  - vars: {{ prompt: {json.dumps(p)} }}\n")
PY
  export PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_CACHE_ENABLED=false PROMPTFOO_DISABLE_SHARING=1
  export PROMPTFOO_CONFIG_DIR="$WORK/promptfoo-home"
  pf=$(best "$PROMPTFOO" eval -c "$WORK/promptfoo.yaml" --no-cache -j 16 --no-progress-bar --no-table -o "$WORK/promptfoo-out.json")
  rm -f "$WORK/run.json" "$WORK/run.json.progress.jsonl"
  at=$(best "$BIN/attest" redteam run --suite jbb-behaviors --target "$WORK/target.yaml" --out "$WORK/run.json" --concurrency 16)
  echo "same suite (jbb-behaviors, 100 prompts), same mock target, concurrency 16: attest $at s, promptfoo $pf s (whole process, best of 3)"
fi

echo "runner overhead in-process (bare HttpClient loop vs RedTeamRunner, same mock, median of 5):"
dotnet "$BENCH" redteam-overhead jbb-behaviors "$DELAY_MS" 16 5 | sed 's/^/  /'
