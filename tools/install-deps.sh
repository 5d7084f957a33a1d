#!/usr/bin/env bash
# Installs every Debian 12 package satflow needs to build, test and benchmark, then the chart
# libraries of the HTML report from the npm registry at the versions package-lock.json pins.
# Idempotent: packages already present are left alone, and npm ci runs only when the lock file
# changed since it last ran. Run as root (or through sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git valgrind
  python3 # tests read the CSVs back with its csv module and check the docs excerpts (tools/update_docs.py)
  libsimgrid-dev
  libboost-dev libboost-graph-dev libboost-math-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libsqlite3-dev
  libpagmo-dev # satflow optimize: GACO and NSGA-II
  libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format # CI checks the formatting of the tracked sources (.clang-format)
  clang-14 libclang-rt-14-dev # the fuzz preset: clang with libFuzzer (the asan preset uses GCC's own runtime)
  chromium
)
# Node and npm: Debian's, unless some node and npm are already installed (a newer Node from
# elsewhere brings its own npm, which Debian's npm package would conflict with).
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The chart libraries (vega, vega-lite, vega-embed) into node_modules/, which CMake embeds.
cd "$(dirname "$0")/.."
stamp=node_modules/.satflow-lock.sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ]; then
  echo "install-deps: node_modules matches package-lock.json"
else
  npm ci --no-audit --no-fund
  echo "$lock_sum" >"$stamp"
fi
