// Options the plugin writes itself: state for the entrypoint and CLI, not configuration.
import { namesOf, type NameDefinition } from './names.ts';

// Every state option, with where tmux keeps it and what it holds.
export const STATE_DEFINITIONS = {
  bin: { name: '@claude-sessions-bin', scope: 'server', description: 'Absolute path of scripts/claude-sessions; hooks and keys run `#{q:@claude-sessions-bin}`.' },
  boundKeys: { name: '@claude-sessions-bound-keys', scope: 'server', description: '"action=key …" pairs bound by the last load, so a reload rebinds exactly those.' },
  prompt: { name: '@claude-sessions-prompt', scope: 'server', description: 'What was typed at the new-workspace prompt, read back quoted by #{q:…}.' },
  worktreePrompt: { name: '@claude-sessions-worktree-prompt', scope: 'server', description: 'What was typed at the worktree prompt, read back quoted by #{q:…}.' },
  autosaveTimer: { name: '@claude-sessions-autosave-timer', scope: 'server', description: 'The autosave timer chain alive on this server, "ID INTERVAL DUE" (see save/autosave.ts).' },
  detachSeq: { name: '@claude-sessions-detach-seq', scope: 'server', description: 'Bumped by every client-detached hook; a delayed save runs only if it is still the newest.' },
  lastSave: { name: '@claude-sessions-last-save', scope: 'server', description: 'When the last save (or unchanged check) ran, as shown by #{claude_sessions_last_save}.' },
  loaded: { name: '@claude-sessions-loaded', scope: 'server', description: 'Set on the first load into a server, so auto-restore runs once per server start.' },
  startRestore: {
    name: '@claude-sessions-start-restore',
    scope: 'server',
    description: 'Who restored at this server\'s start: "claude-sessions", "tmux-continuum" (with tmux-resurrect\'s restore.sh, when tmux-resurrect loaded after us), or unset (no restore asked for).',
  },
  layouts: {
    name: '@claude-sessions-layouts',
    scope: 'window',
    description: "Bumped by the plugin's hooks on every change of the window's layout or pane sizes (resize, move, swap, rotate, zoom, a client's size) or active pane: a save reuses a pane's contents only while its window's count is unchanged.",
  },
  layoutEpoch: {
    name: '@claude-sessions-layout-epoch',
    scope: 'server',
    description: 'Bumped whenever a load finds the layout hooks missing and adds them, and at the end of a restore or an import (the hooks skip while one runs): layout changes made meanwhile went uncounted, so no save before it is reused.',
  },
  restoring: { name: '@claude-sessions-restoring', scope: 'server', description: 'Set while a restore builds sessions: our session-created and layout hooks then do nothing.' },
  now: { name: '@claude-sessions-now', scope: 'server', description: 'Always "%s": #{T:@claude-sessions-now} is the current time, so formats can tell ages.' },
  popupClient: { name: '@claude-sessions-popup-client', scope: 'server', description: "The client that pressed the switcher key (a popup's command runs with no client)." },
  waitingKey: {
    name: '@claude-sessions-waiting-key',
    scope: 'server',
    description: "The format of a waiting pane's order key, a constant that prefix W's in-server format expands in each waiting pane (#{E:…}), so its loop over the panes stays short; the key writes it whenever it differs.",
  },
  agentKey: {
    name: '@claude-sessions-agent-key',
    scope: 'server',
    description: "What prefix W's loop expands in each pane that has an agent (#{E:…}): the waiting key when its agent waits, else nothing; a constant the key writes whenever it differs.",
  },
  branch: { name: '@claude-sessions-branch', scope: 'session', description: "The git branch of the session's project, as the switcher last saw it." },
  health: { name: '@claude-sessions-health', scope: 'server', description: 'What `health --update-status` last found (\'\' when all is well, else e.g. "⚠ 2"), shown by #{claude_sessions_health}.' },
  shares: { name: '@claude-sessions-shares', scope: 'server', description: 'The shares as versions before the share record kept them (read to migrate, then unset).' },
  shareSaved: { name: '@claude-sessions-share-saved', scope: 'server', description: 'The socket permissions a share replaced, as versions before the share record kept them (read to migrate, then unset).' },
} as const satisfies Readonly<Record<string, NameDefinition>>;

// The state options' names: STATE_OPTIONS.bin is '@claude-sessions-bin'.
export const STATE_OPTIONS = namesOf(STATE_DEFINITIONS);
