# shellcheck shell=bash
# Shared setup for the bats tests: one private tmux server per test, helpers to load the
# plugin the way TPM does and to read back what tmux reports.

bats_require_minimum_version 1.5.0

REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
REAL_TMUX=$(command -v tmux)
REAL_NODE=$(command -v node)

setup() {
  # Unix socket paths must stay short (~100 chars): use BATS_TEST_TMPDIR only when it is.
  if ((${#BATS_TEST_TMPDIR} <= 60)); then
    TMP=$BATS_TEST_TMPDIR
    OWN_TMP=''
  else
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/cs-bats.XXXXXX")
    OWN_TMP=$TMP
  fi
  SOCK=$TMP/sock
  unset TMUX TMUX_PANE CLAUDE_SESSIONS_NODE
  # A private home per test, so the shim's node cache and the CLI's logs and saves stay
  # out of the real one (the server and its hooks inherit these). setup_suite.bash has
  # already put the stand-in first on PATH as `claude`.
  export HOME=$TMP/home
  export XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$TMP/cache XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data
  mkdir -p "$HOME"
  tmux -S "$SOCK" -f /dev/null new-session -d -s placeholder -x 120 -y 40
  tmux -S "$SOCK" set -g default-command sh
}

teardown() {
  stop_server "$SOCK"
  if [[ -n ${OWN_TMP:-} ]]; then rm -rf "$OWN_TMP"; fi
}

# Kill the tmux server on socket $1 and its run-shell jobs: hooks running the CLI outlive the
# server and would go on writing into $TMP. Its panes have a terminal, which closes with the
# server (whose exit takes ~1.4 s, not waited for).
stop_server() {
  local jobs
  jobs=$(server_jobs "$1")
  # shellcheck disable=SC2086 # one PID a word
  [[ -z $jobs ]] || kill -KILL $jobs 2>/dev/null || true
  tmux -S "$1" kill-server 2>/dev/null || true
  # shellcheck disable=SC2086
  wait_until 5 processes_gone $jobs || true
}

# The PIDs of the run-shell jobs of the server on socket $1 and of their children: the
# processes under it with no terminal (/proc/PID/stat field 7). Linux; elsewhere none.
server_jobs() {
  local pid task child stat queue=() children=() fields=()
  pid=$(tmux -S "$1" display-message -p '#{pid}' 2>/dev/null) || return 0
  queue=("$pid")
  while ((${#queue[@]} > 0)); do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    for task in /proc/"$pid"/task/*/children; do
      children=()
      read -r -a children 2>/dev/null <"$task" || true
      for child in "${children[@]}"; do
        read -r stat 2>/dev/null <"/proc/$child/stat" || continue
        read -r -a fields <<<"${stat##*) }"
        [[ ${fields[4]} == 0 ]] || continue
        printf '%s\n' "$child"
        queue+=("$child")
      done
    done
  done
}

# Succeeds when none of the PIDs given still runs (a zombie runs nothing: its parent, the
# dying server, reaps it only as it exits).
processes_gone() {
  local pid stat
  for pid; do
    read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
    stat=${stat##*) }
    [[ ${stat%% *} == Z ]] || return 1
  done
}

# tmux on the private server (-u: what it prints stays exact whatever the locale).
t() {
  tmux -u -S "$SOCK" "$@"
}

# Load the plugin as TPM does: run its .tmux file from inside tmux (so TMUX is set for it).
# $1: the plugin folder (default: this repository). The path is shell-quoted for run-shell.
# The entrypoint prints nothing and exits 0 when all is well; anything else fails the test
# (run-shell from a detached client shows no output, so it goes to a file).
load_plugin() {
  local dir=${1:-$REPO} log=$TMP/load.log status=0
  t run-shell "$(printf '%q' "$dir/claude-sessions.tmux") >$(printf '%q' "$log") 2>&1" || status=$?
  if ((status != 0)) || [[ -s $log ]]; then
    printf 'loading the plugin exited %s and printed:\n%s\n' "$status" "$(cat "$log")" >&2
    return 1
  fi
}

# Create a detached session. $1: name, $2: start folder (default: $TMP).
new_session() {
  t new-session -d -s "$1" -x 120 -y 40 -c "${2:-$TMP}"
}

# The entries of a global hook, one per line ("session-created[1] run-shell ...").
hook_entries() {
  t show-hooks -g "$1" | grep '\[' || true
}

# How many entries of a global hook are ours (their command names @claude-sessions-bin).
our_hook_count() {
  hook_entries "$1" | grep -c '@claude-sessions-bin' || true
}

# The command KEY runs in the prefix table, as list-keys shows it ('' when unbound).
binding() {
  local line
  line=$(t list-keys -T prefix "$1" 2>/dev/null) || { printf ''; return 0; }
  # "bind-key [-r] -T prefix KEY COMMAND...": drop everything up to the key.
  line=${line#bind-key}
  line=${line#"${line%%[! ]*}"}
  line=${line#-r }
  line=${line#"${line%%[! ]*}"}
  line=${line#-T prefix }
  line=${line#"${line%%[! ]*}"}
  line=${line#"$1"}
  printf '%s' "${line#"${line%%[! ]*}"}"
}

# What tmux shows for a format (or an option's value rendered as a format).
render() {
  t display-message -p "$1"
}

# A session option's value ('' when unset). $1: session name, $2: option.
session_option() {
  t show-options -t "=$1:" -qv "$2"
}

# Poll (at most ~5 s) until COMMAND... prints something non-empty; prints it.
wait_for_output() {
  local i out
  for ((i = 0; i < 50; i++)); do
    out=$("$@")
    if [[ -n $out ]]; then
      printf '%s' "$out"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Copy the tracked files of this repository (working-tree contents, modes kept, never
# node_modules) into $1, as a fresh clone would have them.
copy_plugin() {
  local dest=$1
  mkdir -p "$dest"
  (cd "$REPO" && git ls-files -z | grep -zv '^node_modules\(/\|$\)' | xargs -0 cp -p --parents -t "$dest")
}

# A folder holding symlinks to just the tools the shim needs (no node).
# $1: the folder to create.
make_tool_bin() {
  local dir=$1 tool path
  mkdir -p "$dir"
  for tool in sh tmux mkdir mv sed readlink cat dirname; do
    path=$(command -v "$tool") || continue
    ln -s "$path" "$dir/$tool"
  done
}

# Write an executable sh script $1 whose body is $2.
write_script() {
  printf '#!/bin/sh\n%s\n' "$2" >"$1"
  chmod +x "$1"
}

# The TMUX value a process inside the private server would see.
tmux_env_value() {
  t display-message -p '#{socket_path},#{pid},0'
}

# Poll (at most $1 seconds) until COMMAND... succeeds.
wait_until() {
  local i tries=$(($1 * 10))
  shift
  for ((i = 0; i < tries; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

# Attach a control-mode client to session $1: a real client, so detach-client fires the
# client-detached hook. Its input stays open (fd CLIENT_FD) until the test ends.
attach_client() {
  local fifo
  fifo=$(mktemp -u "$TMP/client.XXXXXX")
  mkfifo "$fifo"
  tmux -S "$SOCK" -C attach -t "=$1" <"$fifo" >/dev/null 2>&1 3>&- &
  exec {CLIENT_FD}>"$fifo"
  wait_until 5 has_client
}

# Succeeds when a client is attached to the server.
has_client() {
  [[ -n $(t list-clients) ]]
}

# The CLI's events.log for this test's server ('' while it does not exist).
events_log() {
  cat "$TMP/state/claude-sessions/events.log" 2>/dev/null || true
}

# A plugin folder $1 holding the real entrypoint and a stand-in CLI that appends its
# arguments, one call a line, to $2.
make_recording_plugin() {
  local dir=$1 calls=$2
  mkdir -p "$dir/scripts" "$dir/dist"
  cp "$REPO/claude-sessions.tmux" "$dir/"
  cp "$REPO/scripts/entrypoint-steps.sh" "$dir/scripts/"
  cp "$REPO/dist/options.sh" "$dir/dist/"
  write_script "$dir/scripts/claude-sessions" "printf '%s\\n' \"\$*\" >>$(printf '%q' "$calls")"
}
