#!/usr/bin/env bats
# claude-sessions.tmux, the TPM entrypoint: hooks, keys, status interpolation, and loading
# from odd places. Every test runs against its own tmux server (see helpers.bash).

load helpers

SYNC_COMMAND='set-window-option synchronize-panes \; display-message "Sync #{?synchronize-panes,ON,OFF}"'
GIT_STATUS_COMMAND='run-shell -b "#{q:@claude-sessions-bin} git-status --display --client #{q:client_name} -t #{q:session_id}"'

# ---------------------------------------------------------------- agent state default

@test "@claude-state is '' in the global window options after a load; a pane's own state still wins, also after it is unset" {
  run -1 t show-options -gw @claude-state
  [ "$output" = 'invalid option: @claude-state' ]

  load_plugin

  run -0 t show-options -gw @claude-state
  [ "$output" = "@claude-state ''" ]
  pane=$(t display-message -p -t '=placeholder:' '#{pane_id}')
  [ "$(t display-message -p -t "$pane" '[#{@claude-state}] #{?@claude-state,set,empty}')" = '[] empty' ]
  t set-option -p -t "$pane" @claude-state waiting
  [ "$(t display-message -p -t "$pane" '#{@claude-state}')" = waiting ]
  # the pane's own options hold only what the hook set
  [ "$(t show-options -p -t "$pane")" = '@claude-state waiting' ]
  t set-option -p -u -t "$pane" @claude-state
  [ "$(t display-message -p -t "$pane" '[#{@claude-state}]')" = '[]' ]
  load_plugin
  [ "$(t show-options -gw @claude-state)" = "@claude-state ''" ]
}

# ---------------------------------------------------------------- hooks

@test "loading twice keeps exactly one hook entry of ours and leaves other entries where they were" {
  t set-hook -g 'session-created[0]' 'display-message other'
  t set-hook -g 'client-detached[3]' 'display-message other-detached'

  load_plugin
  load_plugin

  [ "$(our_hook_count session-created)" = 1 ]
  [ "$(our_hook_count client-detached)" = 1 ]
  run -0 t show-hooks -g 'session-created[0]'
  [ "$output" = 'session-created[0] display-message other' ]
  run -0 t show-hooks -g 'client-detached[3]'
  [ "$output" = 'client-detached[3] display-message other-detached' ]
  # ours call the CLI with the hook's session
  hook_entries session-created | grep -F '#{q:@claude-sessions-bin} event session-created #{q:hook_session}'
  hook_entries client-detached | grep -F '#{q:@claude-sessions-bin} event client-detached #{q:hook_session}'
}

@test "a load removes duplicate hook entries of ours, keeping one" {
  t set-hook -g 'session-created[1]' "run-shell -b '#{q:@claude-sessions-bin} event session-created #{q:hook_session}'"
  t set-hook -g 'session-created[4]' "run-shell -b '#{q:@claude-sessions-bin} event session-created #{q:hook_session}'"
  [ "$(our_hook_count session-created)" = 2 ]

  load_plugin

  [ "$(our_hook_count session-created)" = 1 ]
  [ "$(hook_entries session-created | wc -l)" -eq 1 ]
  [ "$(our_hook_count client-detached)" = 1 ]
}

