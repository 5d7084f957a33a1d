#!/usr/bin/env bash
# Regenerates test/data/golden/ from the shipped scenarios, for a model change that moves their
# results on purpose. Review the diff before committing it with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SATFLOW:-build/tools/satflow}
for name in minimal mm1 tandem korea-three-hub; do
  "$bin" run "configs/$name.yaml" --json "test/data/golden/$name.json" -q
done
git --no-pager diff --stat -- test/data/golden/ || true
