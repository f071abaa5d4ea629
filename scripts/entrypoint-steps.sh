# shellcheck shell=bash
# The steps of claude-sessions.tmux. Each step reads the state gathered by read_server_state
# and appends tmux commands to COMMANDS; apply_commands runs them all in one tmux process.

COMMANDS=()        # argv of the batched tmux invocation
declare -A VALUE   # option name -> value set on the server ('' when unset)
declare -A BINDING # prefix key -> the command bound to it
HOOK_ENTRIES=()    # "hook index command" lines from show-hooks
BOUND=()           # action=key pairs bound by this load
declare -A PEER    # tmux-continuum's and tmux-resurrect's option name -> value ('' when unset)
CONTINUUM=''       # non-empty when tmux-continuum is loaded or installed beside us (find_peers)
CONTINUUM_LOADED='' # non-empty when tmux-continuum has loaded before us
RESURRECT=''       # the same for tmux-resurrect
US=$'\x1f'
RS=$'\x1e'

# One tmux call for everything the steps need to know.
read_server_state() {
  local format='#{version}' name output head
  for name in $CS_OPTION_KEYS; do
    name=CS_OPT_$name
    format+="$US#{${!name}}"
  done
  format+="$US#{$CS_STATE_BOUND_KEYS}$US#{status-left}$US#{status-right}"
  format+="$US#{$CS_STATE_AUTOSAVE_TIMER}$US#{$CS_STATE_LOADED}"
  format+="$US#{window-status-format}$US#{window-status-current-format}"
  for name in ${!CS_PEER_*}; do
    format+="$US#{${!name}}"
  done
  format+=$RS
  # -u: a client whose locale is not UTF-8 would get every \x1f and non-ASCII byte as `_`.
  local -a layout_hooks=()
  for name in $CS_LAYOUT_HOOKS; do
    layout_hooks+=(show-hooks -g "$name" \;)
  done
  output=$(tmux -u display-message -p "$format" \; show-hooks -g session-created \; \
    show-hooks -g client-detached \; "${layout_hooks[@]}" list-keys -T prefix 2>/dev/null) || [[ -n $output ]] || {
    echo "claude-sessions: cannot read tmux state; is this running inside tmux (TMUX=${TMUX:-unset})?" >&2
    return 1
  }
  head=${output%%"$RS"*}
  parse_hooks_and_keys "${output#*"$RS"}"
  local -a fields
  IFS=$US
  set -f
  fields=($head$US)
  set +f
  IFS=$' \t\n'
  TMUX_VERSION=${fields[0]}
  local index=1
  for name in $CS_OPTION_KEYS; do
    name=CS_OPT_$name
    VALUE[${!name}]=${fields[$index]}
    index=$((index + 1))
  done
  PREVIOUS_BOUND=${fields[$index]}
  STATUS_VALUE[0]=${fields[$index + 1]}
  STATUS_VALUE[1]=${fields[$index + 2]}
  AUTOSAVE_TIMER=${fields[$index + 3]}
  LOADED=${fields[$index + 4]}
  WINDOW_STATUS_VALUE[0]=${fields[$index + 5]}
  WINDOW_STATUS_VALUE[1]=${fields[$index + 6]}
  index=$((index + 7))
  for name in ${!CS_PEER_*}; do
    PEER[${!name}]=${fields[$index]}
    index=$((index + 1))
  done
}

# Whether tmux-continuum and tmux-resurrect share this server: loaded already (their marks on
# the server), or installed beside us in TPM's folder $1 (TPM loads them, before or after us).
find_peers() {
  local plugins=$1
  if [[ -n ${PEER[$CS_PEER_CONTINUUM_LAST_SAVE]} || "${STATUS_VALUE[0]}${STATUS_VALUE[1]}" == *"$CS_CONTINUUM_SAVE_MARK"* ]]; then
    CONTINUUM_LOADED=1
  fi
  [[ -z $CONTINUUM_LOADED && ! -f $plugins/tmux-continuum/continuum.tmux ]] || CONTINUUM=1
  if [[ -f $plugins/tmux-resurrect/resurrect.tmux || -n ${PEER[$CS_PEER_RESURRECT_SAVE_SCRIPT]} ]]; then
    RESURRECT=1
  fi
}

