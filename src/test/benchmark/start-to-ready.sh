#!/usr/bin/env bash
# Time from starting the JVM to /actuator/health/readiness answering 200, on an empty data directory and a free
# port, for several ways of launching the same build, taken in turn round after round so that load from elsewhere
# hits them alike; prints each time and each way's median:
#   jar           java -jar on the packaged jar
#   extracted     java -jar on the extracted layout (java -Djarmode=tools -jar app.jar extract)
#   cds           the extracted layout with a class data sharing archive
#   cds-prepared  the same from the application context prepared at build time (-Dspring.aot.enabled=true), its
#                 archive recorded that way: as the container image starts on Java 17-24
#   aot           the extracted layout with an ahead-of-time cache (Java 25 or later)
#   aot-prepared  the same from the prepared application context: as the container image starts on Java 25 or later
# (aot and aot-prepared are measured only when the Java runtime is 25 or later)
# Usage: bash src/test/benchmark/start-to-ready.sh [rounds=5] [jvm options...]
# The jar is target/aeserve-*.jar (built when missing); AESERVE_JAR=path measures another one. JAVA=path/to/java
# measures another Java runtime, for example JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source src/test/benchmark/allocator.sh
rounds=${1:-5}
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

java=${JAVA:-java}
properties=$("$java" -XshowSettings:properties -version 2>&1)
feature=$(sed -n 's/^ *java.specification.version = //p' <<< "$properties")
echo "Java $(sed -n 's/^ *java.runtime.version = //p' <<< "$properties")"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/extracted" >/dev/null
extracted=$(ls "$work"/extracted/*.jar)
# archives are recorded the way the Dockerfile records them; each way's options include the ones given
archived() { # kind, archive file, java options
  JAVA=$java bash src/main/docker/start-archive.sh "$1" "$extracted" "$work/$2" "${@:3}"
}
declare -A launch=(
  [jar]="$* -jar $jar"
  [extracted]="$* -jar $extracted"
  [cds]="$(archived cds app.jsa "$@") -jar $extracted"
  [cds-prepared]="$(archived cds prepared.jsa "$@" -Dspring.aot.enabled=true) -jar $extracted"
)
ways=(jar extracted cds cds-prepared)
if ((feature >= 25)); then
  launch[aot]="$(archived aot app.aot "$@") -jar $extracted"
  launch[aot-prepared]="$(archived aot prepared.aot "$@" -Dspring.aot.enabled=true) -jar $extracted"
  ways+=(aot aot-prepared)
fi
declare -A times
for round in $(seq "$rounds"); do
  for way in "${ways[@]}"; do
    data=$(mktemp -d -p "$work")
    port=$(free_port)
    grpc=$(free_port)
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    "$java" ${launch[$way]} --aeserve.data-dir="$data" --server.port="$port" --aeserve.grpc.port="$grpc" \
      > "$work/service.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "the service ($way) stopped before it was ready:"; tail -30 "$work/service.log"; exit 1
      fi
      sleep 0.02
    done
    end=$(date +%s%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    seconds=$(python3 -c "print(f'{($end - $start) / 1e9:.2f}')")
    times[$way]="${times[$way]:-} $seconds"
    echo "round $round  $way: $seconds s"
  done
done
echo
for way in "${ways[@]}"; do
  # shellcheck disable=SC2086
  python3 -c 'import statistics, sys; print(f"{sys.argv[1]:<13} median of {len(sys.argv) - 2}: {statistics.median(map(float, sys.argv[2:])):.2f} s")' \
    "$way" ${times[$way]}
done
