#!/usr/bin/env bats
# What claude-sessions.tmux sets up for saving and restoring: the save and restore keys
# (tmux-resurrect keeps its own), the save after a detach, the autosave timer chain,
# the restore at server start and the last-save status token.

load helpers

SAVE_COMMAND='run-shell -b "#{q:@claude-sessions-bin} save --display"'
RESTORE_COMMAND='run-shell -b "#{q:@claude-sessions-bin} restore --display --client #{q:client_name}"'
TIMER=@claude-sessions-autosave-timer

# Succeeds once events.log has a line for tick $1 of some chain.
tick_logged() {
  events_log | grep -q "autosave-tick [^ ]* $1:"
}

# Succeeds when the global option $1 holds $2.
option_is() {
  [[ $(t show-options -gqv "$1") == "$2" ]]
}

# ---------------------------------------------------------------- keys

@test "prefix C-s saves and prefix C-r restores, with notes" {
  load_plugin

  [ "$(binding C-s)" = "$SAVE_COMMAND" ]
  [ "$(binding C-r)" = "$RESTORE_COMMAND" ]
  run -0 t list-keys -N -T prefix
  [[ $output =~ (^|$'\n')C-s\ +claude-sessions:\ save\ every\ session ]]
  [[ $output =~ (^|$'\n')C-r\ +claude-sessions:\ restore\ the\ last\ save ]]
}

@test "tmux-resurrect's C-s and C-r, bound before the plugin loads, stay tmux-resurrect's" {
  t bind-key C-s run-shell /some/resurrect/scripts/save.sh
  t bind-key C-r run-shell /some/resurrect/scripts/restore.sh

  load_plugin
  load_plugin

  [ "$(binding C-s)" = 'run-shell /some/resurrect/scripts/save.sh' ]
  [ "$(binding C-r)" = 'run-shell /some/resurrect/scripts/restore.sh' ]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N sync=S git-status=g next-waiting=W worktree=T switch=C-e' ]
}

@test "@claude-sessions-key-save C-s and -key-restore C-r take the keys from tmux-resurrect" {
  t bind-key C-s run-shell /some/resurrect/scripts/save.sh
  t bind-key C-r run-shell /some/resurrect/scripts/restore.sh
  t set -g @claude-sessions-key-save C-s
  t set -g @claude-sessions-key-restore C-r

  load_plugin

  [ "$(binding C-s)" = "$SAVE_COMMAND" ]
  [ "$(binding C-r)" = "$RESTORE_COMMAND" ]
}

# ---------------------------------------------------------------- hooks

@test "the session-created hook leaves alone the sessions a restore builds" {
  project=$(mkdir -p "$TMP/project" && cd "$TMP/project" && pwd -P)
  load_plugin
  hook_entries session-created | grep -F '#{?#{@claude-sessions-restoring},0,1}'

  t set -g @claude-sessions-restoring "$$ $(date +%s)"
  new_session claude-dev-restored "$project"
  t set -gu @claude-sessions-restoring
  new_session claude-dev-made "$project"

  run -0 wait_for_output session_option claude-dev-made @claude-sessions-project-dir
  [ "$output" = "$project" ]
  [ "$(session_option claude-dev-restored @claude-sessions-project-dir)" = '' ]
}

@test "a client detaching saves the server shortly after; every detach counts, from unset" {
  t set -g @resurrect-dir "$TMP/saves"
  load_plugin
  [ "$(t show-options -gqv @claude-sessions-detach-seq)" = '' ]
  attach_client placeholder

  t detach-client -s placeholder

  wait_until 5 option_is @claude-sessions-detach-seq 1
  # the delayed save ran with the counter's value: it saves only when that is still current
  wait_until 15 test -L "$TMP/saves/last"
  attach_client placeholder
  t detach-client -s placeholder
  wait_until 5 option_is @claude-sessions-detach-seq 2
}

# ---------------------------------------------------------------- autosave timer

@test "however often the config is re-sourced, one autosave timer chain ticks" {
  t set -g @resurrect-dir "$TMP/saves"
  t set -g @claude-sessions-save-interval 0.02
  load_plugin
  load_plugin
  run -0 t show-options -gv "$TIMER"
  id=${output%% *}

  load_plugin
  wait_until 20 tick_logged 2
  load_plugin
  load_plugin
  wait_until 20 tick_logged 4

  run -0 t show-options -gv "$TIMER"
  [ "${output%% *}" = "$id" ]
  ticks=$(events_log | grep -o 'autosave-tick [^ ]* [0-9]*:')
  # only the first chain ever ran, and each of its ticks once
  [ "$(grep -c . <<<"$ticks")" -ge 4 ]
  [ "$(grep -vc "^autosave-tick $id " <<<"$ticks")" = 0 ]
  [ "$(sort <<<"$ticks" | uniq -d)" = '' ]
  [ -L "$TMP/saves/last" ]
}

