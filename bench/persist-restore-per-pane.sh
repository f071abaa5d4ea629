#!/usr/bin/env bash
# bench/persist.mjs's per-pane restore: what tmux-resurrect's restore.sh costs, minimal. Like
# it, for each pane line: is the pane there, else the window, else the session (one tmux
# call each, stopping at the first yes), then one call to make what is missing (a split is
# followed by resize-pane -U 999 so that more panes fit); then per window its layout, name
# and automatic-rename; per pane its title, per window its active pane and zoom; per
# session the alternate and active windows. The first new-session starts the server.
# Usage: persist-restore-per-pane.sh SOCKET SAVE-FILE
set -u
socket=$1
file=$2
d=$'\t'
t() { tmux -S "$socket" "$@"; }

pane_exists() { t list-panes -t "=$1:$2" -F '#{pane_index}' 2>/dev/null | grep -qx "$3"; }
window_exists() { t list-windows -t "=$1" -F '#{window_index}' 2>/dev/null | grep -qx "$2"; }
session_exists() { t has-session -t "=$1" 2>/dev/null; }

# Panes, in file order.
while IFS=$d read -r line_type session window_index window_active window_flags pane_index title dir pane_active command full_command; do
	[ "$line_type" = pane ] || continue
	dir=${dir#:}
	dir=${dir/\\ / }
	if pane_exists "$session" "$window_index" "$pane_index"; then
		continue
	elif window_exists "$session" "$window_index"; then
		t split-window -t "=$session:$window_index" -c "$dir"
		t resize-pane -t "=$session:$window_index" -U 999
	elif session_exists "$session"; then
		t new-window -d -t "=$session:$window_index" -c "$dir"
	else
		t new-session -d -s "$session" -c "$dir"
		first=$(t show-options -gv base-index)
		[ "$first" = "$window_index" ] || t move-window -s "=$session:$first" -t "=$session:$window_index"
	fi
	t select-pane -t "=$session:$window_index.$pane_index" -T "$title"
done <"$file"

# Windows: layout, name, automatic-rename.
while IFS=$d read -r line_type session window_index window_name window_active window_flags layout automatic_rename; do
	[ "$line_type" = window ] || continue
	t select-layout -t "=$session:$window_index" "$layout" >/dev/null
	t rename-window -t "=$session:$window_index" "${window_name#:}"
	if [ "$automatic_rename" = ":" ]; then
		t set-option -uw -t "=$session:$window_index" automatic-rename
	else
		t set-option -w -t "=$session:$window_index" automatic-rename "$automatic_rename"
	fi
done <"$file"

# Active pane of each window, then zoom.
while IFS=$d read -r line_type session window_index window_active window_flags pane_index title dir pane_active command full_command; do
	[ "$line_type" = pane ] && [ "$pane_active" = 1 ] || continue
	t select-pane -t "=$session:$window_index.$pane_index"
	case $window_flags in *Z*) t resize-pane -Z -t "=$session:$window_index" ;; esac
done <"$file"

# Alternate window, then active window, of each session.
for flag in - '*'; do
	while IFS=$d read -r line_type session window_index window_name window_active window_flags layout automatic_rename; do
		[ "$line_type" = window ] || continue
		case $window_flags in *"$flag"*) t select-window -t "=$session:$window_index" ;; esac
	done <"$file"
done
