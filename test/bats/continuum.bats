#!/usr/bin/env bats
# claude-sessions beside the real tmux-continuum and tmux-resurrect (unmodified copies in
# ../shared/peers, see its README), loaded from a TPM-like plugins folder in either order:
# one autosave (ours; continuum's held off), one restore at server start, the keys left to
# tmux-resurrect, and continuum's status-right hook living with our status tokens.
# tmux-continuum acts only when it sees no other tmux server of the user, so the server runs
# in its own pid namespace (unshare), with a client attached in a terminal (script) so that
# the status line, which runs continuum's save check, is drawn.

load helpers

PEERS=''
for folder in "${CLAUDE_SESSIONS_PEERS:-}" "$REPO/../shared/peers" "$REPO/../../shared/peers"; do
  if [[ -n $folder && -f $folder/tmux-continuum/continuum.tmux && -f $folder/tmux-resurrect/resurrect.tmux ]]; then
    PEERS=$(cd "$folder" && pwd)
    break
  fi
done

STAND_PID=''

teardown() {
  if [[ -n $STAND_PID ]]; then
    kill -KILL "$STAND_PID" 2>/dev/null || true
    wait "$STAND_PID" 2>/dev/null || true
    exec {STAND_FD}>&-
  fi
  stop_server "$SOCK"
  if [[ -n ${OWN_TMP:-} ]]; then rm -rf "$OWN_TMP"; fi
}

needs_peers() {
  [[ -n $PEERS ]] || skip 'no tmux-resurrect and tmux-continuum in ../shared/peers; set CLAUDE_SESSIONS_PEERS'
}

needs_namespace() {
  unshare --pid --fork --kill-child --mount-proc true 2>/dev/null ||
    skip 'unshare --pid is not permitted here (tmux-continuum acts only in a pid namespace of its own)'
  command -v script >/dev/null || skip 'script (util-linux) is not installed'
}

# $TMP/plugins as TPM lays it out: this repository, tmux-continuum as it is, and
# tmux-resurrect whose save.sh and restore.sh are wrappers that note each run in
# $TMP/peer-calls and then run the real script.
make_plugins() {
  local plugins=$TMP/plugins entry name
  mkdir -p "$plugins/tmux-resurrect/scripts"
  ln -s "$REPO" "$plugins/claude-sessions"
  ln -s "$PEERS/tmux-continuum" "$plugins/tmux-continuum"
  for entry in "$PEERS"/tmux-resurrect/*; do
    [[ ${entry##*/} == scripts ]] || ln -s "$entry" "$plugins/tmux-resurrect/${entry##*/}"
  done
  for entry in "$PEERS"/tmux-resurrect/scripts/*; do
    name=${entry##*/}
    if [[ $name == save.sh || $name == restore.sh ]]; then
      printf '#!/usr/bin/env bash\necho %s >>%q\n%q "$@"\necho %s done >>%q\n' \
        "${name%.sh}" "$TMP/peer-calls" "$entry" "${name%.sh}" "$TMP/peer-calls" >"$plugins/tmux-resurrect/scripts/$name"
      chmod +x "$plugins/tmux-resurrect/scripts/$name"
    else
      ln -s "$entry" "$plugins/tmux-resurrect/scripts/$name"
    fi
  done
}

# $TMP/plugins.conf: options (each argument one line), then the plugins loaded in the order
# given (claude-sessions, tmux-resurrect, tmux-continuum), each as TPM runs it.
write_conf() {
  local line plugin
  {
    printf 'set -g default-command sh\nset -g status-interval 1\nset -g @resurrect-dir %q\n' "$TMP/saves"
    for line in "${CONF[@]}"; do printf '%s\n' "$line"; done
    for plugin; do
      case $plugin in
        claude-sessions) printf 'run-shell %q\n' "$TMP/plugins/claude-sessions/claude-sessions.tmux >>$TMP/load.log 2>&1" ;;
        tmux-resurrect) printf 'run-shell %q\n' "$TMP/plugins/tmux-resurrect/resurrect.tmux >/dev/null 2>&1" ;;
        tmux-continuum) printf 'run-shell %q\n' "$TMP/plugins/tmux-continuum/continuum.tmux >/dev/null 2>&1" ;;
      esac
    done
  } >"$TMP/plugins.conf"
}

# Start the server on $STAND with $TMP/tmux.conf (FIRST_CONF lines, then plugins.conf), in a
# pid namespace of its own, from a client attached in a terminal that stays open.
start_stand() {
  STAND=$TMP/stand
  { for line in "${FIRST_CONF[@]}"; do printf '%s\n' "$line"; done; printf 'source-file %q\n' "$TMP/plugins.conf"; } >"$TMP/tmux.conf"
  mkfifo "$TMP/stand-input"
  TERM=xterm unshare --pid --fork --kill-child --mount-proc \
    script -qfec "tmux -S $(printf '%q' "$STAND") -f $(printf '%q' "$TMP/tmux.conf") new-session -s first" /dev/null \
    <"$TMP/stand-input" >/dev/null 2>&1 3>&- &
  STAND_PID=$!
  # The terminal's input stays open (and empty) until the test ends.
  exec {STAND_FD}>"$TMP/stand-input"
  wait_until 20 stand_has first
}

