// `health` for people: one row per workspace with ✓/⚠ per check, then the warnings.
import { renderTable } from '../util/table.ts';
import { nearlyFull, type HealthReport, type SessionHealth } from './checks.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

const OK = '✓';
const WARN = '⚠';

// The report as a table, the session limit, then every warning with its fix.
export function renderHealth(report: HealthReport): string {
  const lines: string[] = [];
  if (report.sessions.length === 0) lines.push('no Claude Code workspaces', '');
  else {
    lines.push(
      renderTable(
        ['SESSION', 'PANES', 'AGENTS', 'WORKTREES', 'CPU', 'MEMORY', 'SCROLLBACK'],
        report.sessions.map((session) => [session.name, panesCell(session), agentsCell(session), worktreesCell(session), `${session.cpuPercent.toFixed(1)}%`, formatKb(session.memoryKb), scrollbackCell(session)]),
      ),
    );
  }
  const { sessions, max } = report.limit;
  lines.push(`${sessions > max ? WARN : OK} ${sessions} workspace session${sessions === 1 ? '' : 's'} (at most ${max}: ${USER_OPTIONS.maxSessions})`);
  const warnings = [
    ...report.warnings.map((problem) => ({ where: '', problem })),
    ...report.sessions.flatMap((session) => session.warnings.map((problem) => ({ where: `${session.name}: `, problem }))),
  ];
  lines.push('');
  if (warnings.length === 0) lines.push(`${OK} no warnings`);
  else {
    lines.push(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`);
    for (const { where, problem } of warnings) lines.push(`  ${WARN} ${where}${problem.message}`, `      fix: ${problem.fix}`);
  }
  return `${lines.join('\n')}\n`;
}

function panesCell(session: SessionHealth): string {
  const { expected, present, missing } = session.panes;
  if (expected === null) return `${session.template === null ? '-' : WARN} ${present}`;
  return `${missing.length === 0 ? OK : WARN} ${present}/${expected}`;
}

function agentsCell(session: SessionHealth): string {
  if (session.agents.length === 0) return '-';
  const unhooked = session.agents.filter((agent) => !agent.hooks).length;
  const states = new Map<string, number>();
  for (const agent of session.agents) states.set(agent.state, (states.get(agent.state) ?? 0) + 1);
  const bad = unhooked > 0 || states.has('error');
  const detail = [...states].map(([state, count]) => `${count} ${state}`).join(', ');
  return `${bad ? WARN : OK} ${detail}${unhooked > 0 ? `; ${unhooked} without hooks` : ''}`;
}

function worktreesCell(session: SessionHealth): string {
  if (session.worktrees.length === 0) return '-';
  const dirty = session.worktrees.filter((worktree) => worktree.dirty).length;
  return `${session.worktrees.length}${dirty > 0 ? ` (${dirty} dirty)` : ''}`;
}

function scrollbackCell(session: SessionHealth): string {
  if (session.scrollback.length === 0) return '-';
  const fullest = Math.max(...session.scrollback.map((entry) => (entry.limit > 0 ? entry.used / entry.limit : 0)));
  return `${session.scrollback.some(nearlyFull) ? WARN : OK} ${Math.round(fullest * 100)}%`;
}

// "512 KB", "41.2 MB", "1.3 GB".
export function formatKb(kb: number): string {
  if (kb < 1024) return `${kb} KB`;
  if (kb < 1024 * 1024) return `${(kb / 1024).toFixed(1)} MB`;
  return `${(kb / 1024 / 1024).toFixed(1)} GB`;
}
