// Turning the facts health gathers into its report: per workspace what is missing or near a
// limit, and the session limit. Pure, for tests; problems are modelled as doctor's are.
import type { Problem } from '../doctor/problems.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

// Scrollback use above this share of history-limit is worth a warning.
export const SCROLLBACK_WARN_RATIO = 0.9;

// One pane of a workspace, as tmux lists it.
export interface PaneFacts {
  /** "WINDOW.PANE" by index, e.g. "0.1". */
  readonly pane: string;
  readonly windowName: string;
  /** @claude-sessions-role ('' when the pane has none). */
  readonly role: string;
  /** In a worktree's window (worktree add makes those; they are not the template's). */
  readonly inWorktreeWindow: boolean;
  readonly historySize: number;
  readonly historyLimit: number;
}

// The windows a template defines, each with its panes' roles in order.
export interface ExpectedWindow {
  readonly name: string;
  readonly roles: readonly string[];
}

// One agent pane of a workspace.
export interface AgentHealth {
  readonly pane: string;
  readonly state: string;
  /** ISO time it entered that state (known only from our hooks). */
  readonly since: string | null;
  /** Whether our hooks report this agent's state. */
  readonly hooks: boolean;
}

// One worktree under the project's .worktrees/.
export interface WorktreeHealth {
  readonly name: string;
  readonly branch: string | null;
  readonly dirty: boolean;
}

// What health found out about one workspace session.
export interface SessionFacts {
  readonly name: string;
  readonly project: string;
  readonly projectDir: string;
  readonly projectExists: boolean;
  /** @claude-sessions-template ('' for a session made by hand). */
  readonly template: string;
  /** The template's windows; undefined when there is no template or it cannot be loaded. */
  readonly expected: readonly ExpectedWindow[] | undefined;
  /** Why the recorded template could not be loaded. */
  readonly templateError?: string;
  readonly panes: readonly PaneFacts[];
  readonly worktrees: readonly WorktreeHealth[];
  readonly agents: readonly AgentHealth[];
  readonly cpuPercent: number;
  readonly memoryKb: number;
}

// The report of one workspace (the --json shape).
export interface SessionHealth {
  readonly name: string;
  readonly project: string;
  readonly projectDir: string;
  readonly template: string | null;
  readonly panes: { readonly expected: number | null; readonly present: number; readonly missing: string[] };
  readonly worktrees: readonly WorktreeHealth[];
  readonly agents: readonly AgentHealth[];
  readonly cpuPercent: number;
  readonly memoryKb: number;
  readonly scrollback: { pane: string; used: number; limit: number }[];
  readonly warnings: Problem[];
}

// The whole report (the --json shape).
export interface HealthReport {
  readonly sessions: SessionHealth[];
  readonly limit: { readonly sessions: number; readonly max: number };
  readonly warnings: Problem[];
}

// The report for some workspaces; `workspaceCount` is every workspace on the server (the
// limit counts them all even when one session is asked about).
export function healthReport(sessions: readonly SessionFacts[], workspaceCount: number, maxSessions: number): HealthReport {
  const warnings: Problem[] = [];
  if (workspaceCount > maxSessions) {
    warnings.push(
      warning(
        `${workspaceCount} workspace sessions, more than ${USER_OPTIONS.maxSessions} (${maxSessions}): every agent costs CPU and memory`,
        `kill the ones you are done with (claude-sessions kill PROJECT saves it first and prints the command that brings it back), or raise ${USER_OPTIONS.maxSessions}`,
      ),
    );
  }
  return { sessions: sessions.map(sessionHealth), limit: { sessions: workspaceCount, max: maxSessions }, warnings };
}