@test "the layout-count hooks: one entry of ours after other entries, kept across loads, idle while a restore runs; the epoch moves only when one was missing" {
  t set-hook -g 'window-layout-changed[0]' 'display-message other-layout'
  t set-hook -g 'window-pane-changed[2]' 'display-message other-pane'

  load_plugin
  load_plugin

  for hook in window-layout-changed window-pane-changed; do
    [ "$(hook_entries "$hook" | grep -c '@claude-sessions-layouts')" = 1 ]
  done
  run -0 t show-hooks -g 'window-layout-changed[0]'
  [ "$output" = 'window-layout-changed[0] display-message other-layout' ]
  run -0 t show-hooks -g 'window-pane-changed[2]'
  [ "$output" = 'window-pane-changed[2] display-message other-pane' ]
  hook_entries window-layout-changed | grep -F "window-layout-changed[1] if-shell -F \"#{@claude-sessions-restoring}\" '' \"set-option -wF @claude-sessions-layouts '#{e|+:#{@claude-sessions-layouts},1}'\""
  [ "$(t show-options -gv @claude-sessions-layout-epoch)" = 1 ]

  # Counted per window: a split counts in its window only.
  t new-window -d -t "=placeholder:"
  t split-window -d -t "=placeholder:0"
  [ "$(t display-message -p -t "=placeholder:0" '#{@claude-sessions-layouts}')" = 1 ]
  [ -z "$(t display-message -p -t "=placeholder:1" '#{@claude-sessions-layouts}')" ]

  # Not counted while a restore builds windows (it moves the epoch on when it ends).
  t set -g @claude-sessions-restoring 1
  t split-window -d -t "=placeholder:1"
  t set -gu @claude-sessions-restoring
  [ -z "$(t display-message -p -t "=placeholder:1" '#{@claude-sessions-layouts}')" ]
  [ "$(t display-message -p -t "=placeholder:0" '#{@claude-sessions-layouts}')" = 1 ]

  # Cleared by a configuration loaded after ours: the next load puts ours back and moves the epoch on.
  t set-hook -gu window-pane-changed
  load_plugin
  [ "$(hook_entries window-pane-changed | grep -c '@claude-sessions-layouts')" = 1 ]
  [ "$(t show-options -gv @claude-sessions-layout-epoch)" = 2 ]
}

# ---------------------------------------------------------------- keys

@test "default keys: prefix S toggles synchronize-panes and prefix g runs git-status, with notes" {
  load_plugin

  [ "$(binding S)" = "$SYNC_COMMAND" ]
  [ "$(binding g)" = "$GIT_STATUS_COMMAND" ]
  run -0 t list-keys -N -T prefix
  [[ $output =~ (^|$'\n')S\ +claude-sessions:\ toggle\ synchronize-panes ]]
  [[ $output =~ (^|$'\n')g\ +claude-sessions:\ git\ status ]]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N sync=S git-status=g save=C-s restore=C-r next-waiting=W worktree=T switch=C-e' ]
}

@test "a default key the user bound before loading is left alone; the other default is still bound" {
  t bind-key S display-message mine

  load_plugin

  [ "$(binding S)" = 'display-message mine' ]
  [ "$(binding g)" = "$GIT_STATUS_COMMAND" ]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N git-status=g save=C-s restore=C-r next-waiting=W worktree=T switch=C-e' ]
}

# The user adds `bind S ...` to tmux.conf and reloads: their binding runs first, then the
# plugin's load must not take S back.
@test "reloading after the user took a default key we had bound leaves the user's binding" {
  load_plugin
  [ "$(binding S)" = "$SYNC_COMMAND" ]
  t bind-key S display-message mine

  load_plugin

  [ "$(binding S)" = 'display-message mine' ]
}

@test "@claude-sessions-key-sync picks another key; the default key is then not bound by us" {
  t set -g @claude-sessions-key-sync F

  load_plugin

  [ "$(binding F)" = "$SYNC_COMMAND" ]
  [ "$(binding S)" = '' ]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N sync=F git-status=g save=C-s restore=C-r next-waiting=W worktree=T switch=C-e' ]
}

@test "an explicitly chosen key is bound even when the user had bound it (the user asked for it)" {
  t bind-key F display-message mine
  t set -g @claude-sessions-key-sync F

  load_plugin

  [ "$(binding F)" = "$SYNC_COMMAND" ]
}

@test "a key option set to none binds nothing for that action" {
  t set -g @claude-sessions-key-git-status none

  load_plugin

  [ "$(binding g)" = '' ]
  [ "$(binding S)" = "$SYNC_COMMAND" ]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N sync=S save=C-s restore=C-r next-waiting=W worktree=T switch=C-e' ]
}

@test "none unbinds the key an earlier load bound" {
  load_plugin
  [ "$(binding g)" = "$GIT_STATUS_COMMAND" ]
  t set -g @claude-sessions-key-git-status none

  load_plugin

  [ "$(binding g)" = '' ]
}

@test "changing the key between loads moves the binding: new key bound, old key unbound" {
  load_plugin
  [ "$(binding S)" = "$SYNC_COMMAND" ]
  t set -g @claude-sessions-key-sync F

  load_plugin

  [ "$(binding F)" = "$SYNC_COMMAND" ]
  [ "$(binding S)" = '' ]
  [ "$(t show-options -gv @claude-sessions-bound-keys)" = 'new=N sync=F git-status=g save=C-s restore=C-r next-waiting=W worktree=T switch=C-e' ]
}

