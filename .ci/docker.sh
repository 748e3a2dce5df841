#!/usr/bin/env bash
# Makes Docker usable for the container test on a machine that cannot pull images: installs docker.io, starts
# dockerd without a bridge (containers use host networking), and builds the base images the Dockerfile needs from
# Debian packages (debootstrap, then docker import), once. The images trust the same certificate authorities as
# this machine. A third base image adds the Java 25 runtime this machine keeps under /usr/lib/jvm (Temurin's), on
# which the image records an ahead-of-time cache instead of a class data sharing archive. Prints the three image
# names: build image, Java 17 base image, Java 25 base image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

jre_image=aeserve-local/jre:17
jdk_image=aeserve-local/jdk:17
java25_image=aeserve-local/jre:25

missing=()
for package in docker.io debootstrap; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if ! docker info >/dev/null 2>&1; then
  echo "Starting dockerd" >&2
  nohup dockerd --bridge=none --iptables=false >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
fi

mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -v security | head -1 | awk '{print $2}' || true)
mirror=${mirror:-http://deb.debian.org/debian}

build_base() {
  local image=$1 packages=$2
  if docker image inspect "$image" >/dev/null 2>&1; then
    return
  fi
  echo "Building $image from Debian packages ($mirror)" >&2
  local root
  root=$(mktemp -d)
  debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >&2
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >&2
    # the Java trust store is rebuilt by a hook that needs a running system; take this machine's
    if [[ -f /etc/ssl/certs/java/cacerts ]]; then
      cp /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/cacerts"
    fi
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$image" >&2
  rm -rf "$root"
}
build_base "$jre_image" openjdk-17-jre-headless,ca-certificates
build_base "$jdk_image" openjdk-17-jdk-headless,ca-certificates,curl

if ! docker image inspect "$java25_image" >/dev/null 2>&1; then
  java25_home=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1 || true)
  [[ -n "$java25_home" ]] || { echo "no Java 25 runtime under /usr/lib/jvm for $java25_image" >&2; exit 1; }
  echo "Building $java25_image from $java25_home" >&2
  printf 'FROM %s\nCOPY . /opt/java\nENV JAVA_HOME=/opt/java PATH=/opt/java/bin:%s\n' \
      "$jre_image" /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    | docker build --network host -q -t "$java25_image" -f - "$java25_home" >&2
fi

echo "$jdk_image $jre_image $java25_image"
