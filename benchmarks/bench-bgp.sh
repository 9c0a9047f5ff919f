#!/usr/bin/env bash
# Reproduces the BGP part 2 figures in one run and prints one table (receiver, routes, seconds,
# routes/s, peak MB, CPU s): the full-table ingest into Gingham, BIRD and GoBGP, fed by a Gingham
# feeder (pre-encoded UPDATEs replayed over TCP) with the generated 1M-prefix table, then a Gingham
# route reflector with 1,000 clients.
# Arguments go to dev.gingham.benchmarks.bgp.BgpBench (--table, --receivers, --clients, --timeout,
# --feeder replay|speaker: the replay of pre-encoded UPDATEs by default, or the live speaker).
# Needs bird2 and gobgpd (test.sh installs them). Builds the benchmarks jar if it is missing;
# never runs mvn install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
echo "uptime: $(uptime)"
java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.bgp.BgpBench "$@"
echo "uptime: $(uptime)"
