# shellcheck shell=bash
# The frame of a bats run (test/helpers/test-run.mjs): a private TMPDIR, HOME, XDG folders and
# tmux socket folder, `claude` on PATH only as the stand-in, and at the end a check that no
# process of the run still runs and its TMPDIR is empty; the run fails when one is not.
# First dist/ is built from src/ (test/helpers/build-dist.mjs): the tests run it.

TEST_RUN=$(cd "${BASH_SOURCE[0]%/*}/../helpers" && pwd)/test-run.mjs

setup_suite() {
  local changes
  node "${TEST_RUN%/*}/build-dist.mjs"
  changes=$(node "$TEST_RUN" start)
  eval "$changes"
}

teardown_suite() {
  node "$TEST_RUN" finish
}
