#!/usr/bin/env bash
# Records a start-up archive of the service: starts it once on an empty data directory, waits until its readiness
# probe answers, and stops it with SIGTERM. The JVM writes the archive as it exits, so it holds every class that
# starting the service and answering a request loaded. Prints the JVM options to start the service with: the java
# options given, which the recording start ran with, then those that map the archive.
#   bash start-archive.sh cds|aot <jar> <archive file> [java options...]
#   cds  a class data sharing archive (Java 17 and later)
#   aot  an ahead-of-time cache, which also holds the classes linked and the methods' profiles (Java 25 and later)
# JAVA=path/to/java picks the runtime. Needs only bash: the probe goes through bash's /dev/tcp.
set -euo pipefail
kind=$1 jar=$2 archive=$3
shift 3
java=${JAVA:-java}
case $kind in
  cds) record=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off)
       use="-XX:SharedArchiveFile=$archive" ;;
  aot) record=(-XX:AOTCacheOutput="$archive" -Xlog:aot=off -Xlog:cds=off --enable-native-access=ALL-UNNAMED)
       use="-XX:AOTCache=$archive --enable-native-access=ALL-UNNAMED" ;;
  *) echo "usage: start-archive.sh cds|aot <jar> <archive file> [java options...]" >&2; exit 2 ;;
esac

data=$(mktemp -d)
log=$(mktemp)
port=18080
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
"$java" "$@" "${record[@]}" -jar "$jar" --aeserve.data-dir="$data" --aeserve.device=cpu --server.port="$port" \
  --aeserve.grpc.port=0 --logging.level.root=warn > "$log" 2>&1 &
pid=$!
ready() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /actuator/health/readiness HTTP/1.0\r\n\r\n' >&3 \
    && head -1 <&3 | grep -q ' 200 '
}
until (ready) 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the service stopped before it was ready:" >&2; tail -30 "$log" >&2; exit 1
  fi
  sleep 0.2
done
kill "$pid"
wait "$pid" || true
rm -rf "$data"
if [[ ! -s $archive ]]; then
  echo "the service stopped without writing $archive:" >&2; tail -30 "$log" >&2; exit 1
fi
rm -f "$log"
echo "$* $use"
