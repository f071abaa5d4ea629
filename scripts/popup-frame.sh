# shellcheck shell=sh
# The switcher's first frame, painted by the shell before Node starts (Node takes 85-200 ms
# to start; this takes a few). Sourced by scripts/claude-sessions for `claude-sessions popup`
# inside tmux on a terminal; returns so the shim goes on to exec Node, which draws over this
# frame line by line (src/switcher/terminal.ts does not clear the screen).
#
# Cost: two processes, stty and tmux. tmux renders the rows itself from the formats in
# dist/options.sh (src/switcher/row-format.ts), so the rows, their order, columns and colours
# are the ones src/switcher/screen.ts draws for the first frame; everything else here is sh
# builtins. Any failure paints nothing and Node draws as usual.
#
# Reads scripts_dir (set by the shim) and "$@" (the shim's arguments). Sets CS_FRAME_NODE
# (the @claude-sessions-node option as the same tmux call read it, so the shim need not ask
# again) and exports CLAUDE_SESSIONS_FRAME=painted. With CLAUDE_SESSIONS_FRAME_ONLY=1 it
# paints and then sleeps instead of returning (tests capture the shell's frame alone).

_csf_nl='
'
unset CLAUDE_SESSIONS_FRAME

# Fill the width placeholders of a row format (@NW@ @NC@ @IW@ @IC@) into _csf_fmt.
_csf_fill() {
  _csf_fmt='' _csf_rest=$1
  while :; do
    _csf_head=${_csf_rest%%@[NI][WC]@*}
    [ "$_csf_head" = "$_csf_rest" ] && break
    _csf_rest=${_csf_rest#"$_csf_head"}
    case $_csf_rest in
      @NW@*) _csf_fmt=$_csf_fmt$_csf_head$_csf_name ;;
      @NC@*) _csf_fmt=$_csf_fmt$_csf_head$((_csf_name - 1)) ;;
      @IW@*) _csf_fmt=$_csf_fmt$_csf_head$_csf_info ;;
      *) _csf_fmt=$_csf_fmt$_csf_head$((_csf_info - 1)) ;;
    esac
    _csf_rest=${_csf_rest#@??@}
  done
  _csf_fmt=$_csf_fmt$_csf_rest
}

