// Options a workspace carries on its session, windows and panes: set when it is built (or a
// worktree window is made), read back by saves, health, the switcher and git-status.
import { namesOf, type NameDefinition } from './names.ts';

// Every workspace option, with where tmux keeps it and what it holds.
export const WORKSPACE_DEFINITIONS = {
  role: { name: '@claude-sessions-role', scope: 'pane', description: "The pane's role in its template (claude, editor, git, ...)." },
  projectDir: { name: '@claude-sessions-project-dir', scope: 'session', description: 'The folder of the project a workspace session was made for.' },
  template: { name: '@claude-sessions-template', scope: 'session', description: 'The template a workspace session was built from.' },
  claudeLaunch: { name: '@claude-sessions-claude-launch', scope: 'pane', description: "What a claude pane was started with (the user's command, before our flags): a save reads Claude's arguments from it." },
  historyId: { name: '@claude-sessions-history-id', scope: 'pane', description: "The pane's own command history (a random id naming its file under the state folder), kept by saves and given back by restores." },
  worktree: { name: '@claude-sessions-worktree', scope: 'window', description: 'The git worktree a `worktree add` window works in, so ls and rm find it.' },
} as const satisfies Readonly<Record<string, NameDefinition>>;

// The workspace options' names: WORKSPACE_OPTIONS.role is '@claude-sessions-role'.
export const WORKSPACE_OPTIONS = namesOf(WORKSPACE_DEFINITIONS);
