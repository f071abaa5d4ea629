// Gathering what health checks: one tmux call for sessions, panes, agents and the stored summary, the
// templates the sessions were built from, git for their worktrees (a few shells looping over
// them) and one CPU sample, the last two side by side.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { AGENT_PANES_QUERY, agentPanesOf, type AgentsLister } from '../agents/agent-panes.ts';
import { UserError } from '../util/errors.ts';
import { projectOfSession, sessionNameFor, tmuxSafeName } from '../workspace/session-name.ts';
import { effectiveOptions, optionValue, OPTIONS_QUERY } from '../options/read.ts';
import { loadTemplate } from '../templates/lookup.ts';
import { TmuxError, type ListQuery, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { parseStatusEntries, parseWorktreeList, STATUS_ARGS, WORKTREE_LIST_ARGS } from '../worktrees/git.ts';
import { gitInFolders } from '../worktrees/git-many.ts';
import { healthReport, type AgentHealth, type ExpectedWindow, type HealthReport, type PaneFacts, type SessionFacts, type WorktreeHealth } from './checks.ts';
import { maxSessionsOf } from './limit.ts';
import { measureUsage, type Usage } from './process-usage.ts';
import { WORKTREES_FOLDER } from '../worktrees/names.ts';
import { STATE_OPTIONS, USER_OPTIONS } from '../options/definitions.ts';
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

// The summary #{claude_sessions_health} shows, as stored on the server now.
const STORED_STATUS_QUERY: ListQuery<{ health: string }> = { command: ['display-message', '-p'], fields: { health: `#{${STATE_OPTIONS.health}}` }, formatLast: true };

// How health runs; tests pass their own agent lister and a shorter sample.
export interface HealthOptions {
  /** Only this workspace (session name, or project name). */
  readonly session?: string | undefined;
  readonly listAgents?: AgentsLister;
  readonly sampleMs?: number;
  /** Leave out worktrees (git runs per project; the status summary does not need them). */
  readonly skipWorktrees?: boolean;
  /** Leave out CPU and memory (0 for all; the status summary does not need them). */
  readonly skipUsage?: boolean;
}

// A report, and the summary stored on the server when it was gathered ('' for none).
export interface GatheredHealth {
  readonly report: HealthReport;
  readonly storedStatus: string;
}

// The health of every workspace on the server (or the one asked for).
export async function gatherHealth(client: TmuxClient, options: HealthOptions = {}): Promise<HealthReport> {
  return (await gatherHealthAndStatus(client, options)).report;
}

// gatherHealth, and the stored summary read in the same tmux call (so refreshing it costs no more).
export async function gatherHealthAndStatus(client: TmuxClient, options: HealthOptions = {}): Promise<GatheredHealth> {
  let results;
  try {
    results = await client.listMany([
      OPTIONS_QUERY,
      { command: ['list-sessions'], fields: SESSION_FIELDS },
      { command: ['list-panes', '-a'], fields: PANE_FIELDS },
      AGENT_PANES_QUERY,
      STORED_STATUS_QUERY,
    ]);
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server' && options.session === undefined) return { report: healthReport([], 0, maxSessionsOf(effectiveOptions(undefined))), storedStatus: '' };
    throw error;
  }
  const [optionRecords = [], sessionRecords = [], paneRecords = [], agentRecords = [], statusRecords = []] = results;
  const storedStatus = (statusRecords[0] as { health?: string } | undefined)?.health ?? '';
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
  const panesOf = new Map<string, RecordOf<typeof PANE_FIELDS>[]>(chosen.map((raw) => [raw.name, []]));
  for (const pane of panes) panesOf.get(pane.session)?.push(pane);
  const agents = chosen.length === 0 ? [] : agentPanesOf(agentRecords as RecordOf<typeof AGENT_PANES_QUERY.fields>[], options.listAgents, new Set(panesOf.keys()));
  const folders = chosen.map((raw) => {
    const projectDir = raw.projectDir || raw.path;
    return { projectDir, projectExists: isFolder(projectDir) };
  });
  // The CPU sample is a wait and git runs in other processes: both go on while templates load.
  const usagePending = options.skipUsage ? Promise.resolve(new Map<string, Usage>()) : measureUsage(new Map(chosen.map((raw) => [raw.name, (panesOf.get(raw.name) ?? []).map((pane) => Number(pane.pid))])), options.sampleMs);
  const gitFolders = options.skipWorktrees ? [] : folders.filter(({ projectExists }) => projectExists).map(({ projectDir }) => projectDir);
  const worktreesPending = worktreesOfAll(gitFolders).then((lists) => new Map(gitFolders.map((dir, index) => [dir, lists[index] ?? []])));
  const expected: (Awaited<ReturnType<typeof expectedWindows>> | undefined)[] = [];
  for (const [index, raw] of chosen.entries()) {
    const { projectDir, projectExists } = folders[index] as (typeof folders)[number];
    expected.push(raw.template === '' ? undefined : await expectedWindows(raw.template, projectExists ? projectDir : undefined));
  }
  const [usage, worktrees] = await Promise.all([usagePending, worktreesPending]);
  const facts = chosen.map((raw, index): SessionFacts => {
    const template = expected[index];
    return {
      name: raw.name,
      project: raw.project,
      ...(folders[index] as (typeof folders)[number]),
      template: raw.template,
      expected: template !== undefined && 'windows' in template ? template.windows : undefined,
      ...(template !== undefined && 'error' in template ? { templateError: template.error } : {}),
      panes: (panesOf.get(raw.name) ?? []).map(paneFacts),
      worktrees: worktrees.get((folders[index] as (typeof folders)[number]).projectDir) ?? [],
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
    };
  });
  return { report: healthReport(facts, workspaces.length, maxSessionsOf(settings)), storedStatus };
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

// The worktrees under PROJECT/.worktrees/ of each project, and whether each has uncommitted
// changes; none for a project that is not a git repository (or when git is missing). Two
// rounds of git over every project at once: the worktree lists, then the worktrees' status.
async function worktreesOfAll(projectDirs: readonly string[]): Promise<WorktreeHealth[][]> {
  const lists = await gitInFolders(projectDirs, WORKTREE_LIST_ARGS);
  const found = lists.map((output) => {
    const all = output === undefined ? [] : parseWorktreeList(output);
    const main = all[0]?.path;
    if (main === undefined) return [];
    const folder = `${realPath(main)}${sep}${WORKTREES_FOLDER}${sep}`;
    return all
      .filter((worktree) => `${realPath(worktree.path)}${sep}`.startsWith(folder))
      .map((worktree) => ({ name: relative(folder, realPath(worktree.path)), branch: worktree.branch ?? null, path: worktree.path, readable: !worktree.prunable && existsSync(worktree.path) }));
  });
  const readable = found.flat().filter((worktree) => worktree.readable);
  const statuses = await gitInFolders(readable.map((worktree) => worktree.path), STATUS_ARGS);
  const dirty = new Set(readable.filter((_, index) => parseStatusEntries(statuses[index] ?? '').length > 0));
  return found.map((worktrees) => worktrees.map((worktree) => ({ name: worktree.name, branch: worktree.branch, dirty: dirty.has(worktree) })));
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