@test "changing the key between loads keeps the old key if the user rebound it meanwhile" {
  load_plugin
  t bind-key S display-message mine
  t set -g @claude-sessions-key-sync F

  load_plugin

  [ "$(binding F)" = "$SYNC_COMMAND" ]
  [ "$(binding S)" = 'display-message mine' ]
}

# The popup command as the switch binding runs it, for the shim at $1 (sh-quoted) and key $2.
switch_popup_command() {
  local bin=${1//\'/\'\\\'\'}
  printf '%s' "exec '$bin' popup --from-key --close-key '$2'"
}

# The popup binding as list-keys shows it (flags as tmux orders them): width $1, height $2,
# then switch_popup_command's arguments.
expected_switch_binding() {
  local popup
  popup=$(switch_popup_command "$3" "$4")
  # list-keys shows the popup command in double quotes, its " and $ escaped.
  popup=${popup//\\/\\\\}
  popup=${popup//\"/\\\"}
  popup=${popup//\$/\\\$}
  printf '%s' "set-option -Fg @claude-sessions-popup-client \"#{client_name}\" \\; display-popup -E -h $(tmux_arg "$2") -w $(tmux_arg "$1") \"$popup\""
}

# An argument as list-keys shows it: in double quotes when it holds a %.
tmux_arg() {
  if [[ $1 == *%* ]]; then printf '"%s"' "$1"; else printf '%s' "$1"; fi
}

@test "prefix C-e opens the switcher in a popup (tmux >= 3.2) sized by the popup options, after noting the client" {
  load_plugin

  [ "$(binding C-e)" = "$(expected_switch_binding 80% 70% "$REPO/scripts/claude-sessions" C-e)" ]
  run -0 t list-keys -N -T prefix
  [[ $output =~ (^|$'\n')C-e\ +claude-sessions:\ switch\ to ]]

  t set -g @claude-sessions-popup-width 100
  t set -g @claude-sessions-popup-height 50%
  t set -g @claude-sessions-key-switch M-s
  load_plugin

  [ "$(binding M-s)" = "$(expected_switch_binding 100 50% "$REPO/scripts/claude-sessions" M-s)" ]
  [ "$(binding C-e)" = '' ]
  [[ $(t show-options -gv @claude-sessions-bound-keys) == *' switch=M-s' ]]
}

@test "a popup size that is not columns or a percentage falls back to the default" {
  t set -g @claude-sessions-popup-width 'x; kill-server'
  t set -g @claude-sessions-popup-height '#{pane_height}'

  load_plugin

  [ "$(binding C-e)" = "$(expected_switch_binding 80% 70% "$REPO/scripts/claude-sessions" C-e)" ]
}

@test "the popup command runs the shim from a path with spaces and quotes, as sh reads it" {
  copy="$TMP/my plugins/it's \"here\" \$HOME/claude-sessions"
  copy_plugin "$copy"

  load_plugin "$copy"

  [ "$(binding C-e)" = "$(expected_switch_binding 80% 70% "$copy/scripts/claude-sessions" C-e)" ]
  # What default-shell -c gets, with exec swapped for printf: the path comes out whole.
  local command
  command=$(switch_popup_command "$copy/scripts/claude-sessions" C-e)
  run -0 sh -c "${command/exec/printf '[%s]'}"
  [ "$output" = "[$copy/scripts/claude-sessions][popup][--from-key][--close-key][C-e]" ]
}

@test "@claude-sessions-key-switch none binds nothing, and unbinds the key an earlier load bound" {
  load_plugin
  [ -n "$(binding C-e)" ]
  t set -g @claude-sessions-key-switch none

  load_plugin

  [ "$(binding C-e)" = '' ]
  [[ $(t show-options -gv @claude-sessions-bound-keys) != *switch* ]]
}

@test "a C-e the user bound before the plugin loads is left alone" {
  t bind-key C-e display-message mine

  load_plugin
  load_plugin

  [ "$(binding C-e)" = 'display-message mine' ]
  [[ $(t show-options -gv @claude-sessions-bound-keys) != *switch* ]]
}

@test "loading twice binds the switch key once" {
  load_plugin
  load_plugin

  run -0 t list-keys -T prefix
  [ "$(grep -c 'display-popup' <<<"$output")" = 1 ]
  [ "$(grep -c '@claude-sessions-popup-client' <<<"$output")" = 1 ]
  [ "$(binding C-e)" = "$(expected_switch_binding 80% 70% "$REPO/scripts/claude-sessions" C-e)" ]
}

@test "on tmux older than 3.2 the switch key opens the session menu instead (no display-popup)" {
  # The steps alone, as read_server_state would leave them on a tmux 3.1 server.
  run -0 bash -c '
    source "$1/dist/options.sh"
    source "$1/scripts/entrypoint-steps.sh"
    TMUX_VERSION=3.1c
    set_switch_key "/x/scripts/claude-sessions"
    printf "%s\n" "${COMMANDS[@]}"' _ "$REPO"
  [ "${lines[*]}" = 'bind-key -N claude-sessions: switch to a session (menu) -T prefix C-e run-shell -b #{q:@claude-sessions-bin} menu --client #{q:client_name}' ]
}

@test "on tmux 3.2 prefix W and prefix N keep the sh key path; from 3.3 they run in the server (run-shell -C)" {
  # The steps alone, as read_server_state would leave them: 3.2 stops expanding formats nested ten deep.
  keys_on() {
    bash -c '
      source "$1/dist/options.sh"
      source "$1/scripts/entrypoint-steps.sh"
      TMUX_VERSION=$2
      bind_table_keys
      printf "%s\n" "${COMMANDS[@]}"' _ "$REPO" "$1"
  }
  run -0 keys_on 3.2
  [[ $output == *$'\nW\nrun-shell\n-b\nset -- '* ]]
  [[ $output == *'; run-shell -b "#{?'* ]]
  [[ $output != *'run-shell -C'* && $output != *$'\nrun-shell\n-C\n'* ]]
  run -0 keys_on 3.3a
  [[ $output == *$'\nW\nif-shell\n-F\n#{||:#{!=:#{@claude-sessions-waiting-key},'*'#{!=:#{@claude-sessions-agent-key},'*$'\n\\;\nrun-shell\n-C\n#{E:'* ]]
  [[ $output == *'; run-shell -C "#{?'* ]]
  run -0 keys_on next-3.5
  [[ $output == *$'\nW\nif-shell\n-F\n'*$'\n\\;\nrun-shell\n-C\n'* ]]
}

# ---------------------------------------------------------------- status line

@test "on tmux 3.2 the status token becomes the 3.2 format; from 3.3 the one that loops once" {
  # The steps alone, as read_server_state would leave them: 3.2 stops expanding formats nested ten deep.
  status_on() {
    bash -c '
      source "$1/dist/options.sh"
      source "$1/scripts/entrypoint-steps.sh"
      TMUX_VERSION=$2
      STATUS_VALUE=("" "R #{claude_sessions_status}")
      interpolate_status status-right
      [[ ${COMMANDS[*]} == "set-option -g status-right R $CS_STATUS_FORMAT" ]] && echo one-loop
      [[ ${COMMANDS[*]} == "set-option -g status-right R $CS_STATUS_FORMAT_BEFORE_33" ]] && echo before-3.3
      true' _ "$REPO" "$1"
  }
  run -0 status_on 3.2
  [ "$output" = before-3.3 ]
  run -0 status_on 3.3a
  [ "$output" = one-loop ]
  run -0 status_on next-3.5
  [ "$output" = one-loop ]
}

@test "status-right: the token becomes a pure format counting claude-dev sessions" {
  t set -g status-right 'R #{claude_sessions_status} %H'

  load_plugin

  value=$(t show-options -gv status-right)
  [[ $value != *'#('* ]]
  [[ $value != *claude_sessions_status* ]]
  [[ $value == 'R #{'*'} %H' ]]
  # only the placeholder session: the part renders empty
  [[ $(render "$value") =~ ^R\ \ [0-9]{2}$ ]]
  new_session claude-dev-a
  new_session claude-dev-b
  new_session notes
  new_session xclaude-dev-c
  [[ $(render "$value") =~ ^R\ ✻\ 2\ [0-9]{2}$ ]]
  [[ $(render '#{E:status-right}') =~ ^R\ ✻\ 2\ [0-9]{2}$ ]]
}

@test "status-left: the token is interpolated the same way" {
  t set -g status-left 'L #{claude_sessions_status}|'

  load_plugin

  value=$(t show-options -gv status-left)
  [[ $value != *'#('* && $value != *claude_sessions_status* ]]
  [ "$(render '#{E:status-left}')" = 'L |' ]
  new_session claude-dev-one
  [ "$(render '#{E:status-left}')" = 'L ✻ 1|' ]
}

@test "setting @claude-sessions-prefix changes the count without reloading" {
  t set -g status-right '#{claude_sessions_status}'
  load_plugin
  new_session claude-dev-a
  new_session agent-1
  new_session agent-2
  new_session agent-3
  [ "$(render '#{E:status-right}')" = '✻ 1' ]

  t set -g @claude-sessions-prefix agent-

  [ "$(render '#{E:status-right}')" = '✻ 3' ]
  t set -g @claude-sessions-prefix nobody-
  [ "$(render '#{E:status-right}')" = '' ]
}

@test "a second load leaves the interpolated status line as it is" {
  t set -g status-right 'R #{claude_sessions_status} %H'
  t set -g status-left '#{claude_sessions_status} L'
  load_plugin
  right=$(t show-options -gv status-right)
  left=$(t show-options -gv status-left)

  load_plugin

  [ "$(t show-options -gv status-right)" = "$right" ]
  [ "$(t show-options -gv status-left)" = "$left" ]
}

@test "a status-right ending in ';' keeps its ';' after interpolation" {
  t set -g status-right 'x #{claude_sessions_status}\;'
  [ "$(t show-options -gv status-right)" = 'x #{claude_sessions_status};' ]

  load_plugin

  value=$(t show-options -gv status-right)
  [[ $value == 'x #{'*'};' && $value != *claude_sessions_status* ]]
  new_session claude-dev-a
  [ "$(render '#{E:status-right}')" = 'x ✻ 1;' ]
}

@test "a status line without the token is not touched" {
  t set -g status-right 'plain #{session_name}'

  load_plugin

  [ "$(t show-options -gv status-right)" = 'plain #{session_name}' ]
}

# ---------------------------------------------------------------- hooks call the CLI

@test "the session-created hook records the project folder of a claude-dev session, not of others" {
  project=$(mkdir -p "$TMP/project" && cd "$TMP/project" && pwd -P)
  load_plugin

  new_session notes "$project"
  new_session claude-dev-hooktest "$project"

  run -0 wait_for_output session_option claude-dev-hooktest @claude-sessions-project-dir
  [ "$output" = "$project" ]
  [ "$(session_option notes @claude-sessions-project-dir)" = '' ]
  # the same handler, run directly for the other session, still records nothing
  run -0 "$REPO/scripts/claude-sessions" -S "$SOCK" event session-created notes
  [ "$(session_option notes @claude-sessions-project-dir)" = '' ]
}

# ---------------------------------------------------------------- odd install locations

@test "loads from a plugin folder whose path has spaces and a quote; the hook still works" {
  copy="$TMP/my plugins/it's here/claude-sessions"
  copy_plugin "$copy"
  project=$(mkdir -p "$TMP/project" && cd "$TMP/project" && pwd -P)

  load_plugin "$copy"

  [ "$(t show-options -gv @claude-sessions-bin)" = "$copy/scripts/claude-sessions" ]
  [ "$(our_hook_count session-created)" = 1 ]
  [ "$(binding S)" = "$SYNC_COMMAND" ]
  new_session claude-dev-spaces "$project"
  run -0 wait_for_output session_option claude-dev-spaces @claude-sessions-project-dir
  [ "$output" = "$project" ]
}

@test "a fresh copy without node_modules runs ls --json and doctor" {
  copy="$TMP/fresh/claude-sessions"
  copy_plugin "$copy"
  [ ! -e "$copy/node_modules" ]
  new_session claude-dev-json

  run -0 --separate-stderr "$copy/scripts/claude-sessions" -S "$SOCK" ls --json
  names=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).map((s) => s.name).join(" "))' <<<"$output")
  [ "$names" = claude-dev-json ]

  load_plugin "$copy"
  run --separate-stderr "$copy/scripts/claude-sessions" -S "$SOCK" doctor
  [ "${lines[0]}" = "claude-sessions $(node -p 'require(process.argv[1]).version' "$REPO/package.json")" ]
  [[ $output == *$'\nserver '*"socket $SOCK: running tmux"* ]]
  [[ $output == *'tmux features:'* ]]
  [[ $output != *'has not run'* && $output != *'no longer exists'* ]]
  [ "$stderr" = '' ]
}

@test "prefix N prompts for a project and passes the answer to new through an option, never through a shell string" {
  load_plugin

  local command
  command=$(binding N)
  [[ $command == 'command-prompt -I "#{pane_current_path}" -p "claude-sessions project (name or folder):" '* ]]
  [[ $command == *'set-option -g @claude-sessions-prompt \"%%%\"'* ]]
  # tmux >= 3.3: decided in the server, else the sh path (its text escaped inside the format).
  [[ $command == *'; run-shell -C \"#{?'* ]]
  [[ $command == *'key-new c'*'q:client_name'*'p'*'q:@claude-sessions-prefix'*'d'*'q:@claude-sessions-projects-dir'*' -- '*'q:@claude-sessions-prompt'*'key-paths.sh'* ]]
}

@test "a reload after an upgrade moves prefix W and prefix N from the Node commands to the Node-free ones" {
  # The bindings an earlier version made, as its load left them.
  t bind-key -T prefix W run-shell -b '#{q:@claude-sessions-bin} next-waiting --display --client #{q:client_name}'
  t bind-key -T prefix N command-prompt -p 'claude-sessions project (name or folder):' \
    'set-option -g @claude-sessions-prompt "%%%" ; run-shell -b "#{q:@claude-sessions-bin} new --client #{q:client_name} -- #{q:@claude-sessions-prompt}"'
  t set-option -g @claude-sessions-bound-keys 'new=N next-waiting=W'
  load_plugin
  [[ $(binding W) == 'if-shell -F "#{||:#{!=:#{@claude-sessions-waiting-key},'*'#{!=:#{@claude-sessions-agent-key},'*'\; run-shell -C "#{E:'*'key-next-waiting c'* ]]
  [[ $(binding N) == *'; run-shell -C \"#{?'*'key-new c'* ]]
}

@test "the session-created hook starts the CLI only for sessions with the workspace prefix" {
  load_plugin
  # Stand in for the CLI: record which sessions the hook ran it for.
  printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> %s/ran\n' "$BATS_TEST_TMPDIR" > "$BATS_TEST_TMPDIR/cli"
  chmod +x "$BATS_TEST_TMPDIR/cli"
  t set-option -g @claude-sessions-bin "$BATS_TEST_TMPDIR/cli"
  t new-session -d -s other
  t new-session -d -s claude-dev-shop
  t set-option -g @claude-sessions-prefix 'ws-'
  t new-session -d -s ws-tools
  t new-session -d -s claude-dev-late
  for _ in $(seq 50); do [ "$(wc -l < "$BATS_TEST_TMPDIR/ran" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
  sleep 0.3 # the other two hooks had as long to run, had they been going to
  run -0 sort "$BATS_TEST_TMPDIR/ran"
  [ "${#lines[@]}" = 2 ]
  [[ ${lines[0]} == "event session-created \$"* ]]
  [[ ${lines[1]} == "event session-created \$"* ]]
  ids=$(t list-sessions -F '#{session_id} #{session_name}')
  for line in "${lines[@]}"; do
    id=${line##* }
    grep -qxF "$id claude-dev-shop" <<<"$ids" || grep -qxF "$id ws-tools" <<<"$ids"
  done
}

@test "a plugin folder whose path holds a newline is not loaded: no key or hook could run the rest of its path" {
  # The folder a TPM clone could land in: "x<newline>touch<TAB>$TMP/PWNED/plugin".
  local parent="$TMP/x"$'\n'"touch"$'\t'"$TMP/PWNED"
  mkdir -p "$parent"
  ln -s "$REPO" "$parent/plugin"
  # The path goes through the server's environment: run-shell's sh never sees it as text.
  t set-environment -g CS_TEST_PLUGIN "$parent/plugin"
  t run-shell "\"\$CS_TEST_PLUGIN/claude-sessions.tmux\" >$(printf '%q' "$TMP/load.log") 2>&1"
  output=$(cat "$TMP/load.log")
  [[ $output == *"claude-sessions: not loaded: the plugin's folder path holds a control character"* ]]
  [ "$(binding N)" = '' ] && [ "$(binding T)" = '' ] && [ "$(binding g)" = '' ]
  [ "$(our_hook_count session-created)" = 0 ]
  [ ! -e "$TMP/PWNED" ]
}
