// What claude-sessions relies on from Claude Code, in one place. Each fact names the page
// of Claude Code's documentation it comes from; the hook shim (scripts/claude-hook, POSIX
// sh) mirrors EVENT_STATES, and a test checks that the two agree.
//
// - Hooks:    https://docs.claude.com/en/docs/claude-code/hooks
//   Command hooks get one JSON object on stdin with session_id, transcript_path, cwd,
//   hook_event_name and per-event fields (source on SessionStart; notification_type and
//   message on Notification; tool_name on PreToolUse/PostToolUse/PermissionRequest).
//   They inherit Claude's environment, so $TMUX and $TMUX_PANE name the pane.
//   PermissionRequest fires at once; Notification permission_prompt ~6 s later and
//   idle_prompt ~60 s after the end of a turn. Stop does not fire on an Esc interrupt;
//   StopFailure fires on API errors. SessionStart's source is startup, resume, clear,
//   compact or fork (the session id can change).
// - Settings: https://docs.claude.com/en/docs/claude-code/settings
//   ~/.claude/settings.json, .claude/settings.json, .claude/settings.local.json, or per
//   launch with `claude --settings <file|json>`; hook entries from all levels are merged.
// - CLI:      https://docs.claude.com/en/docs/claude-code/cli-reference
//   `--session-id <uuid>` starts with a known id, `--resume <id>` resumes one, `--continue`
//   takes the folder's most recent (wrong when several agents share a folder);
//   `claude agents --json` (recent versions) lists live sessions with pid, status and
//   waitingFor. The process title may be a version string: never detect Claude by
//   #{pane_current_command} alone.
import { shellQuote } from '../util/shell-words.ts';

// Documentation pages the facts above come from.
export const CLAUDE_DOCS = {
  hooks: 'https://docs.claude.com/en/docs/claude-code/hooks',
  settings: 'https://docs.claude.com/en/docs/claude-code/settings',
  cli: 'https://docs.claude.com/en/docs/claude-code/cli-reference',
} as const;

// An agent's state as the pane options record it.
export type AgentState = 'working' | 'waiting' | 'idle' | 'error' | 'exited';

// Pane options the hook shim sets on $TMUX_PANE.
export const PANE_OPTIONS = {
  state: '@claude-state',
  sessionId: '@claude-session-id',
  waitingReason: '@claude-waiting-reason',
  since: '@claude-state-since',
  transcript: '@claude-transcript-path',
} as const;

// The hook events claude-sessions listens to.
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'SubagentStart',
  'PreCompact',
  'PermissionRequest',
  'Notification',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

// Events whose hook entries take a matcher (a tool name, or a notification type); '*' matches all.
export const MATCHER_EVENTS: ReadonlySet<HookEvent> = new Set(['PreToolUse', 'PostToolUse', 'PermissionRequest', 'Notification']);

// The fields of a hook's stdin that the state depends on.
export interface HookInput {
  readonly hook_event_name?: string;
  readonly session_id?: string;
  readonly transcript_path?: string;
  readonly cwd?: string;
  readonly source?: string;
  readonly notification_type?: string;
  readonly message?: string;
  readonly tool_name?: string;
}

// The state an event moves a pane to, and why it waits; undefined: the event changes nothing.
export function stateForEvent(input: HookInput): { state: AgentState; reason?: string } | undefined {
  switch (input.hook_event_name) {
    case 'SessionStart':
      return { state: 'idle' };
    case 'UserPromptSubmit':
    case 'PostToolUse':
    case 'SubagentStart':
    case 'PreCompact':
      return { state: 'working' };
    case 'PreToolUse':
      return input.tool_name === 'AskUserQuestion' ? { state: 'waiting', reason: 'question' } : { state: 'working' };
    case 'PermissionRequest':
      return { state: 'waiting', reason: input.tool_name ? `permission: ${input.tool_name}` : 'permission' };
    case 'Notification': {
      const type = input.notification_type ?? '';
      if (type === 'permission_prompt') return { state: 'waiting', reason: 'permission' };
      if (type.startsWith('elicitation')) return { state: 'waiting', reason: type };
      if (type === 'idle_prompt') return { state: 'idle' };
      return undefined;
    }
    case 'Stop':
      return { state: 'idle' };
    case 'StopFailure':
      return { state: 'error' };
    case 'SessionEnd':
      return { state: 'exited' };
    default:
      return undefined;
  }
}