# Draw from tmux's output lines: "n" + node option, "l" + legend cut to the width, "p" + the
# same padded to the width (the padding goes after the dim legend, as screen.ts draws it),
# then the rows by name, each after its group digit (row-format.ts GROUP_FORMAT): drawn
# group by group, until the list is full.
_csf_draw() {
  IFS=$_csf_ifs
  set +f
  [ $# -ge 3 ] || return 1
  case $1 in n*) ;; *) return 1 ;; esac
  CS_FRAME_NODE=${1#n}
  _csf_legend=${2#l}
  _csf_pad=${3#p}
  _csf_pad=${_csf_pad#"$_csf_legend"}
  shift 3
  _csf_e=$CS_ESC
  # Alternate screen, cursor hidden, no autowrap (as terminal.ts enters), then the prompt.
  _csf_buf="$_csf_e[?1049h$_csf_e[?25l$_csf_e[?7l$_csf_e[H$_csf_e[2J> "
  _csf_line=2
  _csf_last=$((_csf_list + 1))
  for _csf_group in 1 2 3; do
    for _csf_row; do
      [ "$_csf_line" -le "$_csf_last" ] || break 2
      case $_csf_row in "$_csf_group"*) _csf_row=${_csf_row#?} ;; *) continue ;; esac
      if [ "$_csf_line" = 2 ]; then
        # The first row is the selected one: reverse video, "> " for its two leading spaces.
        _csf_buf="$_csf_buf$_csf_e[2;1H$_csf_e[7m> ${_csf_row#??}$_csf_e[27m"
      else
        _csf_buf="$_csf_buf$_csf_e[$_csf_line;1H$_csf_row"
      fi
      _csf_line=$((_csf_line + 1))
    done
  done
  if [ "$_csf_rows" -ge 4 ]; then
    _csf_buf="$_csf_buf$_csf_e[$_csf_rows;1H$_csf_e[2m$_csf_legend$_csf_e[22m$_csf_e[0m$_csf_pad"
  fi
  printf '%s' "$_csf_buf"
}

_csf_paint() {
  # One process: the size, and (in the popup the key opens, whose terminal goes away with
  # it) echo and line mode off, so keys typed before Node starts wait for it unechoed.
  # Elsewhere the terminal's modes are left alone: Node restores the modes it found.
  case " $* " in
    *' --from-key '*) _csf_size=$(stty -echo -icanon size 2>/dev/null) || return 0 ;;
    *) _csf_size=$(stty size 2>/dev/null) || return 0 ;;
  esac
  _csf_rows=${_csf_size% *}
  _csf_cols=${_csf_size#* }
  case $_csf_rows$_csf_cols in '' | *[!0-9]*) return 0 ;; esac
  [ "$_csf_rows" -ge 1 ] && [ "$_csf_cols" -ge 4 ] || return 0
  [ -r "$scripts_dir/../dist/options.sh" ] || return 0
  # shellcheck source=dist/options.sh
  . "$scripts_dir/../dist/options.sh"
  [ -n "${CS_ESC:-}" ] || return 0

  # columnsFor(cols) in row-format.ts.
  _csf_glyphs=0 _csf_info=0
  [ "$_csf_cols" -ge 16 ] && _csf_glyphs=5
  if [ "$_csf_cols" -ge 48 ]; then
    _csf_info=$(((_csf_cols - 8) / 2))
    [ "$_csf_info" -gt 36 ] && _csf_info=36
  fi
  _csf_name=$((_csf_cols - 2 - _csf_glyphs))
  [ "$_csf_info" -gt 0 ] && _csf_name=$((_csf_name - _csf_info - 1))
  [ "$_csf_name" -ge 1 ] || _csf_name=1
  if [ "$_csf_info" -gt 0 ]; then
    _csf_fill "$CS_POPUP_ROW_FULL"
  elif [ "$_csf_glyphs" -gt 0 ]; then
    _csf_fill "$CS_POPUP_ROW_NO_INFO"
  else
    _csf_fill "$CS_POPUP_ROW_BARE"
  fi
  # Rows between the prompt and the legend (screen.ts, areaHeight).
  if [ "$_csf_rows" -ge 4 ]; then _csf_list=$((_csf_rows - 2)); else _csf_list=$((_csf_rows - 1)); fi

  # One tmux call: the clock for the age column (as rows.ts SET_NOW: set only when missing,
  # since any set-option redraws every client), the node option, the
  # legend cut to the width and padded, the sessions (one pass over them) with their group.
  # -u: with no UTF-8 locale tmux would print the glyphs, names and escapes as `_`.
  _csf_out=$(tmux -u if-shell -F "#{?$CS_STATE_NOW,0,1}" "set-option -g $CS_STATE_NOW '%s'" \; \
    display-message -p "n#{$CS_OPT_NODE}" \; display-message -p "l#{=$_csf_cols:#{l:$CS_POPUP_LEGEND}}" \; \
    display-message -p "p#{p$_csf_cols:#{=$_csf_cols:#{l:$CS_POPUP_LEGEND}}}" \; \
    list-sessions -F "$CS_POPUP_GROUP$_csf_fmt" 2>/dev/null) || return 0

  # Split into lines (rows are never empty: they start with their group) in _csf_draw's own
  # positional parameters, leaving the shim's "$@" alone.
  _csf_ifs=$IFS
  set -f
  IFS=$_csf_nl
  # shellcheck disable=SC2086
  _csf_draw $_csf_out || { IFS=$_csf_ifs; set +f; return 0; }
  CLAUDE_SESSIONS_FRAME=painted
  export CLAUDE_SESSIONS_FRAME
}

_csf_paint "$@"
if [ "${CLAUDE_SESSIONS_FRAME_ONLY:-}" = 1 ]; then
  [ "${CLAUDE_SESSIONS_FRAME:-}" = painted ] && exec sleep 30
  printf 'claude-sessions: the first frame was not painted\n' >&2
  exit 1
fi
unset -f _csf_fill _csf_draw _csf_paint
unset _csf_nl _csf_pad _csf_fmt _csf_rest _csf_head _csf_legend _csf_e _csf_buf _csf_line _csf_last _csf_size _csf_group _csf_row \
  _csf_rows _csf_cols _csf_glyphs _csf_info _csf_name _csf_list _csf_out _csf_ifs
