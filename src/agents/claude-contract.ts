// What claude-sessions relies on from Claude Code, in one place. Each fact names the page
// of Claude Code's documentation it comes from, or the version it was checked on; the hook
// shim (scripts/claude-hook, POSIX sh) mirrors EVENT_MEANINGS, and a test checks that the two
// agree on every event and notification type.
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

// The pane options of the contract live with every other name, in src/options/agent.ts.
export { PANE_OPTIONS, RECONCILE_OPTIONS } from '../options/agent.ts';

// An agent's state as the pane options record it.
export type AgentState = 'working' | 'waiting' | 'idle' | 'error' | 'exited';

// The Claude Code version the event, notification and status tables below were checked on
// (every event and notification type that version has, driven against its real CLI).
export const CLAUDE_CHECKED_VERSION = '2.1.332';

// Every hook event of Claude Code 2.1.332.
export const CLAUDE_HOOK_EVENTS = [
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'Notification',
  'UserPromptSubmit', 'UserPromptExpansion', 'SessionStart', 'SessionEnd', 'Stop', 'StopFailure',
  'SubagentStart', 'SubagentStop', 'PreCompact', 'PostCompact', 'PreModelSwitch', 'PostModelSwitch',
  'PermissionRequest', 'PermissionDenied', 'Setup', 'TeammateIdle', 'TaskCreated', 'TaskCompleted',
  'Elicitation', 'ElicitationResult', 'ConfigChange', 'WorktreeCreate', 'WorktreeRemove',
  'InstructionsLoaded', 'CwdChanged', 'FileChanged', 'DirectoryAdded', 'MessageDisplay',
  'PreSkillShellCommand',
] as const;
export type ClaudeHookEvent = (typeof CLAUDE_HOOK_EVENTS)[number];

// Every notification type (Notification's notification_type) of Claude Code 2.1.332.
export const CLAUDE_NOTIFICATION_TYPES = [
  'permission_prompt', 'worker_permission_prompt', 'agent_needs_input', 'elicitation_dialog',
  'elicitation_url_dialog', 'elicitation_complete', 'elicitation_response', 'idle_prompt',
  'agent_completed', 'auth_success', 'auth_storage_failure', 'computer_use_exit',
  'plugin_notification', 'push_notification',
] as const;
export type ClaudeNotificationType = (typeof CLAUDE_NOTIFICATION_TYPES)[number];

// What an event does to a pane. `keepsIn`: a pane already in that state keeps it (and its
// reason): `error` holds until the next prompt; a waiting reason keeps its tool name.
export interface StateChange {
  readonly state: AgentState;
  readonly reason?: string;
  readonly keepsIn?: AgentState;
}

// The fields of a hook's stdin that the state depends on (the event itself is the shim's argument).
export interface HookInput {
  readonly hook_event_name?: string;
  readonly session_id?: string;
  readonly transcript_path?: string;
  readonly cwd?: string;
  readonly source?: string;
  readonly trigger?: string;
  readonly reason?: string;
  readonly notification_type?: string;
  readonly message?: string;
  readonly tool_name?: string;
}

// One event or notification type, on purpose: the change it makes (undefined for some inputs),
// and why; or why it is ignored.
export type EventMeaning =
  | { readonly change: (input: HookInput) => StateChange | undefined; readonly why: string }
  | { readonly ignored: string };

const to = (change: StateChange) => () => change;