// The flags claude-sessions passes to `claude`.
export const CLAUDE_FLAGS = { sessionId: '--session-id', resume: '--resume', settings: '--settings' } as const;

// One command hook entry, as settings files hold them.
export interface HookEntry {
  readonly matcher?: string;
  readonly hooks: readonly { readonly type: 'command'; readonly command: string }[];
}

// The `hooks` part of a settings file that sends every event to the hook shim at
// `shimPath` (Claude runs a hook's command through a shell, so the path is quoted).
export function hookSettings(shimPath: string): Record<HookEvent, HookEntry[]> {
  const hooks = {} as Record<HookEvent, HookEntry[]>;
  for (const event of HOOK_EVENTS) {
    const entry = { hooks: [{ type: 'command' as const, command: hookCommand(shimPath, event) }] };
    hooks[event] = [MATCHER_EVENTS.has(event) ? { matcher: '*', ...entry } : entry];
  }
  return hooks;
}

// The command line of our hook for one event: `'/path/claude-hook' EVENT`, the path in
// POSIX single quotes (a ' inside written as '\'').
export function hookCommand(shimPath: string, event: HookEvent): string {
  return `${shellQuote(shimPath)} ${event}`;
}

// ---------------------------------------------------------------------------------------------
// Claude Code's session files: what scripts/claude-reconcile reads, because Claude Code sends no
// hook on an Esc (mid-reply or during API retries) nor on a denied permission.
//
// - Source: ${CLAUDE_CONFIG_DIR:-$HOME/.claude}/sessions/<pid>.json, one per live interactive
//   process, written atomically (a temporary file renamed), removed when the process exits.
//   Undocumented; checked on Claude Code 2.1.332 (`claude agents --json` prints the same status
//   but starts a 400 MB binary, ~0.3 s, so it is not polled). Also in that folder: <pid>.*.key
//   files, which are not sessions.
// - Fields used: pid, sessionId, status (busy | shell | idle | waiting; Claude's own UI shows
//   busy and shell as working), statusUpdatedAt (ms since the epoch), waitingFor (only while
//   waiting: "permission prompt", "dialog open", ...). One JSON object on one line, top-level
//   keys first as written (e.g. {"pid":19514,"sessionId":"3a25…","cwd":"/p",…,"tmux":"a:@0.%0",
//   "status":"waiting","updatedAt":…,"statusUpdatedAt":…,"waitingFor":"permission prompt"}).
// - Seen on 2.1.332: busy ~30 ms after UserPromptSubmit's hook starts; waiting just before
//   PermissionRequest's; busy -> idle at once on an Esc mid-stream; waiting -> idle at once on
//   a denied permission (Esc or "No"); idle after StopFailure.
// - Missing (Claude Code before the folder existed, another config folder, a file for another
//   session id, a dead pid): the pane is left as the hooks set it, and doctor says so.
// ---------------------------------------------------------------------------------------------

// Where and what the session files are, as checked.
export const SESSION_FILES = {
  folder: 'sessions',
  checkedOn: '2.1.332',
  fields: ['pid', 'sessionId', 'status', 'statusUpdatedAt', 'waitingFor'],
  statuses: ['busy', 'shell', 'idle', 'waiting'],
} as const;
export type SessionFileStatus = (typeof SESSION_FILES.statuses)[number];

// Pane options the reconcile relies on (set by scripts/claude-hook on every event).
export const RECONCILE_OPTIONS = {
  configDir: '@claude-config-dir',
  eventSeq: '@claude-event-seq',
  eventAt: '@claude-event-at',
  beat: '@claude-reconcile-beat',
  owner: '@claude-reconcile-owner',
  script: '@claude-reconcile-script',
} as const;

// The state a pane moves to when its agent's session file says STATUS, or undefined: left as
// the hooks set it. Mirrored by target_for in scripts/claude-reconcile; a test checks both agree.
// Only working and waiting panes are reconciled (error, idle and exited come from hooks).
export function reconcileTarget(paneState: AgentState, status: SessionFileStatus): AgentState | undefined {
  if (status === 'idle' && (paneState === 'working' || paneState === 'waiting')) return 'idle';
  if ((status === 'busy' || status === 'shell') && paneState === 'waiting') return 'working';
  if (status === 'waiting' && paneState === 'working') return 'waiting';
  return undefined;
}

// The folder holding a config folder's session files.
export function sessionFilesDir(configDir: string): string {
  return `${configDir.replace(/\/+$/, '')}/${SESSION_FILES.folder}`;
}