# tmux on the stand.
s() {
  tmux -u -S "$STAND" "$@"
}

stand_has() {
  s has-session -t "=$1" 2>/dev/null
}

# Succeeds once events.log has a line for tick $1 of some chain.
tick_logged() {
  events_log | grep -q "autosave-tick [^ ]* $1:"
}

peer_calls() {
  cat "$TMP/peer-calls" 2>/dev/null || true
}

# ---------------------------------------------------------------- autosave

autosaves_once() {
  needs_peers
  needs_namespace
  make_plugins
  # Ours every 3 s; continuum's every minute, and (by its own last-save option) due at once.
  CONF=('set -g @claude-sessions-save-interval 0.05' 'set -g @continuum-save-interval 1' "set -g status-right '#{claude_sessions_status} %H:%M'")
  FIRST_CONF=('set -g @continuum-save-last-timestamp 1')
  write_conf "$@"
  start_stand

  wait_until 30 tick_logged 3
  s source-file "$TMP/plugins.conf"
  wait_until 30 tick_logged 5

  [ "$(peer_calls)" = '' ]
  [ "$(events_log | grep -c "autosave-tick [^ ]* [0-9]*: .*tmux-continuum's autosave skipped")" -ge 5 ]
  ticks=$(events_log | grep -o 'autosave-tick [^ ]* [0-9]*:')
  [ "$(sort <<<"$ticks" | uniq -d)" = '' ]
  [ "$(cut -d' ' -f2 <<<"$ticks" | sort -u | wc -l)" = 1 ]
  (($(s show-options -gv @continuum-save-last-timestamp) > $(date +%s)))
  [ ! -s "$TMP/load.log" ]
  # continuum's save check and our status token, each once, whichever loaded first
  status=$(s show-options -gv status-right)
  [ "$(grep -o 'continuum_save.sh)' <<<"$status" | wc -l)" = 1 ]
  [[ $status != *'#{claude_sessions_status}'* ]]
  [[ $status == *'%H:%M' ]]
  s display-message -p "$status" >/dev/null
}

@test "with tmux-continuum loaded after us, only our autosave runs, over ticks and a reload" {
  autosaves_once claude-sessions tmux-resurrect tmux-continuum
}

@test "with tmux-continuum loaded before us, only our autosave runs, over ticks and a reload" {
  autosaves_once tmux-resurrect tmux-continuum claude-sessions
}

# ---------------------------------------------------------------- restore at server start

# A save holding session "kept", made on the test's own server.
save_kept() {
  t set -g @resurrect-dir "$TMP/saves"
  new_session kept
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" save
}

# Succeeds once tmux-continuum's restore at server start has run its course.
continuum_restore_over() {
  ! pgrep -f "$TMP/plugins/tmux-continuum/scripts/continuum_restore.sh" >/dev/null
}

# Start the stand with tmux-continuum's restore on (ours unset) and a save holding "kept",
# the plugins loaded in the order given; wait until every restore that started is over.
start_restoring_stand() {
  needs_peers
  needs_namespace
  make_plugins
  save_kept
  CONF=('set -g @continuum-restore on')
  FIRST_CONF=()
  write_conf "$@"
  start_stand
  wait_until 20 continuum_restore_over
  if [[ $(s show-options -gqv @claude-sessions-start-restore) == claude-sessions ]]; then
    wait_until 30 bash -c "grep -q 'server-start restore:' $(printf '%q' "$TMP/state/claude-sessions/events.log")"
  fi
  if peer_calls | grep -qx restore; then wait_until 30 bash -c "grep -qx 'restore done' $(printf '%q' "$TMP/peer-calls")"; fi
}

# The server was restored once, by our restore, and tmux-resurrect's never ran.
restored_once_by_us() {
  [ "$(events_log | grep -c 'server-start restore:')" = 1 ]
  events_log | grep -q 'server-start restore: restored 2 sessions'
  [ "$(peer_calls)" = '' ]
  stand_has kept
  [ ! -s "$TMP/load.log" ]
}

@test "tmux-continuum's restore on, loaded before us: the server is restored once, by claude-sessions; continuum's skip is logged if it ran" {
  start_restoring_stand tmux-resurrect tmux-continuum claude-sessions

  restored_once_by_us
  [ "$(s show-options -gv @resurrect-restore-script-path)" = "$TMP/plugins/claude-sessions/scripts/continuum-restore" ]
  [ "$(events_log | grep -c "tmux-continuum's restore skipped" || true)" -le 1 ]
  run -0 "$REPO/scripts/claude-sessions" -S "$STAND" doctor
  [[ $output =~ start\ restore\ +claude-sessions,\ once\;\ tmux-continuum\'s\ restore\ skipped ]]
}

@test "tmux-continuum's restore on, loaded after us: the server is restored once, by claude-sessions" {
  start_restoring_stand claude-sessions tmux-resurrect tmux-continuum

  restored_once_by_us
  [ "$(s show-options -gv @continuum-restore)" = off ]
  s source-file "$TMP/plugins.conf"
  [ "$(s show-options -gv @continuum-restore)" = on ]
  [ "$(events_log | grep -c 'server-start restore:')" = 1 ]
}

@test "tmux-continuum listed first and tmux-resurrect after us: claude-sessions leaves the restore to continuum, at most one runs" {
  start_restoring_stand tmux-continuum claude-sessions tmux-resurrect

  [ "$(s show-options -gv @claude-sessions-start-restore)" = tmux-continuum ]
  [ "$(events_log | grep -c 'server-start restore:' || true)" = 0 ]
  [ "$(peer_calls | grep -cx restore || true)" -le 1 ]
  run -0 "$REPO/scripts/claude-sessions" -S "$STAND" doctor
  [[ $output == *"list tmux-continuum last"* ]]
}

# ---------------------------------------------------------------- keys

@test "tmux-resurrect installed beside us and loaded after us keeps C-s and C-r; @claude-sessions-bound-keys lists neither" {
  needs_peers
  make_plugins
  load_plugin "$TMP/plugins/claude-sessions"
  t run-shell "$(printf '%q' "$TMP/plugins/tmux-resurrect/resurrect.tmux")"

  [[ $(binding C-s) == *tmux-resurrect/scripts/save.sh* ]]
  [[ $(binding C-r) == *tmux-resurrect/scripts/restore.sh* ]]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N sync=S git-status=g next-waiting=W worktree=T switch=C-e' ]
}

@test "with tmux-resurrect beside us, @claude-sessions-key-save C-s still takes the key and lists it" {
  needs_peers
  make_plugins
  t set -g @claude-sessions-key-save C-s
  t run-shell "$(printf '%q' "$TMP/plugins/tmux-resurrect/resurrect.tmux")"
  load_plugin "$TMP/plugins/claude-sessions"

  [[ $(binding C-s) == *'@claude-sessions-bin} save'* ]]
  [[ $(t show-options -gv @claude-sessions-bound-keys) == *save=C-s* ]]
  [[ $(t show-options -gv @claude-sessions-bound-keys) != *restore=* ]]
}

# ---------------------------------------------------------------- tmux-continuum's options

@test "@continuum-save-interval is the autosave interval while @claude-sessions-save-interval is unset; ours wins when set" {
  t set -g @continuum-save-interval 7
  load_plugin
  read -r _ minutes _ <<<"$(t show-options -gv @claude-sessions-autosave-timer)"
  [ "$minutes" = 7 ]

  t set -g @claude-sessions-save-interval 3
  load_plugin
  read -r _ minutes _ <<<"$(t show-options -gv @claude-sessions-autosave-timer)"
  [ "$minutes" = 3 ]

  t set -g @claude-sessions-save-interval 5
  t set -g @continuum-save-interval 0
  load_plugin
  read -r _ minutes _ <<<"$(t show-options -gv @claude-sessions-autosave-timer)"
  [ "$minutes" = 5 ]

  t set -gu @claude-sessions-save-interval
  load_plugin
  [ "$(t show-options -gqv @claude-sessions-autosave-timer)" = '' ]
}

@test "@continuum-restore on restores at server start while @claude-sessions-restore is unset" {
  make_recording_plugin "$TMP/plugin" "$TMP/calls"
  t set -g @continuum-restore on

  load_plugin "$TMP/plugin"

  wait_until 5 grep -qx 'restore --auto --display' "$TMP/calls"
}

@test "@claude-sessions-restore off wins over @continuum-restore on" {
  make_recording_plugin "$TMP/plugin" "$TMP/calls"
  t set -g @continuum-restore on
  t set -g @claude-sessions-restore off

  load_plugin "$TMP/plugin"

  t run-shell -b '#{q:@claude-sessions-bin} marker'
  wait_until 5 grep -qx marker "$TMP/calls"
  [ "$(grep -c restore "$TMP/calls" || true)" = 0 ]
  [ "$(t show-options -gv @continuum-restore)" = on ]
}

@test "a restore at server start that finds nothing to restore says why in events.log" {
  t set -g @resurrect-dir "$TMP/empty-saves"

  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" restore --auto --display

  [ "$output" = '' ]
  events_log | grep -q 'server-start restore: skipped: '
}

@test "the script tmux-continuum runs in place of tmux-resurrect's restore.sh restores nothing and logs the skip" {
  t set -g @resurrect-dir "$TMP/saves"
  new_session kept
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" save
  t kill-session -t '=kept'

  TMUX=$(tmux_env_value) run -0 "$REPO/scripts/continuum-restore"

  ! t has-session -t '=kept'
  events_log | grep -q "tmux-continuum's restore skipped: claude-sessions restores at server start"
}
