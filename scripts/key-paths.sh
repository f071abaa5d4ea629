# shellcheck shell=sh
# The keys that only move the user around, without Node: sourced by the sh of the keys'
# run-shell (src/options/keys.ts) after `set -- SCRIPTS_DIR key-next-waiting|key-new …`.
# Each either does the whole job in one tmux call and exits, or runs scripts/claude-sessions
# with the Node command the key ran before (next-waiting … / new …): whatever the shell
# cannot decide exactly as the TypeScript would goes to Node. The values and character
# classes come from the TypeScript through dist/key-paths.sh; test/keys/key-paths.test.ts runs
# both sides on the same inputs.
#
# prefix W: key-next-waiting cCLIENT CURRENT_PANE [%ID:SINCE …]. The words after the current pane
#   are tmux's expansion of waitingPanesFormat(): waiting panes only, SINCE digits or empty.
#   Order as orderWaiting: since ascending (unknown last), then pane number, then list order;
#   a pane listed more than once (a window linked into several sessions) is one pane.
# prefix N: key-new cCLIENT pPREFIX dPROJECTS_DIR -- [TEXT]. The typed text arrives as it did
#   for Node (#{q:} of the prompt option); resolved as findProject and sessionNameFor do, and
#   switched to when that session exists.

scripts_dir=$1
shift
# shellcheck source=dist/key-paths.sh
. "$scripts_dir/../dist/key-paths.sh"

# Sets key_u key_s key_n for word $1 (%ID:SINCE): unknown-since flag, since, pane number; fails
# on a word the shell cannot compare exactly.
key_of() {
  key_n=${1%%:*}
  key_n=${key_n#%}
  key_s=${1#*:}
  case $key_n in '' | *[!0123456789]*) return 1 ;; esac
  case $key_s in *[!0123456789]*) return 1 ;; esac
  while :; do
    case $key_s in 0?*) key_s=${key_s#0} ;; *) break ;; esac
  done
  key_u=0
  [ -n "$key_s" ] || { key_u=1 key_s=0; }
  [ "${#key_s}" -le "$CS_KEY_EXACT_SINCE_DIGITS" ] || return 1
  while :; do
    case $key_n in 0?*) key_n=${key_n#0} ;; *) break ;; esac
  done
}

# True when key ($1 $2 $3 $4: unknown, since, number, index) sorts before ($5 … $8).
key_before() {
  [ "$1" -ne "$5" ] && { [ "$1" -lt "$5" ]; return; }
  [ "$2" -ne "$6" ] && { [ "$2" -lt "$6" ]; return; }
  [ "$3" -ne "$7" ] && { [ "$3" -lt "$7" ]; return; }
  [ "$4" -lt "$8" ]
}

# prefix W; fails to hand over to Node.
key_next_waiting() {
  kw_client=${1#c} kw_current=$2
  [ -n "$kw_client" ] && [ $# -ge 2 ] || return 1
  shift 2
  if [ $# -eq 0 ]; then
    tmux display-message -c "$kw_client" -d "$CS_KEY_NO_WAITING_MS" "$CS_KEY_NO_WAITING_TEXT" 2>/dev/null
    exit 0
  fi
  # The current pane's key (its first place in the list), if it waits.
  kw_index=0 kw_cur=''
  for kw_word in "$@"; do
    key_of "$kw_word" || return 1
    if [ -z "$kw_cur" ] && [ "${kw_word%%:*}" = "$kw_current" ]; then
      kw_cur="$key_u $key_s $key_n $kw_index"
    fi
    kw_index=$((kw_index + 1))
  done
  # The first in order, and the first after the current one.
  kw_index=0 kw_first='' kw_next='' kw_first_pane='' kw_next_pane=''
  for kw_word in "$@"; do
    key_of "$kw_word"
    kw_key="$key_u $key_s $key_n $kw_index"
    # shellcheck disable=SC2086 # the keys are four numbers each
    if [ -z "$kw_first" ] || key_before $kw_key $kw_first; then kw_first=$kw_key kw_first_pane=${kw_word%%:*}; fi
    # The current pane's other places (a window linked into several sessions) are not the next one.
    # shellcheck disable=SC2086
    if [ -n "$kw_cur" ] && [ "${kw_word%%:*}" != "$kw_current" ] && key_before $kw_cur $kw_key && { [ -z "$kw_next" ] || key_before $kw_key $kw_next; }; then
      kw_next=$kw_key kw_next_pane=${kw_word%%:*}
    fi
    kw_index=$((kw_index + 1))
  done
  [ -n "$kw_next_pane" ] || kw_next_pane=$kw_first_pane
  # A pane target switches the client's session, window and pane at once.
  tmux switch-client -c "$kw_client" -t "$kw_next_pane" 2>/dev/null && exit 0
  return 1
}

# Sets kn_name to tmuxSafeName($1) for ASCII text; fails on anything else (NFC, unicode spaces).
safe_name() {
  kn_rest=$1 kn_name=''
  while [ -n "$kn_rest" ]; do
    kn_char=${kn_rest%"${kn_rest#?}"}
    kn_rest=${kn_rest#?}
    case $CS_KEY_NAME_UNSAFE in
      *"$kn_char"*) kn_name=${kn_name}_ ;;
      *)
        case $CS_KEY_NAME_KEPT in
          *"$kn_char"*) kn_name=$kn_name$kn_char ;;
          *) return 1 ;;
        esac
        ;;
    esac
  done
  while [ -n "$kn_name" ]; do
    kn_char=${kn_name%"${kn_name#?}"}
    case $CS_KEY_NAME_TRIMMED in *"$kn_char"*) kn_name=${kn_name#?} ;; *) break ;; esac
  done
  while [ -n "$kn_name" ]; do
    kn_char=${kn_name#"${kn_name%?}"}
    case $CS_KEY_NAME_TRIMMED in *"$kn_char"*) kn_name=${kn_name%?} ;; *) break ;; esac
  done
}

