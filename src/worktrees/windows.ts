// A worktree's window in its project's workspace: opened with a Claude pane started the way
// workspace Claude panes are, marked with @claude-sessions-worktree so ls and rm find it.
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import { claudeLaunchCommand, ensureHookSettingsFile, newSessionId } from '../agents/claude-launch.ts';
import { featuresOf, formatLiteral, type TmuxClient } from '../tmux/index.ts';
import { shellQuote } from '../util/shell-words.ts';
import { CLAUDE_LAUNCH_OPTION, ROLE_OPTION } from '../workspace/plan.ts';
import { typeIntoPanes } from '../workspace/type-when-ready.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

// Window option naming the worktree a window works in.
export const WORKTREE_WINDOW_OPTION = WORKSPACE_OPTIONS.worktree;

// Environment variable a worktree window's pane gets: the worktree's name.
export const WORKTREE_ENV = 'CLAUDE_WORKTREE';

// The agent state of a window, from its panes' @claude-state.
export type WindowAgentState = 'waiting' | 'error' | 'working' | 'idle' | 'none';

// A window marked with a worktree.
export interface WorktreeWindow {
  readonly id: string;
  /** "session:index". */
  readonly target: string;
  readonly worktree: string;
  readonly agent: WindowAgentState;
}

const PANE_FIELDS = {
  windowId: '#{window_id}',
  session: '#{session_name}',
  window: '#{window_index}',
  worktree: `#{${WORKTREE_WINDOW_OPTION}}`,
  state: `#{${PANE_OPTIONS.state}}`,
} as const;

// Most urgent first: a window with one agent waiting shows waiting.
const STATE_ORDER: readonly WindowAgentState[] = ['waiting', 'error', 'working', 'idle'];

// The worktree windows of a session (by id), in window order.
export async function worktreeWindows(client: TmuxClient, sessionId: string): Promise<WorktreeWindow[]> {
  const panes = await client.list({ command: ['list-panes', '-s', '-t', sessionId], fields: PANE_FIELDS });
  const windows = new Map<string, { target: string; worktree: string; states: Set<string> }>();
  for (const pane of panes) {
    if (pane.worktree === '') continue;
    const entry = windows.get(pane.windowId) ?? { target: `${pane.session}:${pane.window}`, worktree: pane.worktree, states: new Set<string>() };
    entry.states.add(pane.state);
    windows.set(pane.windowId, entry);
  }
  return [...windows].map(([id, entry]) => ({
    id,
    target: entry.target,
    worktree: entry.worktree,
    agent: STATE_ORDER.find((state) => entry.states.has(state)) ?? 'none',
  }));
}

// What openWorktreeWindow needs.
export interface WorktreeWindowRequest {
  /** The workspace session's id. */
  readonly sessionId: string;
  readonly worktree: string;
  readonly dir: string;
  /** @claude-sessions-claude-command. */
  readonly claudeCommand: string;
  readonly readyTimeoutMs?: number;
}

// Open the worktree's window (not selected) with Claude typed into its pane once the shell
// is ready; returns the window's "session:index" and id.
export async function openWorktreeWindow(client: TmuxClient, request: WorktreeWindowRequest): Promise<{ target: string; id: string; late: boolean }> {
  const withEnv = featuresOf(await client.serverVersion())['new-window -e'];
  const env = withEnv ? ['-e', `${WORKTREE_ENV}=${request.worktree}`] : [];
  const created = await client.run([
    'new-window', '-d', '-P', '-F', '#{window_id} #{pane_id} #{session_name}:#{window_index}',
    '-t', `${request.sessionId}:`, '-n', formatLiteral(request.worktree), '-c', formatLiteral(request.dir), ...env,
  ]);
  const [windowId = '', paneId = '', ...target] = created.trim().split(' ');
  const sessionId = newSessionId();
  const launch = claudeLaunchCommand(request.claudeCommand, sessionId, ensureHookSettingsFile());
  await client.batch([
    ['set-option', '-w', '-t', windowId, WORKTREE_WINDOW_OPTION, request.worktree],
    ['set-option', '-w', '-t', windowId, 'automatic-rename', 'off'],
    ['set-option', '-p', '-t', paneId, ROLE_OPTION, 'claude'],
    ['select-pane', '-t', paneId, '-T', 'claude'],
    // Known before Claude's first hook, so a save made meanwhile can resume it.
    ['set-option', '-p', '-t', paneId, PANE_OPTIONS.sessionId, sessionId],
    ['set-option', '-p', '-t', paneId, CLAUDE_LAUNCH_OPTION, request.claudeCommand],
  ]);
  // Without new-window -e, the variable goes on Claude's command line instead.
  const typed = withEnv ? launch : `${WORKTREE_ENV}=${shellQuote(request.worktree)} ${launch}`;
  const result = await typeIntoPanes(client, [{ paneId, type: [typed] }], { timeoutMs: request.readyTimeoutMs });
  return { target: target.join(' '), id: windowId, late: result.late.length > 0 };
}

// Kill windows by id; returns their targets.
export async function killWindows(client: TmuxClient, windows: readonly WorktreeWindow[]): Promise<string[]> {
  if (windows.length === 0) return [];
  await client.batch(windows.map((window) => ['kill-window', '-t', window.id]));
  return windows.map((window) => window.target);
}
