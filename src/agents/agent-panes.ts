// Every pane running a Claude agent, and its state: from our hook's pane options when the
// hook has reported; otherwise (an agent started without our hooks) from `claude agents
// --json` when that command exists, matched by pid; else `unknown`.
import { basename } from 'node:path';
import { processArgs, readPaneProcesses, type ProcessEntry } from '../programs/pane-commands.ts';
import { runProgram } from '../programs/run.ts';
import type { ListQuery, RecordOf, TmuxClient } from '../tmux/index.ts';
import { CLAUDE_STATUS_STATES, PANE_OPTIONS, type AgentState } from './claude-contract.ts';

// Where a state came from: our hook, Claude's own `claude agents --json`, or neither.
export type StateSource = 'hook' | 'claude agents' | 'none';

// One agent pane.
export interface AgentPane {
  readonly paneId: string;
  readonly session: string;
  readonly window: number;
  readonly windowName: string;
  readonly pane: number;
  readonly state: AgentState | 'unknown';
  /** Seconds since the epoch when it entered that state (hook only). */
  readonly since: number | undefined;
  readonly reason: string | undefined;
  readonly sessionId: string | undefined;
  readonly source: StateSource;
  /** The pid of the Claude process found under the pane, if any. */
  readonly pid: number | undefined;
}

const PANE_FIELDS = {
  id: '#{pane_id}',
  session: '#{session_name}',
  window: '#{window_index}',
  windowName: '#{window_name}',
  pane: '#{pane_index}',
  pid: '#{pane_pid}',
  state: `#{${PANE_OPTIONS.state}}`,
  since: `#{${PANE_OPTIONS.since}}`,
  reason: `#{${PANE_OPTIONS.waitingReason}}`,
  sessionId: `#{${PANE_OPTIONS.sessionId}}`,
} as const;

const STATES: ReadonlySet<string> = new Set(['working', 'waiting', 'idle', 'error', 'exited']);

// One entry of `claude agents --json`, as far as it is used.
interface ClaudeAgent {
  readonly pid?: number;
  readonly status?: string;
  readonly waitingFor?: string;
  readonly sessionId?: string;
}

// How to ask Claude Code about its live sessions (tests pass their own).
export type AgentsLister = () => readonly ClaudeAgent[] | undefined;

// The tmux query behind listAgentPanes, for callers that batch it with queries of their own.
export const AGENT_PANES_QUERY: ListQuery<typeof PANE_FIELDS> = { command: ['list-panes', '-a'], fields: PANE_FIELDS };

// The agent panes on the server: one tmux query, one process read, and `claude agents
// --json` only when some Claude pane has no hook state.
export async function listAgentPanes(client: TmuxClient, listAgents: AgentsLister = claudeAgents): Promise<AgentPane[]> {
  return agentPanesOf(await client.list(AGENT_PANES_QUERY), listAgents);
}

// The agent panes among AGENT_PANES_QUERY's records (only those in `sessions`, by name, when given).
export function agentPanesOf(listed: readonly RecordOf<typeof PANE_FIELDS>[], listAgents: AgentsLister = claudeAgents, sessions?: ReadonlySet<string>): AgentPane[] {
  // Only the panes asked about have their processes read: on a big server most are not.
  const panes = sessions === undefined ? listed : listed.filter((pane) => sessions.has(pane.session));
  const table = readPaneProcesses(panes.map((pane) => Number(pane.pid)));
  const processes = 'processes' in table ? table.processes : [];
  let agents: readonly ClaudeAgent[] | undefined | null = null;
  const found: AgentPane[] = [];
  for (const pane of panes) {
    // Claude typed at the pane's shell is its child; a pane started as `claude` is Claude itself.
    const claude = processes.find((entry) => entry.ppid === Number(pane.pid) && isClaude(entry)) ?? itself(Number(pane.pid));
    const base = {
      paneId: pane.id,
      session: pane.session,
      window: Number(pane.window),
      windowName: pane.windowName,
      pane: Number(pane.pane),
      pid: claude?.pid,
    };
    if (STATES.has(pane.state)) {
      // Our hook reported; an `exited` agent with no process left is not an agent pane any more.
      if (pane.state === 'exited' && claude === undefined) continue;
      found.push({ ...base, state: pane.state as AgentState, since: Number(pane.since) || undefined, reason: pane.reason || undefined, sessionId: pane.sessionId || undefined, source: 'hook' });
      continue;
    }
    if (claude === undefined) continue;
    if (agents === null) agents = listAgents();
    const agent = agents?.find((entry) => entry.pid === claude.pid);
    const state = agent ? stateOfStatus(agent.status) : 'unknown';
    found.push({ ...base, state, since: undefined, reason: agent?.waitingFor, sessionId: agent?.sessionId, source: agent ? 'claude agents' : 'none' });
  }
  return found;
}

// Claude's process title may be a version string, so it is recognised by its command line:
// `claude ...` (the native build), or node running `claude` (npm's link) or Claude Code's cli.js.
// Claude Code sets its process title to its version, which on Linux replaces the command
// line as well: a command line that is only a version number is taken for Claude too.
export function isClaude(entry: Pick<ProcessEntry, 'args'>): boolean {
  if (/^\d+\.\d+\.\d+(?:[-+][\w.]+)?(?: \(Claude Code\))?\s*$/.test(entry.args)) return true;
  const [program = '', script = ''] = entry.args.split(' ');
  if (basename(program) === 'claude') return true;
  return basename(program).startsWith('node') && (basename(script) === 'claude' || /claude-code\/cli\.(?:m?js)$/.test(script));
}

function itself(pid: number): Pick<ProcessEntry, 'pid'> | undefined {
  const args = processArgs(pid);
  return args !== undefined && isClaude({ args }) ? { pid } : undefined;
}

// Exact statuses only (busy, shell, waiting, idle): anything else is unknown, not guessed.
function stateOfStatus(status: string | undefined): AgentState | 'unknown' {
  return status !== undefined && Object.hasOwn(CLAUDE_STATUS_STATES, status) ? (CLAUDE_STATUS_STATES[status] ?? 'unknown') : 'unknown';
}

// `claude agents --json`, or undefined when claude is missing, too old, or says nothing usable.
function claudeAgents(): readonly ClaudeAgent[] | undefined {
  const result = runProgram('claude', ['agents', '--json'], { timeoutMs: 3000, stderr: 'ignore' });
  if (result.status !== 0) return undefined;
  try {
    const value = JSON.parse(result.stdout) as unknown;
    return Array.isArray(value) ? (value as ClaudeAgent[]) : undefined;
  } catch {
    return undefined;
  }
}
