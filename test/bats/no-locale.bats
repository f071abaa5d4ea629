#!/usr/bin/env bats
# The shell side with no locale (env -i: no LANG, no LC_*). tmux prints what it deems
# unprintable (the entrypoint's \x1f separators, non-ASCII names and paths, the frame's
# glyphs) as `_` to a client that is not UTF-8. tmux 3.3a counts any client with TMUX set as
# UTF-8, so inside tmux these scripts work there by luck; a client that does not (scripts run
# outside tmux, and tmux versions without that rule) is emulated by a tmux on PATH that drops
# TMUX and names the private server itself. The scripts pass -u, which works for all.

load helpers

setup_file() {
  export SHIM=$REPO/scripts/claude-sessions
}

# A tmux first on PATH that does not know it runs inside tmux.
make_plain_tmux() {
  mkdir -p "$TMP/plain-tmux"
  write_script "$TMP/plain-tmux/tmux" "unset TMUX; exec $(printf '%q' "$REAL_TMUX") -S $(printf '%q' "$SOCK") \"\$@\""
}

# Run COMMAND... with no locale: PATH (the plain tmux first), HOME, TMUX and the run's marker only.
no_locale() {
  env -i PATH="$TMP/plain-tmux:$PATH" HOME="$HOME" TMUX="$(tmux_env_value)" \
    CLAUDE_SESSIONS_TEST_RUN="$CLAUDE_SESSIONS_TEST_RUN" "$@"
}

@test "with no locale the entrypoint reads the server's options: a chosen key, the status token" {
  make_plain_tmux
  t set -g @claude-sessions-key-sync F5
  t set -g status-right '#{claude_sessions_status} ünï'
  run no_locale bash "$REPO/claude-sessions.tmux"
  ((status == 0))
  [[ -z $output ]]
  [[ $(binding F5) == *synchronize-panes* ]]
  [[ $(binding S) != *synchronize-panes* ]]
  [[ $(t show-options -gv status-right) != *'#{claude_sessions_status}'* ]]
  [[ $(t show-options -gv status-right) == *' ünï' ]]
}

@test "with no locale the shim finds the node named by @claude-sessions-node under a non-ASCII path" {
  make_plain_tmux
  mkdir -p "$TMP/nöde"
  ln -s "$REAL_NODE" "$TMP/nöde/node"
  t set -g @claude-sessions-node "$TMP/nöde/node"
  run no_locale "$SHIM" --version
  ((status == 0))
  [[ $output =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]
}

@test "with no locale the switcher's first frame shows the glyphs and non-ASCII names" {
  make_plain_tmux
  new_session 'claude-dev-ünï ☕'
  t set-option -p -t '=claude-dev-ünï ☕:' @claude-state waiting
  local command
  command="exec env -i PATH=$(printf '%q' "$TMP/plain-tmux:$PATH") HOME=$(printf '%q' "$HOME") TMUX=\"\$TMUX\""
  command+=" CLAUDE_SESSIONS_TEST_RUN=$(printf '%q' "$CLAUDE_SESSIONS_TEST_RUN") CLAUDE_SESSIONS_FRAME_ONLY=1 $(printf '%q' "$SHIM") popup"
  t new-session -d -s frame -x 70 -y 12 "$command"
  frame() { t capture-pane -p -t '=frame:' | grep -F 'claude-dev-' || true; }
  wait_for_output frame >/dev/null
  [[ $(frame) == *'● '*'claude-dev-ünï ☕'* ]]
}
