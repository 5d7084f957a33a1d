#!/usr/bin/env bash
# What the HTML report costs: page size, the time --html adds to a run, and the time headless
# Chromium takes to draw every chart, for the Korea baseline and the 100,000-satellite scenario.
# Usage: bench/html/run.sh [RUNS]  (from the repository root, after the release build; default 5 runs)
# Prints one line per figure with the median and the range over the runs.
set -euo pipefail
runs=${1:-5}
satflow=build/tools/satflow
out=build/bench-html
mkdir -p "$out"

# median and range of the numbers on standard input, one a line
stats() { sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2;
  printf "median %.3f s (%.3f-%.3f, %d runs)", m, v[1], v[NR], NR}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

# Chromium as the browser test starts it; succeeds only when the page drew every chart it expects.
draw() {
  local profile; profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --no-first-run --user-data-dir="$profile" --virtual-time-budget=10000 --dump-dom "file://$PWD/$1" \
    2>/dev/null | grep -Eq 'data-charts-expected="([0-9]+)" data-charts-rendered="\1"'
  local ok=$?; rm -rf "$profile"; return $ok
}

for scenario in configs/korea-three-hub.yaml bench/scenarios/scale-100k.yaml; do
  name=$(basename "$scenario" .yaml)
  page="$out/$name.html"
  "$satflow" run "$scenario" -q --html "$page"
  draw "$page" || { echo "$name: Chromium did not draw every chart" >&2; exit 1; }
  echo "$name: page $(stat -c %s "$page") bytes ($(gzip -c "$page" | wc -c) gzipped)"
  without=() with=() render=()
  for ((i = 0; i < runs; i++)); do # interleaved, so that drift hits all three alike
    without+=("$(seconds "$satflow" run "$scenario" -q)")
    with+=("$(seconds "$satflow" run "$scenario" -q --html "$page")")
    render+=("$(seconds draw "$page")")
  done
  echo "$name: run without --html $(printf '%s\n' "${without[@]}" | stats)"
  echo "$name: run with --html    $(printf '%s\n' "${with[@]}" | stats)"
  echo "$name: Chromium draws it  $(printf '%s\n' "${render[@]}" | stats) (start-up included)"
done
