#!/usr/bin/env bash
# The bats suite (npm test, npm run test:bats): one file per core at a time when GNU parallel is
# installed (bats needs it for --jobs), else one test at a time. Safe in parallel: every test has
# its own tmux socket, TMPDIR and HOME (test/bats/helpers.bash). Files, not tests within a file:
# a file's tests share its setup_file, and running them apart measured slower here than serial.
# Arguments go to bats (default: test/bats, the whole suite).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=()
if parallel --version 2>/dev/null | grep -q '^GNU parallel'; then
  jobs=(--jobs "$(node -p 'require("node:os").availableParallelism()')" --no-parallelize-within-files)
fi
(($# > 0)) || set -- test/bats
exec node_modules/bats/bin/bats ${jobs[@]+"${jobs[@]}"} "$@"
