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
  plugin_path_safe "$CURRENT_DIR" || return 0
  read_server_state || return 0
  find_peers "${CURRENT_DIR%/*}"
  set_cli_path "$CURRENT_DIR/scripts/claude-sessions"
  bind_table_keys
  set_switch_key "$CURRENT_DIR/scripts/claude-sessions"
  remember_bound_keys
  set_session_created_hook
  set_detach_save_hook
  set_layout_hooks
  set_agent_state_default
  schedule_autosave
  interpolate_status status-left
  interpolate_status status-right
  set_window_marker window-status-format
  set_window_marker window-status-current-format
  restore_on_server_start "$CURRENT_DIR/scripts/continuum-restore"
  apply_commands
}

main
