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