// What each notification type means, by its exact name (no prefixes: elicitation_complete and
// elicitation_response come after the user answered).
export const NOTIFICATION_MEANINGS: Readonly<Record<ClaudeNotificationType, EventMeaning>> = {
  permission_prompt: { change: to({ state: 'waiting', reason: 'permission', keepsIn: 'waiting' }), why: 'a permission dialog is open; comes ~6 s after PermissionRequest, whose `permission: TOOL` it keeps' },
  worker_permission_prompt: { change: to({ state: 'waiting', reason: 'permission', keepsIn: 'waiting' }), why: 'a worker (teammate) asks this agent\'s user for a permission' },
  agent_needs_input: { change: to({ state: 'waiting', reason: 'input', keepsIn: 'waiting' }), why: 'the agent asks the user something' },
  elicitation_dialog: { change: to({ state: 'waiting', reason: 'elicitation', keepsIn: 'waiting' }), why: 'an MCP server asks the user for input' },
  elicitation_url_dialog: { change: to({ state: 'waiting', reason: 'elicitation', keepsIn: 'waiting' }), why: 'an MCP server asks the user to open a URL' },
  elicitation_complete: { change: to({ state: 'working' }), why: 'the user answered an elicitation; the turn goes on' },
  elicitation_response: { change: to({ state: 'working' }), why: 'the user answered an elicitation; the turn goes on' },
  idle_prompt: { change: to({ state: 'idle', keepsIn: 'error' }), why: 'the prompt has been idle ~60 s; also sent after a failed turn, whose error it must not hide' },
  agent_completed: { ignored: 'a background agent finished; this agent\'s own Stop ends its turn' },
  auth_success: { ignored: 'a login finished; says nothing about the turn' },
  auth_storage_failure: { ignored: 'credentials could not be stored; the session goes on' },
  computer_use_exit: { ignored: 'a computer-use session ended; the turn goes on' },
  plugin_notification: { ignored: 'a plugin\'s message, not about the turn' },
  push_notification: { ignored: 'a copy sent to the phone app; the notification it copies is mapped' },
};

// What a pane waits for when Claude asks permission for TOOL (AskUserQuestion asks its
// question through the permission dialog).
function permissionReason(tool: string | undefined): string {
  if (tool === 'AskUserQuestion') return 'question';
  return tool ? `permission: ${tool}` : 'permission';
}

// What each hook event means. Listened to (HOOK_EVENTS) are exactly the events with a change;
// every one of them is observational: a hook that prints nothing and exits 0 changes nothing
// Claude does. Never registered: an event whose mere hook changes what Claude does.
export const EVENT_MEANINGS: Readonly<Record<ClaudeHookEvent, EventMeaning>> = {
  SessionStart: { change: (input) => (input.source === 'compact' ? undefined : { state: 'idle' }), why: 'startup, resume, clear or fork: a fresh prompt; `compact` comes after a compaction, mid-turn (auto) or before PostCompact (manual), and changes nothing' },
  UserPromptSubmit: { change: to({ state: 'working' }), why: 'a prompt starts a turn (and ends an error)' },
  UserPromptExpansion: { change: to({ state: 'working' }), why: 'a slash command expanded into a prompt starts a turn' },
  PreToolUse: {
    change: (input) => (input.tool_name === 'AskUserQuestion' ? { state: 'waiting', reason: 'question' } : { state: 'working' }),
    why: 'a tool is about to run; AskUserQuestion is a question to the user',
  },
  PostToolUse: { change: to({ state: 'working' }), why: 'a tool ran (after an approved permission too); the turn goes on' },
  PostToolUseFailure: { change: to({ state: 'working' }), why: 'a tool failed (after an approved permission too); the turn goes on' },
  PostToolBatch: { change: to({ state: 'working' }), why: 'a batch of tool calls ended; the turn goes on' },
  PermissionDenied: { change: to({ state: 'working' }), why: 'auto mode denied a tool call; Claude goes on without it' },
  PermissionRequest: {
    change: (input) => ({ state: 'waiting', reason: permissionReason(input.tool_name) }),
    why: 'a permission dialog opens at once (a denial sends no hook); AskUserQuestion asks its question through it',
  },
  Elicitation: { change: to({ state: 'waiting', reason: 'elicitation' }), why: 'an MCP server asks the user for input' },
  ElicitationResult: { change: to({ state: 'working' }), why: 'the user answered an elicitation; the turn goes on' },
  SubagentStart: { change: to({ state: 'working' }), why: 'a subagent starts within the turn' },
  PreCompact: { change: to({ state: 'working' }), why: 'a compaction starts: mid-turn (auto), or /compact typed at the prompt (manual, no UserPromptSubmit)' },
  PostCompact: {
    change: (input) => (input.trigger === 'manual' ? { state: 'idle' } : undefined),
    why: 'a /compact typed at the prompt ends here, with no Stop; an auto compaction goes on with the turn',
  },
  Notification: { change: (input) => notificationChange(input.notification_type), why: 'by notification type: NOTIFICATION_MEANINGS' },
  Stop: { change: to({ state: 'idle' }), why: 'the turn ended (an Esc sends no Stop)' },
  StopFailure: { change: to({ state: 'error' }), why: 'the turn failed on an API error; held until the next prompt' },
  SessionEnd: {
    change: (input) => (input.reason === 'clear' ? undefined : { state: 'exited' }),
    why: 'Claude exits; `clear` is /clear, followed at once by SessionStart clear in the same process',
  },
  SubagentStop: { ignored: 'a subagent ended; the main agent goes on (a manual /compact sends two)' },
  PreModelSwitch: { ignored: 'the model changes; the turn state does not' },
  PostModelSwitch: { ignored: 'the model changed; the turn state did not' },
  Setup: { ignored: 'runs for --init/--maintenance before the session; SessionStart follows' },
  TeammateIdle: { ignored: 'a teammate of an agent team went idle, not this agent' },
  TaskCreated: { ignored: 'task-list bookkeeping inside a turn' },
  TaskCompleted: { ignored: 'task-list bookkeeping inside a turn' },
  ConfigChange: { ignored: 'a settings file changed; not about the turn' },
  WorktreeCreate: { ignored: 'never registered: a WorktreeCreate hook replaces Claude\'s own worktree creation' },
  WorktreeRemove: { ignored: 'never registered: a WorktreeRemove hook replaces Claude\'s own worktree removal' },
  InstructionsLoaded: { ignored: 'CLAUDE.md or rules were loaded; not about the turn' },
  CwdChanged: { ignored: 'the working folder changed; tmux knows the pane\'s folder' },
  FileChanged: { ignored: 'a watched file changed; not about the turn (and a matcher makes Claude watch files)' },
  DirectoryAdded: { ignored: 'a folder was added with /add-dir; not about the turn' },
  MessageDisplay: { ignored: 'a message is shown; the events around it tell the state' },
  PreSkillShellCommand: { ignored: 'a skill runs a shell command inside a turn that is already working' },
};

