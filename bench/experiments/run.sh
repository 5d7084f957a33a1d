#!/usr/bin/env bash
# What calibration and optimisation cost on two cores, each against the sweep runner on the same
# scenario, interleaved so that the machine's drift hits them alike. Each figure is a rate per
# second of wall time, median and range over the rounds.
#   - calibrate: the hindcast calibration (configs/calibrate/hindcast.yaml) at PARTICLES particles,
#     its first GENERATIONS generations; proposals/s against a sweep of the same hindcast's runs.
#   - optimize: the 2031 roadmap (configs/optimise/roadmap-2031.yaml) with a small population;
#     candidate runs/s against a sweep of the Korea baseline's runs, and candidates a minute. The
#     share of the optimiser's time outside simulations is 1 - (its runs/s) / (the sweep's runs/s).
# Usage: bench/experiments/run.sh [ROUNDS] [PARTICLES] [GENERATIONS]   (defaults 3, 100, 2;
#        from any directory, after the release build; needs python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
particles=${2:-100}
generations=${3:-2}
satflow=${SATFLOW:-build/tools/satflow}
work=$(mktemp -d)
# The specs at the benchmark's sizes, beside the shipped ones (their paths are relative).
calibration=configs/calibrate/.bench-hindcast.yaml
optimisation=configs/optimise/.bench-roadmap.yaml
trap 'rm -rf "$work" "$calibration" "$optimisation"' EXIT
sed -E -e "s/particles: *[0-9]+/particles: $particles/" -e "s/max_generations: *[0-9]+/max_generations: $generations/" \
  configs/calibrate/hindcast.yaml > "$calibration"
sed -E -e "s/population: *[0-9]+/population: 32/" -e "s/generations: *[0-9]+/generations: 2/" \
  -e "s/select: .*/select: {top: 2, replications: 5}/" configs/optimise/roadmap-2031.yaml > "$optimisation"

stats() { sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2;
  printf "median %.2f (%.2f-%.2f, %d rounds)", m, v[1], v[NR], NR}'; }
now() { date +%s.%N; }
rate() { python3 -c "print($1 / ($3 - $2))"; } # count, start, end
rows() { python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$@"; }

hindcast=() calibrate=() korea=() optimize=() candidates=()
for ((r = 0; r < rounds; r++)); do
  rm -f "$work"/*.sqlite*
  s=$(now); "$satflow" sweep bench/sweeps/hindcast-lhs.yaml --db "$work/h.sqlite" --jobs 2 -q >/dev/null; e=$(now)
  hindcast+=("$(rate 200 "$s" "$e")")
  s=$(now); "$satflow" calibrate "$calibration" --db "$work/c.sqlite" --jobs 2 -q >/dev/null; e=$(now)
  calibrate+=("$(rate "$(rows "$work/c.sqlite" "SELECT count(*) FROM proposals")" "$s" "$e")")
  s=$(now); "$satflow" sweep bench/sweeps/korea-1000.yaml --db "$work/k.sqlite" --jobs 2 -q >/dev/null; e=$(now)
  korea+=("$(rate 1000 "$s" "$e")")
  s=$(now); "$satflow" optimize "$optimisation" --db "$work/o.sqlite" --jobs 2 >/dev/null 2>&1; e=$(now)
  optimize+=("$(rate "$(rows "$work/o.sqlite" "SELECT count(*) FROM opt_runs")" "$s" "$e")")
  candidates+=("$(rate "60 * $(rows "$work/o.sqlite" "SELECT count(DISTINCT candidate) FROM opt_runs")" "$s" "$e")")
done
echo "sweep of the hindcast, runs/s:                $(printf '%s\n' "${hindcast[@]}" | stats)"
echo "calibrate, $particles particles x $generations generations, proposals/s: $(printf '%s\n' "${calibrate[@]}" | stats)"
echo "sweep of the Korea baseline, runs/s:          $(printf '%s\n' "${korea[@]}" | stats)"
echo "optimize roadmap-2031, runs/s:                $(printf '%s\n' "${optimize[@]}" | stats)"
echo "optimize roadmap-2031, candidates a minute:   $(printf '%s\n' "${candidates[@]}" | stats)"
