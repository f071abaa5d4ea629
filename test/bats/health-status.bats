#!/usr/bin/env bats
# #{claude_sessions_health} in the status line: the entrypoint replaces it by a pure tmux
# format reading @claude-sessions-health (which `health --update-status` writes), once.

load helpers

@test "status-right: the health token becomes a pure format showing the stored summary in the health style" {
  t set -g status-right 'R #{claude_sessions_health}|'

  load_plugin

  value=$(t show-options -gv status-right)
  [[ $value != *'#('* && $value != *claude_sessions_health* ]]
  [[ $value == *'@claude-sessions-health'* ]]
  # nothing stored: all is well, the part renders empty
  [ "$(render '#{E:status-right}')" = 'R |' ]
  t set -g @claude-sessions-health '⚠ 2'
  [ "$(render '#{E:status-right}')" = 'R #[fg=yellow]⚠ 2#[default]|' ]
  # the style is read live
  t set -g @claude-sessions-style-health 'fg=red,bold'
  [ "$(render '#{E:status-right}')" = 'R #[fg=red,bold]⚠ 2#[default]|' ]
}

@test "reloading leaves the interpolated health token as it is, next to the other tokens" {
  t set -g status-right '#{claude_sessions_status} #{claude_sessions_health} #{claude_sessions_last_save}'
  t set -g status-left 'L #{claude_sessions_health}'
  load_plugin
  right=$(t show-options -gv status-right)
  left=$(t show-options -gv status-left)
  [[ $right != *claude_sessions_* && $left != *claude_sessions_* ]]

  load_plugin

  [ "$(t show-options -gv status-right)" = "$right" ]
  [ "$(t show-options -gv status-left)" = "$left" ]
}

@test "health --update-status stores the summary the token shows, and clears it when all is well" {
  t set -g status-right '#{claude_sessions_health}'
  # made before the plugin loads, so no session-created hook refreshes the summary meanwhile
  new_session claude-dev-one
  load_plugin
  t set -g @claude-sessions-max-sessions 0

  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" health --update-status
  [ "$output" = '' ]
  [ "$(t show-options -gqv @claude-sessions-health)" = '⚠ 1' ]
  [ "$(render '#{E:status-right}')" = '#[fg=yellow]⚠ 1#[default]' ]

  t set -gu @claude-sessions-max-sessions
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" health --update-status
  [ "$(render '#{E:status-right}')" = '' ]
}

@test "status-left: #{claude_sessions_project} shows the project without the prefix, whole names for other sessions" {
  t set -g status-left '[#{claude_sessions_project}] '
  new_session claude-dev-a-long-project-name
  new_session 'claude-dev-café🎉'
  new_session scratch

  load_plugin

  [[ $(t show-options -gv status-left) != *claude_sessions_project* ]]
  [ "$(t display-message -p -t '=claude-dev-a-long-project-name:' '#{E:status-left}')" = '[a-long-project-name] ' ]
  [ "$(t display-message -p -t '=claude-dev-café🎉:' '#{E:status-left}')" = '[café🎉] ' ]
  [ "$(t display-message -p -t '=scratch:' '#{E:status-left}')" = '[scratch] ' ]
  # the prefix is read live
  t set -g @claude-sessions-prefix 'ws-'
  new_session ws-web
  [ "$(t display-message -p -t '=ws-web:' '#{E:status-left}')" = '[web] ' ]
  [ "$(t display-message -p -t '=claude-dev-a-long-project-name:' '#{E:status-left}')" = '[claude-dev-a-long-project-name] ' ]
}

@test "the health token refreshes when a workspace is killed, when cleanup runs and when health runs" {
  t set -g status-right '#{claude_sessions_health}'
  mkdir -p "$TMP/projects/gone" "$TMP/projects/stale"
  new_session claude-dev-gone "$TMP/projects/gone"
  t set-option -t '=claude-dev-gone:' @claude-sessions-project-dir "$TMP/projects/gone"
  new_session claude-dev-stale "$TMP/projects/stale"
  t set-option -t '=claude-dev-stale:' @claude-sessions-project-dir "$TMP/projects/stale"
  load_plugin
  rm -rf "$TMP/projects/gone" "$TMP/projects/stale"
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" health --update-status
  [ "$(t show-options -gqv @claude-sessions-health)" = '⚠ 2' ]

  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" kill gone
  [ "$(t show-options -gqv @claude-sessions-health)" = '⚠ 1' ]

  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" cleanup --older-than 0s --force
  [[ $output == *claude-dev-stale* ]]
  [ "$(t show-options -gqv @claude-sessions-health)" = '' ]

  # a stale summary (from before a change the plugin did not see) is put right by `health`
  t set -g @claude-sessions-health '⚠ 9'
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" health
  [ "$(t show-options -gqv @claude-sessions-health)" = '' ]
}