@test "interval 0 stops the running chain" {
  t set -g @resurrect-dir "$TMP/saves"
  t set -g @claude-sessions-save-interval 0.02
  load_plugin
  wait_until 20 tick_logged 1
  t set -g @claude-sessions-save-interval 0

  load_plugin

  [ "$(t show-options -gqv "$TIMER")" = '' ]
  wait_until 20 bash -c "grep -q 'stopped, not the live chain' $(printf '%q' "$TMP/state/claude-sessions/events.log")"
}

@test "a live chain with the same interval is kept; a changed interval or a long overdue tick starts a new one" {
  now=$(date +%s)
  t set -g "$TIMER" "alive 15 $((now + 600))"
  load_plugin
  [ "$(t show-options -gv "$TIMER")" = "alive 15 $((now + 600))" ]

  t set -g @claude-sessions-save-interval 30
  load_plugin
  read -r id minutes due <<<"$(t show-options -gv "$TIMER")"
  [ "$id" != alive ]
  [ "$minutes" = 30 ]
  ((due >= now + 1800))

  t set -g "$TIMER" "dead 30 $((now - 120))"
  load_plugin
  read -r id minutes due <<<"$(t show-options -gv "$TIMER")"
  [ "$id" != dead ]
  [ "$minutes" = 30 ]
}

@test "an interval that is not a number means the default; 0 starts no chain" {
  t set -g @claude-sessions-save-interval soon
  load_plugin
  read -r id minutes due <<<"$(t show-options -gv "$TIMER")"
  [ "$minutes" = 15 ]

  t set -g @claude-sessions-save-interval 0
  load_plugin
  [ "$(t show-options -gqv "$TIMER")" = '' ]
}

# ---------------------------------------------------------------- restore at server start

@test "the first load into a server runs restore --auto when @claude-sessions-restore is on; a reload does not" {
  make_recording_plugin "$TMP/plugin" "$TMP/calls"
  t set -g @claude-sessions-restore on

  load_plugin "$TMP/plugin"
  load_plugin "$TMP/plugin"

  # Background jobs run side by side: wait for the restore, then for a job started after it,
  # so that a second restore from the reload (started with the first) has been recorded too.
  wait_until 5 grep -qx 'restore --auto --display' "$TMP/calls"
  t run-shell -b '#{q:@claude-sessions-bin} marker'
  wait_until 5 grep -qx marker "$TMP/calls"
  [ "$(grep -c restore "$TMP/calls")" = 1 ]
}

@test "with @claude-sessions-restore off nothing is restored, nor after turning it on and reloading" {
  make_recording_plugin "$TMP/plugin" "$TMP/calls"

  load_plugin "$TMP/plugin"
  t set -g @claude-sessions-restore on
  load_plugin "$TMP/plugin"

  t run-shell -b '#{q:@claude-sessions-bin} marker'
  wait_until 5 grep -qx marker "$TMP/calls"
  [ "$(grep -c restore "$TMP/calls" || true)" = 0 ]
}

@test "with @claude-sessions-restore on, the first load brings back the saved sessions" {
  t set -g @resurrect-dir "$TMP/saves"
  new_session kept
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" save
  t kill-session -t '=kept'
  t set -g @claude-sessions-restore on

  load_plugin

  wait_until 20 t has-session -t '=kept'
}

# ---------------------------------------------------------------- status line

@test "#{claude_sessions_last_save} becomes the time of the last save, read from an option" {
  t set -g @resurrect-dir "$TMP/saves"
  t set -g status-right 'saved #{claude_sessions_last_save}|#{claude_sessions_status}'
  t set -g status-left '<#{claude_sessions_last_save}>'

  load_plugin

  right=$(t show-options -gv status-right)
  [[ $right != *'#('* && $right != *claude_sessions_* ]]
  [ "$(t show-options -gv status-left)" = '<#{@claude-sessions-last-save}>' ]
  [ "$(render '#{E:status-right}')" = 'saved |' ]
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" save
  [[ $(render '#{E:status-right}') =~ ^saved\ [0-9]{2}:[0-9]{2}\|$ ]]
  [[ $(render '#{E:status-left}') =~ ^\<[0-9]{2}:[0-9]{2}\>$ ]]
}
