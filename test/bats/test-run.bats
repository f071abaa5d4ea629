#!/usr/bin/env bats
# The frame every bats test runs in (setup_suite.bash, helpers.bash): a private home,
# `claude` only ever the stand-in, and a run that fails when a test leaves a process or a
# temp folder behind.

load helpers

FAKE_CLAUDE=$REPO/test/fake-claude/claude

# Run the fixture file test/bats/fixtures/$1.bats in a child bats with this suite's setup_suite.bash.
run_fixture() {
  run "$REPO/node_modules/bats/bin/bats" --setup-suite-file "$BATS_TEST_DIRNAME/setup_suite.bash" "$BATS_TEST_DIRNAME/fixtures/$1.bats"
}

@test "a test has its own HOME and XDG folders, never the real home" {
  [[ $HOME == "$TMP/home" && -d $HOME ]]
  [[ $HOME != "$(node -p 'require("node:os").userInfo().homedir')" ]]
  [[ $XDG_CONFIG_HOME == "$HOME/"* && $XDG_DATA_HOME == "$TMP/"* && $XDG_STATE_HOME == "$TMP/"* ]]
  [[ $TMPDIR == "$CLAUDE_SESSIONS_TEST_RUN/tmp" ]]
}

@test "claude is the stand-in, in the test and in what the tmux server runs" {
  [[ $(realpath "$(command -v claude)") == "$FAKE_CLAUDE" ]]
  t run-shell "{ command -v claude; printf '%s\\n' \"\$HOME\"; } > $(printf '%q' "$TMP/out")"
  [[ $(realpath "$(sed -n 1p "$TMP/out")") == "$FAKE_CLAUDE" ]]
  [[ $(sed -n 2p "$TMP/out") == "$HOME" ]]
}

@test "a run that leaves a temp folder, a process or a tmux server behind fails, naming each, and they are removed" {
  run_fixture leaky
  ((status != 0))
  [[ $output == *'ok 1 leaves things behind'* ]]
  [[ $output == *'not ok 2 teardown_suite'* ]]
  [[ $output == *'left behind: left in TMPDIR: leaked-folder.'* ]]
  [[ $output == *'left behind: left in TMPDIR: leaked-server.'* ]]
  [[ $output == *'left behind: process '*' still runs: sleep 1004'* ]]
  [[ $output == *'left behind: process '*' still runs: tmux -S '*'leaked-server.'*'new-session -d sleep 1005'* ]]
  ! ps -A -o args= | grep -q '^sleep 100[45]$'
}

@test "a run whose tests clean up passes" {
  run_fixture tidy
  ((status == 0))
  [[ $output == *'ok 1 cleans up'* && $output != *'left behind'* ]]
}
