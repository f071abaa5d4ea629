// Which workspaces a cleanup would kill, and why it keeps the others: nothing is changed here.
import { listAgentPanes, type AgentsLister } from '../agents/agent-panes.ts';
import { listWorkspaceSessions, type WorkspaceSession } from '../workspace/sessions.ts';
import type { RecordOf, TmuxClient } from '../tmux/index.ts';
import { dirtyWorktrees } from './dirty.ts';
import { ACTIVITY_MARK } from './recheck.ts';

// Which time a workspace's age is counted from.
export type AgeBasis = 'activity' | 'created';

// Why a workspace is kept; all but `too recent`, `active` and `failed` (its save or kill)
// give way to --force. `active`: something happened in it after it was checked.
export type KeepReason = 'too recent' | 'attached' | 'agent working' | 'agent waiting' | 'dirty worktree' | 'worktree unknown' | 'active' | 'failed';

// One workspace and what cleanup makes of it.
export interface Assessment {
  readonly session: string;
  readonly sessionId: string;
  readonly projectDir: string;
  /** The time its age counts from (last activity, or creation). */
  readonly since: Date;
  /** Seconds between `since` and now. */
  readonly age: number;
  /** Empty when nothing holds it back. */
  readonly reasons: readonly KeepReason[];
  /** Worktrees with uncommitted changes (checked only for workspaces old enough). */
  readonly dirtyWorktrees: readonly string[];
  /** ACTIVITY_MARK as it read when the workspace was assessed (the kill checks it again). */
  readonly activityMark: string;
}

// What to look for.
export interface PlanOptions {
  /** Workspaces at least this many seconds old are candidates. */
  readonly olderThan: number;
  readonly by: AgeBasis;
  readonly now?: Date | undefined;
  /** How to ask Claude Code about agents without our hook (tests). */
  readonly listAgents?: AgentsLister | undefined;
}

const WINDOW_ACTIVITY = { command: ['list-windows', '-a'], fields: { session: '#{session_id}', activity: '#{window_activity}' } } as const;
const SESSION_ACTIVITY = { command: ['list-sessions'], fields: { session: '#{session_id}', mark: ACTIVITY_MARK } } as const;

// Every workspace on the server, oldest first, with what keeps it (if anything).
export async function planCleanup(client: TmuxClient, options: PlanOptions): Promise<Assessment[]> {
  const { sessions } = await listWorkspaceSessions(client);
  if (sessions.length === 0) return [];
  const now = (options.now ?? new Date()).getTime();
  const { latest: activity, marks } = await readActivity(client);
  const agents = await agentStates(client, options.listAgents);
  const assessed = sessions.map((session) => {
    const since = sinceOf(session, options.by, activity);
    const activityMark = marks.get(session.id) ?? '';
    const age = Math.max(0, Math.floor((now - since.getTime()) / 1000));
    const { reasons, dirty } = age < options.olderThan ? { reasons: ['too recent' as const], dirty: [] } : holdsOf(session, agents);
    return { session: session.name, sessionId: session.id, projectDir: session.projectDir, since, age, reasons, dirtyWorktrees: dirty, activityMark };
  });
  return assessed.sort((a, b) => b.age - a.age || (a.session < b.session ? -1 : 1));
}

// Last activity: a key pressed in the session, or output in any of its windows (an agent
// working in a detached session is not idle).
function sinceOf(session: WorkspaceSession, by: AgeBasis, activity: ReadonlyMap<string, number>): Date {
  if (by === 'created') return session.created;
  return new Date(Math.max(session.lastActivity.getTime(), activity.get(session.id) ?? 0));
}

// The latest window activity per session id (milliseconds), and each session's ACTIVITY_MARK.
async function readActivity(client: TmuxClient): Promise<{ latest: Map<string, number>; marks: Map<string, string> }> {
  const [windows = [], sessions = []] = await client.listMany([WINDOW_ACTIVITY, SESSION_ACTIVITY]);
  const latest = new Map<string, number>();
  for (const window of windows as RecordOf<typeof WINDOW_ACTIVITY.fields>[]) {
    const time = Number(window.activity) * 1000;
    if (time > (latest.get(window.session) ?? 0)) latest.set(window.session, time);
  }
  const marks = new Map((sessions as RecordOf<typeof SESSION_ACTIVITY.fields>[]).map((session) => [session.session, session.mark]));
  return { latest, marks };
}

// Agent states per session name.
async function agentStates(client: TmuxClient, listAgents: AgentsLister | undefined): Promise<Map<string, Set<string>>> {
  const states = new Map<string, Set<string>>();
  for (const pane of await listAgentPanes(client, listAgents)) {
    states.set(pane.session, (states.get(pane.session) ?? new Set()).add(pane.state));
  }
  return states;
}

// What keeps a workspace old enough to go: clients, busy agents, uncommitted work.
function holdsOf(session: WorkspaceSession, agents: ReadonlyMap<string, ReadonlySet<string>>): { reasons: KeepReason[]; dirty: readonly string[] } {
  const reasons: KeepReason[] = [];
  if (session.attached > 0) reasons.push('attached');
  const states = agents.get(session.name);
  if (states?.has('working')) reasons.push('agent working');
  if (states?.has('waiting')) reasons.push('agent waiting');
  const check = dirtyWorktrees(session.projectDir);
  if (check.dirty.length > 0) reasons.push('dirty worktree');
  if (check.unknown !== undefined) reasons.push('worktree unknown');
  return { reasons, dirty: check.dirty };
}
