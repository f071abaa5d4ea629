#!/usr/bin/env bats
# @claude-sessions-window-marker: a per-window agent marker at the end of window-status-format
# and window-status-current-format, added and taken out by the entrypoint.

load helpers

WAITING_MARKER=' #[fg=yellow,bold]●#[default]'
WORKING_MARKER=' #[fg=cyan]◐#[default]'

# The marker format as the build wrote it.
marker_format() {
  (source "$REPO/dist/options.sh" && printf '%s' "$CS_WINDOW_MARKER_FORMAT")
}

# How many times $2 occurs in $1.
occurrences() {
  local rest=$1 count=0
  while [[ $rest == *"$2"* ]]; do
    rest=${rest#*"$2"}
    count=$((count + 1))
  done
  printf '%s' "$count"
}

# A window's status entry, as the status line would draw it (styles shown as text).
window_status() {
  t display-message -p -t "$1" '#{E:window-status-format}'
}

# The id of the first pane of window $1.
first_pane() {
  t list-panes -t "$1" -F '#{pane_id}' | head -n 1
}

@test "on: both window formats end with the marker exactly once after two loads, with nothing that runs per redraw" {
  marker=$(marker_format)
  [[ $marker != *'#('* ]]
  t set -g @claude-sessions-window-marker on

  load_plugin
  load_plugin

  for option in window-status-format window-status-current-format; do
    value=$(t show-options -gv "$option")
    [[ $value == *"$marker" ]]
    [ "$(occurrences "$value" "$marker")" = 1 ]
  done
}

@test "on: a window shows the waiting glyph when an agent in one of its panes waits, the working glyph when one only works" {
  t set -g @claude-sessions-window-marker on
  load_plugin
  new_session claude-dev-w
  t new-window -d -t '=claude-dev-w:' -n busy
  t new-window -d -t '=claude-dev-w:' -n quiet
  t split-window -d -t '=claude-dev-w:busy'
  waiting_pane=$(t list-panes -t '=claude-dev-w:busy' -F '#{pane_id}' | tail -n 1)

  t set-option -p -t "$waiting_pane" @claude-state waiting
  t set-option -p -t "$(first_pane '=claude-dev-w:quiet')" @claude-state idle

  [[ $(window_status '=claude-dev-w:busy') == *"$WAITING_MARKER" ]]
  [[ $(window_status '=claude-dev-w:quiet') != *'●'* && $(window_status '=claude-dev-w:quiet') != *'◐'* ]]
  [[ $(window_status '=claude-dev-w:0') != *'●'* ]]

  # waiting wins over working in the same window; working alone gets the working glyph
  t set-option -p -t "$(first_pane '=claude-dev-w:busy')" @claude-state working
  [[ $(window_status '=claude-dev-w:busy') == *"$WAITING_MARKER" ]]
  t set-option -p -t "$waiting_pane" @claude-state idle
  [[ $(window_status '=claude-dev-w:busy') == *"$WORKING_MARKER" ]]
  [[ $(window_status '=claude-dev-w:busy') != *'●'* ]]
}

@test "the marker follows the waiting glyph and style options without a reload" {
  t set -g @claude-sessions-window-marker on
  load_plugin
  t set-option -p -t "$(first_pane '=placeholder:')" @claude-state waiting
  t set -g @claude-sessions-glyph-waiting '!'
  t set -g @claude-sessions-style-waiting 'fg=red,blink'

  [[ $(window_status '=placeholder:') == *' #[fg=red,blink]!#[default]' ]]
}

@test "off (the default) adds nothing" {
  before=$(t show-options -gv window-status-format)
  before_current=$(t show-options -gv window-status-current-format)

  load_plugin

  [ "$(t show-options -gv window-status-format)" = "$before" ]
  [ "$(t show-options -gv window-status-current-format)" = "$before_current" ]
}

@test "turning it off and reloading takes out the marker and nothing else" {
  before=$(t show-options -gv window-status-format)
  before_current=$(t show-options -gv window-status-current-format)
  t set -g @claude-sessions-window-marker on
  load_plugin
  [ "$(t show-options -gv window-status-format)" != "$before" ]

  t set -g @claude-sessions-window-marker off
  load_plugin

  [ "$(t show-options -gv window-status-format)" = "$before" ]
  [ "$(t show-options -gv window-status-current-format)" = "$before_current" ]
}

@test "a user's custom window format is kept: the marker goes after it, and off restores it exactly" {
  custom='#[fg=green]#I, ok;'
  t set -g window-status-format '#[fg=green]#I, ok\;'
  [ "$(t show-options -gv window-status-format)" = "$custom" ]
  t set -g window-status-current-format '[#I]'
  t set -g @claude-sessions-window-marker on

  load_plugin
  load_plugin

  [ "$(t show-options -gv window-status-format)" = "$custom$(marker_format)" ]
  [ "$(t show-options -gv window-status-current-format)" = "[#I]$(marker_format)" ]
  t set-option -p -t "$(first_pane '=placeholder:')" @claude-state waiting
  [ "$(window_status '=placeholder:')" = "#[fg=green]0, ok;$WAITING_MARKER" ]

  t set -g @claude-sessions-window-marker off
  load_plugin

  [ "$(t show-options -gv window-status-format)" = "$custom" ]
  [ "$(t show-options -gv window-status-current-format)" = '[#I]' ]
}
