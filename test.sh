#!/usr/bin/env bash
# Installs the system packages the tests need (with apt, when root), then runs the whole suite.
# Extra arguments go to Maven, e.g. ./test.sh -pl core -am
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Real peers and tools the suite runs against, never mocks of them.
packages=(
  etcd-server                  # the etcd datastore's tests
  openssl                      # certificates for the etcd TLS tests, made at test time
  bird2 gobgpd exabgp frr      # BGP interop peers
  tshark                       # decodes captured BGP sessions for the codec's golden tests
  bgpdump                      # reads the MRT files Gingham writes
  nftables iproute2 iperf3     # the dataplane and its traffic tests
  containernetworking-plugins  # the reference CNI plugins, in /usr/lib/cni
  socat                        # the CNI launchers' delegate mode forwards over it
  zsh                          # the CLI's zsh completion runs in a real zsh
  iputils-ping                 # the node agent test measures pod-to-pod loss across an agent crash
)
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}" >&2
    # Packages such as bird2 start their daemons on install; the tests start their own.
    policy=/usr/sbin/policy-rc.d
    created_policy=false
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=true
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
    if $created_policy; then rm -f "$policy"; fi
  else
    echo "test.sh: missing packages: ${missing[*]} (run as root to install them with apt)" >&2
    if [ "${CI:-}" = "true" ]; then exit 1; fi
  fi
fi

exec mvn -B verify "$@"
