#!/usr/bin/env bats
# scripts/try, the README's quick start: a sandbox per clone whose agents are the stand-in for
# Claude unless --real-claude asks for Claude Code, with its first save on show.

load helpers

# The helpers' per-test setup and teardown, kept under other names to be called from ours.
eval "helpers_setup() $(declare -f setup | tail -n +2)"
eval "helpers_teardown() $(declare -f teardown | tail -n +2)"

try_in() {
  local clone=$1
  shift
  TMPDIR=$TMP PATH="$TMP/paid-bin:$PATH" "$clone/scripts/try" "$@"
}

try_socket() {
  grep -o 'tmux -L claude-sessions-try-[0-9]*' <<<"$1" | head -1 | cut -d' ' -f3
}

sandbox_t() {
  tmux -L "$SANDBOX_SOCKET" "$@"
}

claude_typed() {
  [[ $(sandbox_t capture-pane -p -J -S - -t '=claude-dev-demo:0.0') == *'claude --session-id '* ]]
}

claude_pane_started() {
  [[ -e $TMP/paid-claude-ran || -n $(sandbox_t show-options -p -t '=claude-dev-demo:0.0' -qv @claude-state) ]]
}

# A `claude` first on PATH that only leaves a mark: it stands for the paid Claude Code.
setup() {
  helpers_setup
  SANDBOX_SOCKET='' OTHER_CLONE=''
  mkdir -p "$TMP/paid-bin"
  printf '#!/bin/sh\ntouch %q\nexec sleep 600\n' "$TMP/paid-claude-ran" >"$TMP/paid-bin/claude"
  chmod +x "$TMP/paid-bin/claude"
}

# Each sandbox's server stopped with its hook jobs, then its files removed by try --kill.
stop_sandbox() {
  local clone=$1 socket
  for socket in "$TMUX_TMPDIR"/tmux-"$(id -u)"/claude-sessions-try*; do
    [[ -S $socket ]] && stop_server "$socket"
  done
  try_in "$clone" --kill >/dev/null 2>&1 || true
}

teardown() {
  stop_sandbox "$REPO"
  [[ -z $OTHER_CLONE ]] || stop_sandbox "$OTHER_CLONE"
  helpers_teardown
}

@test "scripts/try starts the stand-in for Claude, never the claude on PATH, shows its first save and the project" {
  run -0 try_in "$REPO" --detach
  SANDBOX_SOCKET=$(try_socket "$output")
  [ -n "$SANDBOX_SOCKET" ]
  [[ $output == *'test/fake-claude stand-ins (no paid agent)'* ]]
  [[ $(sandbox_t show-options -gv @claude-sessions-claude-command) == *"$REPO/test/fake-claude/claude"* ]]
  wait_until 10 claude_pane_started
  [ ! -e "$TMP/paid-claude-ran" ]
  # the first save is there, and the status line says when it ran
  [ -n "$(sandbox_t show-options -gqv @claude-sessions-last-save)" ]
  [[ $(sandbox_t display-message -p -t '=claude-dev-demo:' '#{E:status-right}') == *'saved '[0-9]* ]]
  compgen -G "$TMP/claude-sessions-try-*/resurrect/tmux_resurrect_*.txt" >/dev/null
  # the project, not `[claude-de`
  [ "$(sandbox_t display-message -p -t '=claude-dev-demo:' '#{E:status-left}')" = '[demo] ' ]
  # the plugin's state stays in the sandbox
  [ ! -e "$XDG_STATE_HOME/claude-sessions/events.log" ] || ! grep -q demo "$XDG_STATE_HOME/claude-sessions/events.log"
}

@test "scripts/try --real-claude leaves the claude command alone, so the workspace starts Claude Code" {
  run -0 try_in "$REPO" --detach --real-claude
  SANDBOX_SOCKET=$(try_socket "$output")
  [[ $output == *'Claude Code (--real-claude)'* ]]
  [ "$(sandbox_t show-options -gqv @claude-sessions-claude-command)" = '' ]
  # (the pane's login shell has its own PATH, so what it finds as `claude` is not checked here)
  wait_until 15 claude_typed
}

@test "two clones get two sandboxes: their own socket and folders, stopped one at a time" {
  OTHER_CLONE=$TMP/other/claude-sessions
  copy_plugin "$OTHER_CLONE"
  run -0 try_in "$REPO" --detach
  SANDBOX_SOCKET=$(try_socket "$output")
  run -0 try_in "$OTHER_CLONE" --detach
  other_socket=$(try_socket "$output")
  [ -n "$other_socket" ] && [ "$other_socket" != "$SANDBOX_SOCKET" ]
  [ "$(compgen -G "$TMP/claude-sessions-try-*" | wc -l)" -eq 2 ]
  [[ $(tmux -L "$other_socket" show-options -gv @claude-sessions-claude-command) == *"$OTHER_CLONE/test/fake-claude/claude"* ]]

  try_in "$OTHER_CLONE" --kill
  ! tmux -L "$other_socket" has-session 2>/dev/null
  sandbox_t has-session -t '=claude-dev-demo:'
}
