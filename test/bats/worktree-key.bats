#!/usr/bin/env bats
# The worktree key: prefix T prompts for a name and runs `worktree add` for the pane's
# project, the answer passed through an option, never through a shell string.

load helpers

OUTER_SOCK=''

teardown() {
  [[ -z $OUTER_SOCK ]] || stop_server "$OUTER_SOCK"
  stop_server "$SOCK"
  if [[ -n ${OWN_TMP:-} ]]; then rm -rf "$OWN_TMP"; fi
}

@test "T is free in stock tmux, and prefix T is bound to the worktree prompt with a note" {
  [ "$(tmux -S "$TMP/stock" -f /dev/null list-keys -T prefix T 2>/dev/null)" = '' ]
  tmux -S "$TMP/stock" kill-server 2>/dev/null || true

  load_plugin

  local command
  command=$(binding T)
  [[ $command == 'command-prompt -p "worktree name:" '* ]]
  [[ $command == *'set-option -g @claude-sessions-worktree-prompt \"%%%\"'* ]]
  [[ $command == *'#{q:@claude-sessions-bin} worktree add --display --project #{q:pane_current_path} -- #{q:@claude-sessions-worktree-prompt}'* ]]
  run -0 t list-keys -N -T prefix
  [[ $output =~ (^|$'\n')T\ +claude-sessions:\ new\ git\ worktree ]]
  [[ $(t show-options -gv @claude-sessions-bound-keys) == *' worktree=T '* ]]
}

@test "@claude-sessions-key-worktree moves the key, and none unbinds it" {
  load_plugin
  t set-option -g @claude-sessions-key-worktree M-t
  load_plugin
  [ "$(binding T)" = '' ]
  [[ $(binding M-t) == 'command-prompt -p "worktree name:" '* ]]

  t set-option -g @claude-sessions-key-worktree none
  load_plugin
  [ "$(binding M-t)" = '' ]
  [[ $(t show-options -gv @claude-sessions-bound-keys) != *worktree* ]]
}

@test "a T the user bound before loading is left alone" {
  t bind-key T display-message mine
  load_plugin
  [ "$(binding T)" = 'display-message mine' ]
  [[ $(t show-options -gv @claude-sessions-bound-keys) != *worktree* ]]
}

@test "pressing prefix T in a real client passes a hostile answer and the pane's folder to the CLI as words" {
  local plugin=$TMP/plugin calls=$TMP/calls project="$TMP/my proj"
  make_recording_plugin "$plugin" "$calls"
  load_plugin "$plugin"
  mkdir -p "$project"
  new_session work "$project"

  # A terminal for the user: a pane of another server running `tmux attach`.
  OUTER_SOCK=$TMP/outer
  tmux -S "$OUTER_SOCK" -f /dev/null new-session -d -s terminal -x 120 -y 40 \
    "env -u TMUX tmux -S $(printf '%q' "$SOCK") attach -t =work"
  wait_until 5 has_client

  tmux -S "$OUTER_SOCK" send-keys -t terminal C-b T
  wait_until 5 prompt_open
  tmux -S "$OUTER_SOCK" send-keys -t terminal -l "x;\$(touch pwned)'\""
  tmux -S "$OUTER_SOCK" send-keys -t terminal Enter

  # (stderr apart: until the call is recorded, cat says the file is missing)
  run -0 --separate-stderr wait_for_output cat "$calls"
  [ "$output" = "worktree add --display --project $project -- x;\$(touch pwned)'\"" ]
  [ ! -e "$project/pwned" ] && [ ! -e "$TMP/pwned" ] && [ ! -e pwned ]
}

# True while the attached client's terminal shows the worktree prompt.
prompt_open() {
  tmux -S "$OUTER_SOCK" capture-pane -p -t terminal | grep -q 'worktree name:'
}
