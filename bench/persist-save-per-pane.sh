#!/usr/bin/env bash
# bench/persist.mjs's per-pane save: what tmux-resurrect's save.sh costs, minimal. Like it,
# one list of the panes, then for each pane a tmux call and resurrect's `ps` strategy
# (save_command_strategies/ps.sh: the whole process table, grepped for the pane's PID);
# for each window a tmux call for its automatic-rename; the state; the file, then `last`.
# (save.sh's tmux call per pane is the `show-option` that finds the strategy file.)
# Usage: persist-save-per-pane.sh SOCKET SAVE-FOLDER
set -u
socket=$1
dir=$2
d=$'\t'
t() { tmux -S "$socket" "$@"; }

pane_format="#{pane_pid}${d}pane${d}#{session_name}${d}#{window_index}${d}#{window_active}${d}:#{window_flags}${d}#{pane_index}${d}#{pane_title}${d}:#{pane_current_path}${d}#{pane_active}${d}#{pane_current_command}"
window_format="window${d}#{session_name}${d}#{window_index}${d}:#{window_name}${d}#{window_active}${d}:#{window_flags}${d}#{window_layout}"

dump_panes() {
	local pane_id line pid full_command
	t list-panes -a -F '#{pane_id}' | while read -r pane_id; do
		line=$(t display-message -p -t "$pane_id" "$pane_format")
		pid=${line%%"$d"*}
		full_command=$(ps -ao "ppid,args" | sed "s/^ *//" | grep "^${pid} " | cut -d' ' -f2-)
		printf '%s\t:%s\n' "${line#*"$d"}" "$full_command"
	done
}

dump_windows() {
	local line session_name window_index rest automatic_rename
	t list-windows -a -F "$window_format" | while IFS= read -r line; do
		IFS=$d read -r _ session_name window_index rest <<<"$line"
		automatic_rename=$(t show-window-options -vt "=${session_name}:${window_index}" automatic-rename)
		printf '%s\t%s\n' "$line" "${automatic_rename:-:}"
	done
}

mkdir -p "$dir"
file="$dir/tmux_resurrect_$(date '+%Y%m%dT%H%M%S%N').txt"
{
	dump_panes
	dump_windows
	t display-message -p "state${d}#{client_session}${d}#{client_last_session}"
} >"$file"
ln -fs "$(basename "$file")" "$dir/last"