# Sets kn_dir to $1 trimmed as String.trim does; fails when an end is not ASCII (maybe unicode space).
trim_dir() {
  kn_dir=$1
  while [ -n "$kn_dir" ]; do
    kn_char=${kn_dir%"${kn_dir#?}"}
    case $CS_KEY_DIR_TRIMMED in *"$kn_char"*) kn_dir=${kn_dir#?} ;; *) break ;; esac
  done
  while [ -n "$kn_dir" ]; do
    kn_char=${kn_dir#"${kn_dir%?}"}
    case $CS_KEY_DIR_TRIMMED in *"$kn_char"*) kn_dir=${kn_dir%?} ;; *) break ;; esac
  done
  [ -z "$kn_dir" ] && return 0
  for kn_char in "${kn_dir%"${kn_dir#?}"}" "${kn_dir#"${kn_dir%?}"}"; do
    case $CS_KEY_NAME_KEPT$CS_KEY_NAME_UNSAFE in *"$kn_char"*) ;; *) return 1 ;; esac
  done
}

# True when path.join / path.resolve would rewrite $1 (a '.' or '..' part, or '//'): left to Node.
needs_normalizing() {
  case /$1/ in */./* | */../*) return 0 ;; esac
  case $1 in *//*) return 0 ;; esac
  return 1
}

# Sets kn_real to the real path of folder $1, as realpathSync; the shell stays where it was.
real_folder() {
  [ -d "$1" ] || return 1
  case $1 in /*) kn_path=$1 ;; *) kn_path=./$1 ;; esac
  cd -P -- "$kn_path" 2>/dev/null || return 1
  kn_real=$PWD
  cd -P -- "$kn_start" 2>/dev/null
}

# The project folder from the typed words, as findProject; fails to hand over.
find_project() {
  [ $# -le 1 ] || return 1
  kn_text=${1-}
  if [ -z "$kn_text" ]; then
    kn_real=$kn_start
    return 0
  fi
  case $kn_text in
    . | .. | */*)
      needs_normalizing "$kn_text" && return 1
      real_folder "$kn_text"
      return
      ;;
  esac
  kn_dirs=$kn_projects_dir
  while :; do
    case $kn_dirs in
      *"$CS_KEY_PROJECTS_DIR_SEPARATOR"*) kn_one=${kn_dirs%%"$CS_KEY_PROJECTS_DIR_SEPARATOR"*} kn_dirs=${kn_dirs#*"$CS_KEY_PROJECTS_DIR_SEPARATOR"} kn_more=1 ;;
      *) kn_one=$kn_dirs kn_more='' ;;
    esac
    trim_dir "$kn_one" || return 1
    if [ -n "$kn_dir" ]; then
      case $kn_dir in
        '~' | '~/'*)
          [ -n "${HOME:-}" ] || return 1
          kn_dir=$HOME${kn_dir#'~'}
          ;;
      esac
      needs_normalizing "$kn_dir" && return 1
      # path.join drops the folder's trailing slashes ('/' itself becomes '').
      while :; do case $kn_dir in */) kn_dir=${kn_dir%/} ;; *) break ;; esac; done
      if [ -d "$kn_dir/$kn_text" ]; then
        real_folder "$kn_dir/$kn_text"
        return
      fi
    fi
    [ -n "$kn_more" ] || return 1
  done
}

# prefix N to an existing workspace; fails to hand over.
key_new() {
  [ $# -ge 4 ] && [ "$4" = -- ] || return 1
  kn_client=${1#c} kn_prefix=${2#p} kn_projects_dir=${3#d}
  [ -n "$kn_client" ] || return 1
  shift 4
  [ -n "$kn_prefix" ] || kn_prefix=$CS_KEY_DEFAULT_PREFIX
  [ -n "$kn_projects_dir" ] || kn_projects_dir=$CS_KEY_DEFAULT_PROJECTS_DIR
  cd -P . 2>/dev/null || return 1
  kn_start=$PWD
  find_project "$@" || return 1
  safe_name "${kn_real##*/}" && [ -n "$kn_name" ] || return 1
  kn_project=$kn_name
  safe_name "$kn_prefix" || return 1
  tmux switch-client -c "$kn_client" -t "=$kn_name$kn_project:" 2>/dev/null && exit 0
  return 1
}

case $1 in
  "$CS_KEY_NEXT_WAITING")
    shift
    key_next_waiting "$@" || set -- next-waiting --display --client "${1#c}"
    ;;
  "$CS_KEY_NEW")
    shift
    if ! key_new "$@"; then
      kn_client=${1#c}
      [ $# -lt 3 ] || shift 3
      [ "${1-}" != -- ] || shift
      set -- new --display --client "$kn_client" -- "$@"
    fi
    ;;
esac
exec "$scripts_dir/claude-sessions" "$@"
