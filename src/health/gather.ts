// Gathering what health checks: one tmux call for sessions and panes, one for agents, the
// templates the sessions were built from, git for their worktrees, and one CPU sample.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { listAgentPanes, type AgentsLister } from '../agents/agent-panes.ts';
import { UserError } from '../util/errors.ts';
import { projectOfSession, sessionNameFor, tmuxSafeName } from '../workspace/session-name.ts';
import { effectiveOptions, optionValue, OPTIONS_QUERY } from '../options/read.ts';
import { loadTemplate } from '../templates/lookup.ts';
import { TmuxError, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { listWorktrees, uncommittedChanges } from '../worktrees/git.ts';
import { healthReport, type AgentHealth, type ExpectedWindow, type HealthReport, type PaneFacts, type SessionFacts, type WorktreeHealth } from './checks.ts';
import { maxSessionsOf } from './limit.ts';
import { measureUsage } from './process-usage.ts';
import { WORKTREES_FOLDER } from '../worktrees/names.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

const SESSION_FIELDS = {
  name: '#{session_name}',
  path: '#{session_path}',
  projectDir: `#{${WORKSPACE_OPTIONS.projectDir}}`,
  template: `#{${WORKSPACE_OPTIONS.template}}`,
} as const;

const PANE_FIELDS = {
  session: '#{session_name}',
  window: '#{window_index}',
  windowName: '#{window_name}',
  pane: '#{pane_index}',
  pid: '#{pane_pid}',
  role: `#{${WORKSPACE_OPTIONS.role}}`,
  worktree: `#{${WORKSPACE_OPTIONS.worktree}}`,
  historySize: '#{history_size}',
  historyLimit: '#{history_limit}',
} as const;

// How health runs; tests pass their own agent lister and a shorter sample.
export interface HealthOptions {
  /** Only this workspace (session name, or project name). */
  readonly session?: string | undefined;
  readonly listAgents?: AgentsLister;
  readonly sampleMs?: number;
  /** Leave out worktrees (git runs per project; the status summary does not need them). */
  readonly skipWorktrees?: boolean;
}

// The health of every workspace on the server (or the one asked for).
export async function gatherHealth(client: TmuxClient, options: HealthOptions = {}): Promise<HealthReport> {
  let results;
  try {
    results = await client.listMany([
      OPTIONS_QUERY,
      { command: ['list-sessions'], fields: SESSION_FIELDS },
      { command: ['list-panes', '-a'], fields: PANE_FIELDS },
    ]);
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server' && options.session === undefined) return healthReport([], 0, maxSessionsOf(effectiveOptions(undefined)));
    throw error;
  }
  const [optionRecords = [], sessionRecords = [], paneRecords = []] = results;
  const settings = effectiveOptions(optionRecords[0] as Parameters<typeof effectiveOptions>[0]);
  const prefix = optionValue(settings, USER_OPTIONS.prefix);
  const workspaces = (sessionRecords as RecordOf<typeof SESSION_FIELDS>[])
    .map((raw) => ({ ...raw, project: projectOfSession(raw.name, prefix) }))
    .filter((raw): raw is typeof raw & { project: string } => raw.project !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let chosen = workspaces;
  if (options.session !== undefined) {
    const wanted = options.session;
    const byProject = tmuxSafeName(wanted) === '' ? undefined : sessionNameFor(wanted, prefix);
    chosen = workspaces.filter((raw) => raw.name === wanted || raw.name === byProject);
    if (chosen.length === 0) throw new UserError(`no workspace session named ${JSON.stringify(wanted)} on ${client.serverLabel()}`);
    chosen = chosen.slice(0, 1);
  }
  const panes = paneRecords as RecordOf<typeof PANE_FIELDS>[];
  const names = new Set(chosen.map((raw) => raw.name));
  const agents = chosen.length === 0 ? [] : (await listAgentPanes(client, options.listAgents)).filter((agent) => names.has(agent.session));
  const usage = await measureUsage(
    new Map(chosen.map((raw) => [raw.name, panes.filter((pane) => pane.session === raw.name).map((pane) => Number(pane.pid))])),
    options.sampleMs,
  );
  const facts: SessionFacts[] = [];
  for (const raw of chosen) {
    const projectDir = raw.projectDir || raw.path;
    const projectExists = isFolder(projectDir);
    const expected = raw.template === '' ? undefined : await expectedWindows(raw.template, projectExists ? projectDir : undefined);
    facts.push({
      name: raw.name,
      project: raw.project,
      projectDir,
      projectExists,
      template: raw.template,
      expected: expected !== undefined && 'windows' in expected ? expected.windows : undefined,
      ...(expected !== undefined && 'error' in expected ? { templateError: expected.error } : {}),
      panes: panes.filter((pane) => pane.session === raw.name).map(paneFacts),
      worktrees: projectExists && !options.skipWorktrees ? worktreesOf(projectDir) : [],
      agents: agents
        .filter((agent) => agent.session === raw.name)
        .map((agent): AgentHealth => ({
          pane: `${agent.window}.${agent.pane}`,
          state: agent.state,
          since: agent.since === undefined ? null : new Date(agent.since * 1000).toISOString(),
          hooks: agent.source === 'hook',
        })),
      cpuPercent: usage.get(raw.name)?.cpuPercent ?? 0,
      memoryKb: usage.get(raw.name)?.memoryKb ?? 0,
    });
  }
  return healthReport(facts, workspaces.length, maxSessionsOf(settings));
}

function paneFacts(pane: RecordOf<typeof PANE_FIELDS>): PaneFacts {
  return {
    pane: `${pane.window}.${pane.pane}`,
    windowName: pane.windowName,
    role: pane.role,
    inWorktreeWindow: pane.worktree !== '',
    historySize: Number(pane.historySize) || 0,
    historyLimit: Number(pane.historyLimit) || 0,
  };
}

// The windows of the template a session was built from, looked up as `new` finds it.
async function expectedWindows(name: string, projectDir: string | undefined): Promise<{ windows: ExpectedWindow[] } | { error: string }> {
  try {
    const { template } = await loadTemplate(name, projectDir === undefined ? {} : { projectDir });
    return { windows: template.windows.map((window) => ({ name: window.name, roles: window.panes.map((pane) => pane.role) })) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

// The worktrees under PROJECT/.worktrees/, and whether each has uncommitted changes; none
// when the project is not a git repository (or git is missing).
function worktreesOf(projectDir: string): WorktreeHealth[] {
  let all;
  try {
    all = listWorktrees(projectDir);
  } catch {
    return [];
  }
  const main = all[0]?.path;
  if (main === undefined) return [];
  const folder = `${realPath(main)}${sep}${WORKTREES_FOLDER}${sep}`;
  return all
    .filter((worktree) => `${realPath(worktree.path)}${sep}`.startsWith(folder))
    .map((worktree) => ({
      name: relative(folder, realPath(worktree.path)),
      branch: worktree.branch ?? null,
      dirty: !worktree.prunable && existsSync(worktree.path) && hasChanges(worktree.path),
    }));
}

function hasChanges(path: string): boolean {
  try {
    return uncommittedChanges(path).length > 0;
  } catch {
    return false;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isFolder(path: string): boolean {
  try {
    return path !== '' && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
