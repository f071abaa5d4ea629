#!/bin/sh
# claude-sessions pre-commit hook (installed by `claude-sessions git-hook install`; remove
# it with `claude-sessions git-hook uninstall`). Warns about uncommitted changes in the
# worktrees of this repository where a live claude-dev tmux session has a pane: an agent may
# be halfway through work there. Never blocks unless installed with --strict.
# POSIX sh; needs only git and tmux. CLAUDE_SESSIONS_TMUX_SOCKET picks the tmux server (tests).
# claude-sessions:settings
CS_PREFIX=${CS_PREFIX-claude-dev-}
CS_STRICT=${CS_STRICT-0}

# A pre-commit hook that was here before ours runs first; its failure is the commit's.
original="$(dirname "$0")/pre-commit.claude-sessions-original"
if [ -x "$original" ]; then
  "$original" "$@" || exit $?
fi

command -v tmux >/dev/null 2>&1 || exit 0
# -u: with no UTF-8 locale (a commit from a GUI or a cron job) tmux prints the tab as `_`.
if [ -n "${CLAUDE_SESSIONS_TMUX_SOCKET-}" ]; then
  panes=$(tmux -u -S "$CLAUDE_SESSIONS_TMUX_SOCKET" list-panes -a -F '#{session_name}	#{pane_current_path}' 2>/dev/null) || exit 0
else
  panes=$(tmux -u list-panes -a -F '#{session_name}	#{pane_current_path}' 2>/dev/null) || exit 0
fi
worktrees=$(git worktree list --porcelain 2>/dev/null | sed -n 's/^worktree //p') || exit 0
current=$(git rev-parse --show-toplevel 2>/dev/null)
# git exports these to hooks; they would point `git -C OTHER` back at this worktree.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX

nl='
'
tab=$(printf '\t')
set -f
IFS=$nl
seen=$nl
found=0
for pane in $panes; do
  session=${pane%%"$tab"*}
  path=${pane#*"$tab"}
  case $session in "$CS_PREFIX"?*) ;; *) continue ;; esac
  # The worktree holding the pane's folder: the longest worktree path it is in.
  best=
  for wt in $worktrees; do
    case $path/ in "$wt"/*) [ ${#wt} -gt ${#best} ] && best=$wt ;; esac
  done
  [ -n "$best" ] || continue
  case $seen in *"$nl$best$nl"*) continue ;; esac
  seen=$seen$best$nl
  changes=$(git -C "$best" status --porcelain 2>/dev/null)
  # In the worktree being committed, staged changes are the commit itself: count the rest.
  [ "$best" = "$current" ] && changes=$(printf '%s\n' "$changes" | grep -v '^. ')
  [ -n "$changes" ] || continue
  count=$(printf '%s\n' "$changes" | wc -l | tr -d ' ')
  printf 'claude-sessions: warning: %s uncommitted change(s) in %s (session %s)\n' "$count" "$best" "$session" >&2
  found=1
done

if [ "$found" = 1 ] && [ "$CS_STRICT" = 1 ]; then
  echo 'claude-sessions: commit blocked (hook installed with --strict; git commit --no-verify skips it)' >&2
  exit 1
fi
exit 0
