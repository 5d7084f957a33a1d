#!/usr/bin/env bash
# What calibration and optimisation cost on two cores, each against the sweep runner on the same
# scenario, interleaved so that the machine's drift hits them alike. Each figure is a rate per
# second of wall time, median and range over the rounds.
#   - calibrate: the hindcast calibration (configs/calibrate/hindcast.yaml) at PARTICLES particles,
#     its first GENERATIONS generations; proposals/s against a sweep of the same hindcast's runs.
#   - optimize: the 2031 roadmap (configs/optimise/roadmap-2031.yaml), 2 generations of 32; its
#     runs/s beside a sweep of the Korea baseline's (a candidate's run is heavier than the baseline's:
#     more satellites), candidates a minute, and the time outside the simulations: the parent's own
#     CPU time (pagmo, loading candidates, forking, SQLite; with perf installed) against the wall
#     time and against the CPU time of every process.
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

hindcast=() calibrate=() korea=() optimize=() candidates=() outside_wall=() outside_cpu=()
parent_cpu=() # perf counts the optimiser's own process only (-i: not its children)
command -v perf >/dev/null && parent_cpu=(perf stat -i -x, -e task-clock -o "$work/parent.csv")
for ((r = 0; r < rounds; r++)); do
  rm -f "$work"/*.sqlite*
  s=$(now); "$satflow" sweep bench/sweeps/hindcast-lhs.yaml --db "$work/h.sqlite" --jobs 2 -q >/dev/null; e=$(now)
  hindcast+=("$(rate 200 "$s" "$e")")
  s=$(now); "$satflow" calibrate "$calibration" --db "$work/c.sqlite" --jobs 2 -q >/dev/null; e=$(now)
  calibrate+=("$(rate "$(rows "$work/c.sqlite" "SELECT count(*) FROM proposals")" "$s" "$e")")
  s=$(now); "$satflow" sweep bench/sweeps/korea-1000.yaml --db "$work/k.sqlite" --jobs 2 -q >/dev/null; e=$(now)
  korea+=("$(rate 1000 "$s" "$e")")
  s=$(now)
  cpu=$( (
    "${parent_cpu[@]}" "$satflow" optimize "$optimisation" --db "$work/o.sqlite" --jobs 2 >/dev/null 2>&1
    times
  ) | tail -1 | awk '{split($1, u, /[ms]/); split($2, y, /[ms]/); print u[1] * 60 + u[2] + y[1] * 60 + y[2]}')
  e=$(now)
  optimize+=("$(rate "$(rows "$work/o.sqlite" "SELECT count(*) FROM opt_runs")" "$s" "$e")")
  candidates+=("$(rate "60 * $(rows "$work/o.sqlite" "SELECT count(DISTINCT candidate) FROM opt_runs")" "$s" "$e")")
  if [ -s "$work/parent.csv" ]; then
    own=$(awk -F, '/task-clock/ {print $1 / 1000}' "$work/parent.csv")
    outside_wall+=("$(python3 -c "print(100 * $own / ($e - $s))")")
    outside_cpu+=("$(python3 -c "print(100 * $own / $cpu)")")
  fi
done
echo "sweep of the hindcast, runs/s:                $(printf '%s\n' "${hindcast[@]}" | stats)"
echo "calibrate, $particles particles x $generations generations, proposals/s: $(printf '%s\n' "${calibrate[@]}" | stats)"
echo "sweep of the Korea baseline, runs/s:          $(printf '%s\n' "${korea[@]}" | stats)"
echo "optimize roadmap-2031, runs/s:                $(printf '%s\n' "${optimize[@]}" | stats)"
echo "optimize roadmap-2031, candidates a minute:   $(printf '%s\n' "${candidates[@]}" | stats)"
if [ ${#outside_wall[@]} -gt 0 ]; then
  echo "optimize, parent's CPU over wall time, %:     $(printf '%s\n' "${outside_wall[@]}" | stats)"
  echo "optimize, parent's CPU over all CPU time, %:  $(printf '%s\n' "${outside_cpu[@]}" | stats)"
fi