// One workspace's checks.
export function sessionHealth(facts: SessionFacts): SessionHealth {
  const warnings: Problem[] = [];
  if (!facts.projectExists) {
    warnings.push(
      warning(`the project folder ${facts.projectDir} no longer exists`, `kill the workspace (claude-sessions kill ${facts.name}) or put the folder back`),
    );
  }
  if (facts.template !== '' && facts.expected === undefined) {
    warnings.push(warning(`template ${facts.template} cannot be loaded, so its panes were not checked: ${facts.templateError ?? 'not found'}`, 'claude-sessions templates list shows the templates there are'));
  }
  const missing = facts.expected === undefined ? [] : missingPanes(facts.expected, facts.panes);
  if (missing.length > 0) {
    warnings.push(
      warning(
        `${missing.length} pane${missing.length === 1 ? '' : 's'} of template ${facts.template} missing: ${missing.join(', ')}`,
        `split a pane and mark it (tmux set-option -p ${WORKSPACE_OPTIONS.role} ROLE), or rebuild: claude-sessions kill ${facts.name}, then claude-sessions new ${facts.projectDir}`,
      ),
    );
  }
  const extra = facts.expected === undefined ? 0 : facts.panes.filter((pane) => !pane.inWorktreeWindow).length - expectedCount(facts.expected);
  if (extra > 0) {
    warnings.push(
      warning(
        `${extra} pane${extra === 1 ? '' : 's'} more than template ${facts.template} makes: each holds a shell (or more) in memory`,
        'close the panes you no longer use (prefix x), to free their resources',
      ),
    );
  }
  const unhooked = facts.agents.filter((agent) => !agent.hooks);
  if (unhooked.length > 0) {
    warnings.push(
      warning(
        `${unhooked.length} agent${unhooked.length === 1 ? '' : 's'} without claude-sessions hooks (${unhooked.map((agent) => agent.pane).join(', ')}): the status line and the jump key miss them`,
        'run claude-sessions hooks install and restart those agents, or start them from a workspace',
      ),
    );
  }
  for (const agent of facts.agents.filter((entry) => entry.state === 'error')) {
    warnings.push(warning(`the agent in pane ${agent.pane} stopped on an error${agent.since ? ` (since ${agent.since})` : ''}`, `look at pane ${agent.pane}; send it a new prompt to go on`));
  }
  const scrollback = facts.panes.map((pane) => ({ pane: pane.pane, used: pane.historySize, limit: pane.historyLimit }));
  const full = scrollback.filter(nearlyFull);
  if (full.length > 0) {
    warnings.push(
      warning(
        `scrollback over ${Math.round(SCROLLBACK_WARN_RATIO * 100)}% of history-limit in pane${full.length === 1 ? '' : 's'} ${full.map((entry) => `${entry.pane} (${entry.used}/${entry.limit})`).join(', ')}: older lines are being dropped`,
        'raise history-limit (set -g history-limit 50000 in tmux.conf, or history-limit: in the template; new panes get it), or clear-history in panes you no longer need',
      ),
    );
  }
  return {
    name: facts.name,
    project: facts.project,
    projectDir: facts.projectDir,
    template: facts.template || null,
    panes: { expected: facts.expected === undefined ? null : expectedCount(facts.expected), present: facts.panes.length, missing },
    worktrees: facts.worktrees,
    agents: facts.agents,
    cpuPercent: facts.cpuPercent,
    memoryKb: facts.memoryKb,
    scrollback,
    warnings,
  };
}

// Whether a pane's scrollback is above the warning share of its limit.
export function nearlyFull(entry: { used: number; limit: number }): boolean {
  return entry.limit > 0 && entry.used > entry.limit * SCROLLBACK_WARN_RATIO;
}

// The template's panes a session lacks, as "WINDOW.N (ROLE)": windows are matched by name,
// panes within a window by role (a pane without a role stands for any one).
export function missingPanes(expected: readonly ExpectedWindow[], panes: readonly PaneFacts[]): string[] {
  const missing: string[] = [];
  const used = new Set<PaneFacts>();
  for (const window of expected) {
    const present = panes.filter((pane) => pane.windowName === window.name && !used.has(pane));
    const take = (match: (pane: PaneFacts) => boolean) => {
      const found = present.find((pane) => !used.has(pane) && match(pane));
      if (found) used.add(found);
      return found !== undefined;
    };
    const unmatched = window.roles.map((role, index) => ({ role, index })).filter(({ role }) => !take((pane) => pane.role === role));
    for (const { role, index } of unmatched) {
      if (!take((pane) => pane.role === '')) missing.push(`${window.name}.${index} (${role})`);
    }
  }
  return missing;
}

// The status-line summary: '' when all is well, else "⚠ N" where N counts the workspaces
// with warnings, plus one when the session limit is passed.
export function healthSummary(report: HealthReport): string {
  const count = report.sessions.filter((session) => session.warnings.length > 0).length + (report.warnings.length > 0 ? 1 : 0);
  return count === 0 ? '' : `⚠ ${count}`;
}

function warning(message: string, fix: string): Problem {
  return { level: 'warning', message, fix };
}

// Panes a template makes in all.
function expectedCount(expected: readonly ExpectedWindow[]): number {
  return expected.reduce((sum, window) => sum + window.roles.length, 0);
}
