#!/usr/bin/env bash
# claude-sessions TPM entrypoint. Runs on every config load: reads the state it needs in one
# tmux call, then binds keys, registers hooks, keeps the autosave timer going, restores at
# server start, fills the status tokens and the window markers in one more.
# No Node here; safe to run any number of times.

case ${BASH_SOURCE[0]} in
  */*) CURRENT_DIR=${BASH_SOURCE[0]%/*} ;;
  *) CURRENT_DIR=. ;;
esac
[[ $CURRENT_DIR == /* ]] || CURRENT_DIR=$PWD/$CURRENT_DIR

# shellcheck source=dist/options.sh
source "$CURRENT_DIR/dist/options.sh"
# shellcheck source=scripts/entrypoint-steps.sh
source "$CURRENT_DIR/scripts/entrypoint-steps.sh"

main() {
  read_server_state || return 0
  set_cli_path "$CURRENT_DIR/scripts/claude-sessions"
  set_key_binding new "$CS_OPT_KEY_NEW" "$CS_DEFAULT_KEY_NEW" \
    'claude-sessions: open or create the workspace of a project (name or folder)' "$CS_STATE_PROMPT" \
    command-prompt -I '#{pane_current_path}' -p 'claude-sessions project (name or folder):' \
    "set-option -g $CS_STATE_PROMPT \"%%%\" ; run-shell -b \"#{q:$CS_STATE_BIN} new --client #{q:client_name} -- #{q:$CS_STATE_PROMPT}\""
  set_key_binding sync "$CS_OPT_KEY_SYNC" "$CS_DEFAULT_KEY_SYNC" \
    'claude-sessions: toggle synchronize-panes in this window' 'Sync #{?synchronize-panes,ON,OFF}' \
    set-window-option synchronize-panes ';' display-message 'Sync #{?synchronize-panes,ON,OFF}'
  set_key_binding git-status "$CS_OPT_KEY_GIT_STATUS" "$CS_DEFAULT_KEY_GIT_STATUS" \
    "claude-sessions: git status in this session's git pane" "$CS_STATE_BIN} git-status" \
    run-shell -b "#{q:$CS_STATE_BIN} git-status --display -t #{q:session_id}"
  set_key_binding save "$CS_OPT_KEY_SAVE" "$CS_DEFAULT_KEY_SAVE" \
    'claude-sessions: save every session now' "$CS_STATE_BIN} save" \
    run-shell -b "#{q:$CS_STATE_BIN} save --display"
  set_key_binding restore "$CS_OPT_KEY_RESTORE" "$CS_DEFAULT_KEY_RESTORE" \
    'claude-sessions: restore the last save' "$CS_STATE_BIN} restore" \
    run-shell -b "#{q:$CS_STATE_BIN} restore --display --client #{q:client_name}"
  set_key_binding next-waiting "$CS_OPT_KEY_NEXT_WAITING" "$CS_DEFAULT_KEY_NEXT_WAITING" \
    'claude-sessions: go to the next agent waiting for you' "$CS_STATE_BIN} next-waiting" \
    run-shell -b "#{q:$CS_STATE_BIN} next-waiting --display --client #{q:client_name}"
  set_key_binding worktree "$CS_OPT_KEY_WORKTREE" "$CS_DEFAULT_KEY_WORKTREE" \
    "claude-sessions: new git worktree of this pane's project, with a Claude window" "$CS_STATE_WORKTREE_PROMPT" \
    command-prompt -p 'worktree name:' \
    "set-option -g $CS_STATE_WORKTREE_PROMPT \"%%%\" ; run-shell -b \"#{q:$CS_STATE_BIN} worktree add --display --project #{q:pane_current_path} -- #{q:$CS_STATE_WORKTREE_PROMPT}\""
  set_switch_key "$CURRENT_DIR/scripts/claude-sessions"
  remember_bound_keys
  set_session_created_hook
  set_detach_save_hook
  schedule_autosave
  interpolate_status status-left
  interpolate_status status-right
  set_window_marker window-status-format
  set_window_marker window-status-current-format
  restore_on_server_start
  apply_commands
}

main