# Append one tmux command; an argument ending in ';' is protected the way tmux expects.
add_command() {
  local arg
  ((${#COMMANDS[@]} == 0)) || COMMANDS+=(';')
  for arg in "$@"; do
    [[ $arg == *';' ]] && arg="${arg%;}\\;"
    COMMANDS+=("$arg")
  done
}

# True unless the plugin's folder path ($1) holds a control character, said on stderr: the keys
# and hooks pass the CLI's path to a shell through #{q:…}, which leaves a newline unescaped, so
# the rest of such a path would run as a command. Nothing is bound or set then.
plugin_path_safe() {
  [[ $1 != *[[:cntrl:]]* ]] && return 0
  echo "claude-sessions: not loaded: the plugin's folder path holds a control character (a newline, a tab…), which its keys could not pass to a shell safely; move the plugin to a plain folder: $(printf %q "$1")" >&2
  return 1
}

set_cli_path() {
  add_command set-option -g "$CS_STATE_BIN" "$1"
}

# Index show-hooks lines ("hook[N] command") and list-keys lines ("bind-key [-r] -T prefix
# KEY command") in one pass.
parse_hooks_and_keys() {
  local line key hook_line='^([a-z-]+)\[([0-9]+)\] (.*)$'
  local key_line='^bind-key +(-r +)?-T +prefix +([^ ]+) +(.*)$'
  local -a lines
  # Split on newlines by word splitting: mapfile or read on a here-string read the text a
  # byte at a time (~10 ms for list-keys' output).
  local IFS=$'\n'
  set -f
  lines=($1)
  set +f
  for line in "${lines[@]}"; do
    if [[ $line =~ $key_line ]]; then
      key=${BASH_REMATCH[2]}
      [[ ${#key} == 2 && $key == \\* ]] && key=${key#\\} # list-keys prints ; as \; and # as \#
      BINDING[$key]=${BASH_REMATCH[3]}
    elif [[ $line =~ $hook_line ]]; then
      HOOK_ENTRIES+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}")
    fi
  done
}

# Sets REPLY to the key this plugin bound for ACTION on an earlier load ('' if none).
previous_key() {
  local pair
  REPLY=''
  for pair in $PREVIOUS_BOUND; do
    [[ ${pair%%=*} == "$1" ]] && { REPLY=${pair#*=}; return 0; }
  done
}

# Bind ACTION's key (option value, else default) unless it is 'none' or the default key is
# already taken by someone else. A key the user chose explicitly is always bound. A key
# this plugin bound before and no longer wants is unbound if it still runs our command.
# SIGNATURE is text that list-keys shows in our command, however tmux re-quotes it.
set_key_binding() {
  local action=$1 option=$2 default=$3 note=$4 signature=$5
  shift 5
  local chosen=${VALUE[$option]} key previous
  key=${chosen:-$default}
  previous_key "$action"
  previous=$REPLY
  if [[ -n $previous && $previous != "$key" && ${BINDING[$previous]-} == *"$signature"* ]]; then
    add_command unbind-key -T prefix "$previous"
  fi
  [[ $key == "$CS_KEY_DISABLED" ]] && return 0
  if [[ -z $chosen && -n $RESURRECT && " $CS_RESURRECT_KEYS " == *" $action "* ]]; then
    # tmux-resurrect's key, and tmux-resurrect binds it whenever it loads: not ours to hold.
    [[ ${BINDING[$key]-} != *"$signature"* ]] || add_command unbind-key -T prefix "$key"
    return 0
  fi
  if [[ -z $chosen && -n ${BINDING[$key]-} && ${BINDING[$key]} != *"$signature"* ]]; then
    return 0 # the default key runs someone else's command: leave it
  fi
  add_command bind-key -N "$note" -T prefix "$key" "$@"
  BOUND+=("$action=$key")
}

# Every key of the generated key table (src/options/keys.ts, in dist/options.sh), in its order;
# on a tmux older than a row's OLDER_BELOW, its OLDER_COMMAND.
bind_table_keys() {
  local id field older action option default description signature
  local -a command
  for id in $CS_BINDINGS; do
    field=CS_BIND_${id}_ACTION action=${!field}
    field=CS_BIND_${id}_OPTION option=${!field}
    field=CS_BIND_${id}_DEFAULT default=${!field}
    field=CS_BIND_${id}_DESCRIPTION description=${!field}
    field=CS_BIND_${id}_SIGNATURE signature=${!field}
    field=CS_BIND_${id}_COMMAND
    older=CS_BIND_${id}_OLDER_BELOW
    # shellcheck disable=SC2086 # "MAJOR MINOR"
    [[ -z ${!older-} ]] || tmux_at_least ${!older} || field=CS_BIND_${id}_OLDER_COMMAND
    IFS=$US
    set -f
    command=(${!field})
    set +f
    IFS=$' \t\n'
    set_key_binding "$action" "$option" "$default" "$description" "$signature" "${command[@]}"
  done
}

# The switcher key. tmux >= 3.2: remember the client that pressed it (a popup's command runs
# with no client), then open the switcher in a popup whose command is the shim's own path,
# quoted for the default-shell -c it runs through (display-popup does not expand formats in
# it). Older tmux has no popup: a menu of the sessions instead (claude-sessions menu).
# $1: the shim's absolute path.
set_switch_key() {
  local bin=$1 key width height quoted_bin
  key=${VALUE[$CS_OPT_KEY_SWITCH]:-$CS_DEFAULT_KEY_SWITCH}
  if ! tmux_at_least 3 2; then
    set_key_binding switch "$CS_OPT_KEY_SWITCH" "$CS_DEFAULT_KEY_SWITCH" \
      'claude-sessions: switch to a session (menu)' "$CS_STATE_BIN} menu" \
      run-shell -b "#{q:$CS_STATE_BIN} menu --client #{q:client_name}"
    return 0
  fi
  width=${VALUE[$CS_OPT_POPUP_WIDTH]}
  [[ $width =~ $CS_PATTERN_POPUP_WIDTH ]] || width=$CS_DEFAULT_POPUP_WIDTH
  height=${VALUE[$CS_OPT_POPUP_HEIGHT]}
  [[ $height =~ $CS_PATTERN_POPUP_HEIGHT ]] || height=$CS_DEFAULT_POPUP_HEIGHT
  sh_quote "$bin"
  quoted_bin=$REPLY
  sh_quote "$key"
  set_key_binding switch "$CS_OPT_KEY_SWITCH" "$CS_DEFAULT_KEY_SWITCH" \
    'claude-sessions: switch to a workspace, session or project (popup)' "$CS_STATE_POPUP_CLIENT" \
    set-option -gF "$CS_STATE_POPUP_CLIENT" '#{client_name}' ';' \
    display-popup -E -w "$width" -h "$height" "exec $quoted_bin popup --from-key --close-key $REPLY"
}

# TMUX_VERSION (3.3a, next-3.4, 3.2-rc2, openbsd-7.4…) is at least MAJOR.MINOR; a version
# without numbers (master) counts as new.
tmux_at_least() {
  local version=${TMUX_VERSION#next-} major minor
  [[ $version =~ ([0-9]+)\.([0-9]+) ]] || return 0
  major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
  ((10#$major > $1 || (10#$major == $1 && 10#$minor >= $2)))
}

# Sets REPLY to TEXT in single quotes for sh (and fish, zsh…): any text, quotes included.
# (A variable, not a $(…) subshell: the entrypoint forks nothing it does not need.)
sh_quote() {
  local quote="'" escaped="'\\''"
  REPLY="'${1//$quote/$escaped}'"
}

remember_bound_keys() {
  add_command set-option -g "$CS_STATE_BOUND_KEYS" "${BOUND[*]}"
}

# Keep exactly one entry of ours in HOOK's array, at the index it already has (else the
# next free one), and leave every other entry alone. Ours are the ones naming SIGNATURE (the
# CLI's path option unless given), whatever the command around it. REPLY is 1 when HOOK had
# no entry of ours.
set_hook() {
  local hook=$1 hook_command=$2 signature=${3:-$CS_STATE_BIN} entry name index command ours='' max=-1
  for entry in "${HOOK_ENTRIES[@]}"; do
    name=${entry%% *}
    [[ $name == "$hook" ]] || continue
    index=${entry#* }
    command=${index#* }
    index=${index%% *}
    ((index > max)) && max=$index
    if [[ $command == *"$signature"* ]]; then
      if [[ -z $ours ]]; then ours=$index; else add_command set-hook -gu "$hook[$index]"; fi
    fi
  done
  REPLY=''
  [[ -n $ours ]] || { ours=$((max + 1)); REPLY=1; }
  add_command set-hook -g "$hook[$ours]" "$hook_command"
}

# Count each window's layout changes (a save reuses a pane's contents only while its window's
# count holds; src/resurrect/contents-reuse.ts). A hook found missing went uncounted for a
# while: the epoch moves on, so no save made before is reused.
set_layout_hooks() {
  local hook added=''
  for hook in $CS_LAYOUT_HOOKS; do
    set_hook "$hook" "$CS_LAYOUT_HOOK_COMMAND" "$CS_STATE_LAYOUTS"
    [[ -z $REPLY ]] || added=1
  done
  [[ -z $added ]] || add_command set-option -gF "$CS_STATE_LAYOUT_EPOCH" "$CS_LAYOUT_EPOCH_NEXT"
}

# @claude-state is '' in the global window options. tmux looks every name in a format up in the
# option trees before its own variables: for an unset name, in all six (server, pane, window,
# global window, session, global session, the first three walking to their parents). Panes with
# no agent now find it in the global window options, which the status line, the switcher and
# prefix W read once per pane; an agent's pane option still comes first.
set_agent_state_default() {
  add_command set-option -gw "$CS_AGENT_STATE" ''
}

# A new session may be a workspace made by hand; sessions a restore builds are not.
# Only sessions named with the workspace prefix (the live option, else its default) start the
# CLI: making 100 other sessions must not start 100 Node processes.
set_session_created_hook() {
  local prefix="#{?$CS_OPT_PREFIX,#{$CS_OPT_PREFIX},$CS_DEFAULT_PREFIX}"
  set_hook session-created "if-shell -F '#{&&:#{?#{$CS_STATE_RESTORING},0,1},#{m:$prefix*,#{hook_session_name}}}' \"run-shell -b '#{q:$CS_STATE_BIN} event session-created #{q:hook_session}'\""
}

# Save 2 s after the last of a burst of detaches: each detach bumps the counter, and the
# delayed save runs only if the counter still holds its value. hook_session is often empty
# here, hence '' to keep it a word of its own.
set_detach_save_hook() {
  set_hook client-detached "set-option -gF $CS_STATE_DETACH_SEQ '#{e|+:#{$CS_STATE_DETACH_SEQ},1}' ; run-shell -b -d 2 \"#{q:$CS_STATE_BIN} event client-detached #{q:hook_session}'' #{q:$CS_STATE_DETACH_SEQ}\""
}

# One autosave timer chain per server: start one unless a chain with this interval is alive
# (each tick writes "ID MINUTES DUE"; a DUE long past means the chain died). The interval is
# ours when set, else tmux-continuum's; not a number means the default; 0 unsets the option,
# which stops the chain. With tmux-continuum here, its last-save time is kept at our next tick.
schedule_autosave() {
  local minutes=${VALUE[$CS_OPT_SAVE_INTERVAL]} now id
  [[ -n $minutes ]] || minutes=${PEER[$CS_PEER_CONTINUUM_SAVE_INTERVAL]}
  [[ $minutes =~ $CS_PATTERN_SAVE_INTERVAL ]] || minutes=$CS_DEFAULT_SAVE_INTERVAL
  if [[ $minutes != *[1-9]* ]]; then
    [[ -z $AUTOSAVE_TIMER ]] || add_command set-option -gu "$CS_STATE_AUTOSAVE_TIMER"
    return 0
  fi
  now=${EPOCHSECONDS:-$(date +%s)}
  local -a chain
  set -f
  chain=($AUTOSAVE_TIMER)
  set +f
  if ((${#chain[@]} == 3)) && [[ ${chain[1]} == "$minutes" && ${chain[2]} =~ ^[0-9]{1,18}$ ]] &&
    ((chain[2] + 60 >= now)); then
    hold_continuum_save "${chain[2]}"
    return 0
  fi
  interval_delay "$minutes"
  id=$now-$$-$RANDOM
  add_command set-option -g "$CS_STATE_AUTOSAVE_TIMER" "$id $minutes $((now + ${REPLY%.*}))"
  add_command run-shell -b -d "$REPLY" "#{q:$CS_STATE_BIN} event autosave-tick $id 1"
  hold_continuum_save $((now + ${REPLY%.*}))
}

# tmux-continuum saves when its last-save time is an interval old: keeping it at our next tick
# (epoch seconds $1) means it never is, so the autosaves are ours alone.
hold_continuum_save() {
  [[ -n $CONTINUUM ]] || return 0
  add_command set-option -g "$CS_PEER_CONTINUUM_LAST_SAVE" "$1"
}

# Sets REPLY to the seconds (3 decimals, at least 1) in an interval of MINUTES.
interval_delay() {
  local whole=${1%%.*} fraction='' ms
  [[ $1 == *.* ]] && fraction=${1#*.}
  printf -v fraction '%-6.6s' "$fraction"
  fraction=${fraction// /0}
  ms=$((10#${whole:-0} * 60000 + 10#$fraction * 60 / 1000))
  ((ms >= 1000)) || ms=1000
  printf -v REPLY '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# On the first load into a server, restore the last save when @claude-sessions-restore (else
# tmux-continuum's @continuum-restore) is on; the loaded marker keeps a reload from restoring
# again. tmux-continuum's own restore would run too: not yet loaded, it finds @continuum-restore
# off; loaded before us, it runs @resurrect-restore-script-path a second later, which then is
# $1 (it logs the skip). Only when tmux-resurrect loads after us would it give continuum its
# restore.sh back: continuum, loaded before us, restores then, and we do not.
restore_on_server_start() {
  local wanted=${VALUE[$CS_OPT_RESTORE]}
  [[ -z $LOADED ]] || return 0
  add_command set-option -g "$CS_STATE_LOADED" 1
  [[ -n $wanted ]] || wanted=${PEER[$CS_PEER_CONTINUUM_RESTORE]}
  [[ $wanted == on ]] || return 0
  if [[ -n $CONTINUUM && ${PEER[$CS_PEER_CONTINUUM_RESTORE]} == on ]]; then
    if [[ -n $CONTINUUM_LOADED && -n $RESURRECT && -z ${PEER[$CS_PEER_RESURRECT_SAVE_SCRIPT]} ]]; then
      add_command set-option -g "$CS_STATE_START_RESTORE" tmux-continuum
      return 0
    fi
    add_command set-option -g "$CS_PEER_CONTINUUM_RESTORE" off
    add_command set-option -g "$CS_PEER_RESURRECT_RESTORE_SCRIPT" "$1"
  fi
  add_command set-option -g "$CS_STATE_START_RESTORE" claude-sessions
  add_command run-shell -b "#{q:$CS_STATE_BIN} restore --auto --display"
}

# Replace #{claude_sessions_status}, #{claude_sessions_last_save}, #{claude_sessions_health} and
# #{claude_sessions_project} in status-left or
# status-right by pure tmux formats: nothing runs when the status line is drawn.
# The agent counts loop once from tmux 3.3; 3.2 stops expanding formats nested ten deep.
interpolate_status() {
  local option=$1 value new status_format=$CS_STATUS_FORMAT
  tmux_at_least 3 3 || status_format=$CS_STATUS_FORMAT_BEFORE_33
  if [[ $option == status-left ]]; then value=${STATUS_VALUE[0]}; else value=${STATUS_VALUE[1]}; fi
  new=${value//"$CS_STATUS_TOKEN"/"$status_format"}
  new=${new//"$CS_LAST_SAVE_TOKEN"/"$CS_LAST_SAVE_FORMAT"}
  new=${new//"$CS_HEALTH_TOKEN"/"$CS_HEALTH_FORMAT"}
  new=${new//"$CS_PROJECT_TOKEN"/"$CS_PROJECT_FORMAT"}
  [[ $new == "$value" ]] || add_command set-option -g "$option" "$new"
}

# With @claude-sessions-window-marker on, end window-status-format or
# window-status-current-format with the per-window agent marker (once, however many loads);
# otherwise take out exactly the marker we added and leave the rest of the user's format.
set_window_marker() {
  local option=$1 value new
  if [[ $option == window-status-format ]]; then value=${WINDOW_STATUS_VALUE[0]}; else value=${WINDOW_STATUS_VALUE[1]}; fi
  if [[ ${VALUE[$CS_OPT_WINDOW_MARKER]} == on ]]; then
    [[ $value == *"$CS_WINDOW_MARKER_FORMAT"* ]] && return 0
    new=$value$CS_WINDOW_MARKER_FORMAT
  else
    new=${value/"$CS_WINDOW_MARKER_FORMAT"/}
  fi
  [[ $new == "$value" ]] || add_command set-option -g "$option" "$new"
}

apply_commands() {
  ((${#COMMANDS[@]} == 0)) && return 0
  tmux "${COMMANDS[@]}"
}
