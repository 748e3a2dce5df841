#!/usr/bin/env bash
# Time from `java -jar` to /actuator/health/readiness answering 200, on an empty data directory and a free port,
# measured several times; prints each time and the median.
# Usage: bash src/test/benchmark/start-to-ready.sh [runs] [jvm options...]
#   bash src/test/benchmark/start-to-ready.sh 5 -XX:SharedArchiveFile=target/app.jsa
# The jar is target/aeserve-*.jar (built when missing); AESERVE_JAR=path measures another one.
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-5}
shift || true
jar=${AESERVE_JAR:-$(ls target/aeserve-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [[ -z "$jar" ]]; then
  ./mvnw -q -B package -DskipTests
  jar=$(ls target/aeserve-*.jar | grep -v plain | head -1)
fi
work=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

times=()
for run in $(seq "$runs"); do
  data=$(mktemp -d -p "$work")
  port=$(free_port)
  grpc=$(free_port)
  start=$(date +%s%N)
  java "$@" -jar "$jar" --aeserve.data-dir="$data" --server.port="$port" --aeserve.grpc.port="$grpc" \
    > "$work/service-$run.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the service stopped before it was ready:"; tail -30 "$work/service-$run.log"; exit 1
    fi
    sleep 0.02
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  seconds=$(python3 -c "print(f'{($end - $start) / 1e9:.2f}')")
  times+=("$seconds")
  echo "run $run: $seconds s"
done
python3 -c 'import statistics, sys; print(f"median of {len(sys.argv) - 1}: {statistics.median(map(float, sys.argv[1:])):.2f} s")' \
  "${times[@]}"