// The hook events claude-sessions listens to: those that change the state (EVENT_MEANINGS).
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'UserPromptExpansion',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PostToolBatch',
  'PermissionDenied',
  'SubagentStart',
  'PreCompact',
  'PostCompact',
  'PermissionRequest',
  'Elicitation',
  'ElicitationResult',
  'Notification',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const satisfies readonly ClaudeHookEvent[];
export type HookEvent = (typeof HOOK_EVENTS)[number];

// Events whose hook entries take a matcher (a tool name, a notification type, a source...); '*' matches all.
export const MATCHER_EVENTS: ReadonlySet<HookEvent> = new Set([
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
  'Notification',
]);

// The change `event` (the shim's argument, trusted over the JSON's hook_event_name) makes, or
// undefined: it changes nothing.
export function stateForEvent(event: string, input: HookInput = {}): StateChange | undefined {
  const meaning = Object.hasOwn(EVENT_MEANINGS, event) ? EVENT_MEANINGS[event as ClaudeHookEvent] : undefined;
  return meaning && 'change' in meaning ? meaning.change(input) : undefined;
}

function notificationChange(type: string | undefined): StateChange | undefined {
  const meaning = type !== undefined && Object.hasOwn(NOTIFICATION_MEANINGS, type) ? NOTIFICATION_MEANINGS[type as ClaudeNotificationType] : undefined;
  return meaning && 'change' in meaning ? meaning.change({}) : undefined;
}

// The state each status of `claude agents --json` (and of Claude's session files) means;
// Claude's own UI shows busy and shell both as working. Checked on CLAUDE_CHECKED_VERSION.
export const CLAUDE_STATUS_STATES: Readonly<Record<string, AgentState>> = {
  busy: 'working',
  shell: 'working',
  waiting: 'waiting',
  idle: 'idle',
};

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
// - Seen on 2.1.332: busy ~30 ms after UserPromptSubmit's hook starts (so the reconciler
//   compares statusUpdatedAt with the hook's event time in ms, @claude-event-at); waiting just before
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
