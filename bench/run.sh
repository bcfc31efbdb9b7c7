#!/usr/bin/env bash
# Runs every benchmark and writes bench/RESULTS.md. Needs wrk and PostgreSQL's server binaries (installed here from
# Debian's packages when missing); everything else is started and stopped by the benchmark itself, on loopback.
#   bench/run.sh            full run (dashboard at 10k, 100k and 1M transactions)
#   bench/run.sh --quick    dashboard at 10k and 100k only
#   bench/run.sh --sales    the sale benchmarks alone, printed and not written (for work on the sale path);
#                           add --sqlite or --postgres for one database only
#   BENCH_HOLD=/tmp/hold bench/run.sh --sales --postgres
#                           holds the warmed-up sale stack: /tmp/hold names the sale URL, a wrk script and
#                           transaction-service's pid, for perf or dotnet-trace; delete it to go on
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v wrk >/dev/null || need+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# dotnet-trace (the sale's profile) from the repository's tool manifest.
dotnet tool restore >/dev/null
dotnet build TokenPln.sln -c Release -nologo -v quiet
dotnet build bench/TokenPln.Bench -c Release -nologo -v quiet
dotnet bench/TokenPln.Bench/bin/Release/net10.0/TokenPln.Bench.dll run "$@"
