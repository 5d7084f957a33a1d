#!/usr/bin/env bash
# Regenerates test/data/golden/ from the shipped scenarios, for a model change that moves their
# results on purpose. Review the diff before committing it with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SATFLOW:-build/tools/satflow}
for name in minimal mm1 tandem korea-three-hub; do
  "$bin" run "configs/$name.yaml" --json "test/data/golden/$name.json" -q
done
# The --html page's chart specs, pretty-printed so that a diff shows what moved.
for name in minimal korea-three-hub; do
  "$bin" run "configs/$name.yaml" --html - -q |
    sed -n 's|^<script type="application/json" id="satflow-specs">\(.*\)</script>$|\1|p' |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () =>
               process.stdout.write(JSON.stringify(JSON.parse(s), null, 1) + "\n"))' >"test/data/golden/$name.charts.json"
done
git --no-pager diff --stat -- test/data/golden/ || true
