#!/usr/bin/env bash
# Soak test: mixed load against the jar for a while, watching the service's resident memory.
#  - single-row anomaly-score at a fixed rate (by default half the capacity measured first with wrk), through wrk
#    with a per-request delay;
#  - training jobs one after another: a small dense model trained again and again on Fashion-MNIST, one epoch a
#    version;
#  - VmRSS of the service sampled every 10 s and printed, beside the Java heap's committed size (jstat).
# The heap is fixed and touched up front (-Xms2g -Xmx2g -XX:+AlwaysPreTouch): a heap left to size itself counts in
# RSS only as far as its pages have been touched, and steps up whenever the collector grows it, which hides or
# mimics a leak. SOAK_JAVA_OPTIONS replaces those options (for example with "" to soak with the JVM's defaults).
# At the end: the RSS after warm-up (the first sample at or after the warm-up) against the last and the largest,
# and whether the last stayed within 5% of the one after warm-up (exit status 1 when not).
# Usage: bash src/test/benchmark/soak.sh [seconds=600] [warm-up seconds=120] [requests/s, default half capacity]
# Needs wrk, curl, python3 and the dataset-fashion-mnist package.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source src/test/benchmark/allocator.sh
duration=${1:-600}
warmup=${2:-120}
rate=${3:-}
connections=16
jar=${AESERVE_JAR:-$(ls target/aeserve-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [[ -z "$jar" ]]; then
  ./mvnw -q -B package -DskipTests
  jar=$(ls target/aeserve-*.jar | grep -v plain | head -1)
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
base=http://127.0.0.1:$port/api/v1
work=$(mktemp -d)
pid=
load=
trainer=
trap '[[ -n "$load" ]] && kill "$load" 2>/dev/null; [[ -n "$trainer" ]] && kill "$trainer" 2>/dev/null;
      [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# shellcheck disable=SC2086
java ${SOAK_JAVA_OPTIONS--Xms2g -Xmx2g -XX:+AlwaysPreTouch} -jar "$jar" --aeserve.data-dir="$work/data" \
  --server.port="$port" --aeserve.grpc.port=0 > "$work/service.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
  kill -0 "$pid" 2>/dev/null || { echo "the service stopped:"; tail -30 "$work/service.log"; exit 1; }
  sleep 0.2
done

create() {  # name hidden latent
  curl -sf -X POST "$base/models" -H 'Content-Type: application/json' -d "{\"name\": \"$1\",
    \"spec\": {\"variant\": \"dense\", \"inputShape\": [784], \"hiddenLayers\": [$2], \"latentDim\": $3}}" >/dev/null
}
train() {  # name split: one epoch, waits for the job to end
  local job
  job=$(curl -sf -X POST "$base/models/$1/train" -H 'Content-Type: application/json' \
    -d "{\"dataset\": \"fashion-mnist\", \"split\": \"$2\", \"epochs\": 1, \"seed\": 1}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  until curl -sf "$base/jobs/$job" | grep -Eq '"state":"(succeeded|failed|cancelled)"'; do sleep 1; done
}

echo "preparing the served model"
create served 392 196
train served test

python3 - "$work" <<'PY'
import gzip, json, sys
pixels = gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read()[16:16 + 784]
body = json.dumps({"inputs": [[round(p / 255, 4) for p in pixels]]})
head = 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[' + body + ']==]\n'
open(sys.argv[1] + "/post.lua", "w").write(head)
open(sys.argv[1] + "/paced.lua", "w").write(head + 'function delay() return tonumber(os.getenv("SOAK_DELAY_MS")) end\n')
PY
url=$base/models/served/anomaly-score
if [[ -z "$rate" ]]; then
  capacity=$(wrk -t2 -c32 -d10s -s "$work/post.lua" "$url" | awk '/Requests\/sec/ {print $2}')
  rate=$(python3 -c "print(max(1, round($capacity / 2)))")
  echo "capacity ${capacity} requests/s; soaking at ${rate} requests/s"
fi
# each connection sends a request, waits for the answer, then waits the delay
delay_ms=$(python3 -c "print(max(1, round($connections * 1000 / $rate)))")
SOAK_DELAY_MS=$delay_ms wrk -t2 -c$connections -d"${duration}"s --latency -s "$work/paced.lua" "$url" \
  > "$work/wrk.txt" 2>&1 &
load=$!

create trained 128 32
(
  n=0
  while true; do
    n=$((n + 1))
    train trained train
    echo "$(date -u +%T) training job $n ended" >> "$work/training.txt"
  done
) 2>/dev/null &
trainer=$!

echo "  time   VmRSS (MB)   heap committed (MB)"
samples=()
start=$(date +%s)
for (( elapsed = 0; elapsed < duration; elapsed += 10 )); do
  # on a fixed schedule, so that slow samples do not make the next ones late
  while (( $(date +%s) < start + elapsed )); do sleep 0.2; done
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  samples+=("$elapsed:$rss")
  heap=$(JAVA_TOOL_OPTIONS= jstat -gc "$pid" 2>/dev/null | awk 'NR == 2 {print $1 + $2 + $5 + $7}')
  printf '%6d s %8.1f %16.1f\n' "$elapsed" "$(awk "BEGIN {print $rss / 1024}")" "$(awk "BEGIN {print $heap / 1024}")"
done
wait "$load" || true
load=
kill "$trainer" 2>/dev/null || true
trainer=

echo
echo "inference load:"; grep -E 'Requests/sec|requests in|Non-2xx|Socket errors|  50%|  99%' "$work/wrk.txt" || true
echo "training jobs ended: $(wc -l < "$work/training.txt" 2>/dev/null || echo 0)"
python3 - "$warmup" "${samples[@]}" <<'PY'
import sys
warmup = int(sys.argv[1])
samples = [tuple(map(int, s.split(":"))) for s in sys.argv[2:]]
after = [s for s in samples if s[0] >= warmup] or samples[-1:]
first, last = after[0], samples[-1]
peak = max(rss for _, rss in after)
growth = (last[1] - first[1]) / first[1] * 100
print(f"RSS after warm-up ({first[0]} s): {first[1] / 1024:.1f} MB; last ({last[0]} s): {last[1] / 1024:.1f} MB "
      f"({growth:+.1f}%); max after warm-up: {peak / 1024:.1f} MB")
within = abs(growth) <= 5
print("stayed within 5%" if within else "did NOT stay within 5%")
sys.exit(0 if within else 1)
PY
