#!/usr/bin/env bash
# Load test of single-row anomaly-score on loopback with wrk (Debian package wrk): the dense 784-392-196 model
# trained one epoch on Fashion-MNIST, 32 connections (CONNECTIONS=n for another count): dynamic batching as
# configured by default (as many passes at once as the engine has threads, each on one thread), then one pass at a
# time on all threads, then no batching.
# Each is measured after a warm-up under the same load: on 2 cores the JVM's compiler needs a minute or more before
# the service runs at its steady rate (a 15 s warm-up measured it about a third below that).
# Usage: bash src/test/benchmark/inference-wrk.sh [seconds=20] [warm-up seconds=90]
#   (needs wrk and dataset-fashion-mnist); AESERVE_JAR=path measures another build
set -euo pipefail
cd "$(dirname "$0")/../../.."
source src/test/benchmark/allocator.sh
seconds=${1:-20}
warmup=${2:-90}
port=18080
connections=${CONNECTIONS:-32}
jar=${AESERVE_JAR:-$(ls target/aeserve-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [[ -z "$jar" ]]; then
  ./mvnw -q -B package -DskipTests
  jar=$(ls target/aeserve-*.jar | head -1)
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
data=$(mktemp -d)
work=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$data" "$work"' EXIT

start() {
  java -jar "$jar" --server.port=$port --aeserve.data-dir="$data" "$@" > "$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 120); do
    curl -sf localhost:$port/actuator/health/readiness >/dev/null && return 0
    sleep 1
  done
  echo "service did not become ready"; cat "$work/service.log"; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

start
curl -sf -X POST localhost:$port/api/v1/models -H 'Content-Type: application/json' -d '{"name": "bench",
  "spec": {"variant": "dense", "inputShape": [784], "hiddenLayers": [392], "latentDim": 196}}' >/dev/null
job=$(curl -sf -X POST localhost:$port/api/v1/models/bench/train -H 'Content-Type: application/json' \
  -d '{"dataset": "fashion-mnist", "epochs": 1, "seed": 1}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -sf localhost:$port/api/v1/jobs/$job | grep -q '"state":"succeeded"'; do sleep 1; done

python3 - "$work/post.lua" <<'PY'
import gzip, json, sys
pixels = gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read()[16:16 + 784]
body = json.dumps({"inputs": [[round(p / 255, 4) for p in pixels]]})
open(sys.argv[1], "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                             'wrk.body = [==[' + body + ']==]\n')
PY

measure() {
  local threads=$(( connections < 2 ? 1 : 2 ))
  # warm up at 32 connections whatever is measured: the compiler needs the load
  wrk -t2 -c32 -d"${warmup}"s -s "$work/post.lua" http://localhost:$port/api/v1/models/bench/anomaly-score >/dev/null
  wrk -t$threads -c"$connections" -d"${seconds}"s --latency -s "$work/post.lua" \
    http://localhost:$port/api/v1/models/bench/anomaly-score | tee "$work/wrk-$1.txt"
}
echo "== dynamic batching on"; measure on
stop
start --aeserve.inference.batching.workers=1
echo "== dynamic batching on, one pass at a time"; measure one-worker
stop
start --aeserve.inference.batching.enabled=false
echo "== dynamic batching off"; measure off
stop

rate() { awk '/Requests\/sec/ {print $2}' "$work/wrk-$1.txt"; }
p50() { awk '$1 == "50%" {print $2}' "$work/wrk-$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$work/wrk-$1.txt"; }
echo
echo "single-row anomaly-score, $connections connections, ${seconds}s after ${warmup}s of warm-up"
printf "batching on:                  %8s requests/s  p50 %s  p99 %s\n" "$(rate on)" "$(p50 on)" "$(p99 on)"
printf "batching on, one pass at once: %7s requests/s  p99 %s\n" "$(rate one-worker)" "$(p99 one-worker)"
printf "batching off:                 %8s requests/s  p99 %s\n" "$(rate off)" "$(p99 off)"
python3 -c "print('against one pass at a time: %.2fx; against no batching: %.2fx' % ($(rate on) / $(rate one-worker), $(rate on) / $(rate off)))"
