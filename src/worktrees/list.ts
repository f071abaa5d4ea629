// The worktrees of a project as `worktree ls` shows them: the main one and those under
// .worktrees/, each with its branch, changes, distance from its base, window and agent.
import { basename, dirname, join } from 'node:path';
import type { TmuxClient } from '../tmux/index.ts';
import { recordedBase } from './add.ts';
import { aheadBehind, GitError, listWorktrees, uncommittedChanges, type Worktree } from './git.ts';
import { WORKTREES_FOLDER } from './names.ts';
import type { WorktreeProject } from './project.ts';
import { worktreeWindows, type WindowAgentState, type WorktreeWindow } from './windows.ts';

// One row of `worktree ls` (these field names are the --json output).
export interface WorktreeRow {
  readonly name: string;
  readonly path: string;
  /** True for the project's main worktree. */
  readonly main: boolean;
  /** Branch checked out; null when detached. */
  readonly branch: string | null;
  readonly head: string;
  readonly detached: boolean;
  /** Number of uncommitted changes; null when git could not tell (a missing folder). */
  readonly dirty: number | null;
  /** What ahead/behind compare against: the recorded base, else the main worktree's branch. */
  readonly base: string | null;
  readonly ahead: number | null;
  readonly behind: number | null;
  /** Its window, "session:index", when the workspace has one. */
  readonly window: string | null;
  readonly agent: WindowAgentState;
}

// The project's worktrees that claude-sessions manages, main one first.
export function projectWorktrees(mainDir: string): { main: Worktree; others: Worktree[] } {
  const [main, ...rest] = listWorktrees(mainDir);
  if (main === undefined) throw new Error(`git lists no worktree in ${mainDir}`);
  const folder = join(main.path, WORKTREES_FOLDER);
  return { main, others: rest.filter((worktree) => dirname(worktree.path) === folder) };
}

// The base a worktree is compared against: recorded at add time, else the main worktree's branch.
export function baseOf(mainDir: string, worktree: Worktree, main: Worktree): string | undefined {
  return (worktree.branch !== undefined ? recordedBase(mainDir, worktree.branch) : undefined) ?? main.branch;
}

// Every row of `worktree ls` for a project.
export async function listProjectWorktrees(client: TmuxClient, project: WorktreeProject): Promise<WorktreeRow[]> {
  const { main, others } = projectWorktrees(project.dir);
  const windows = project.session ? await worktreeWindows(client, project.session.id) : [];
  const mainRow = row(main, basename(main.path), true, undefined, []);
  return [mainRow, ...others.map((worktree) => row(worktree, basename(worktree.path), false, baseOf(project.dir, worktree, main), windows))];
}

// "main", "detached at abc1234".
export function branchLabel(row: Pick<WorktreeRow, 'branch' | 'head'>): string {
  return row.branch ?? `detached at ${row.head.slice(0, 7)}`;
}

function row(worktree: Worktree, name: string, isMain: boolean, base: string | undefined, windows: readonly WorktreeWindow[]): WorktreeRow {
  const distance = base !== undefined && !worktree.prunable ? aheadBehind(worktree.path, base) : undefined;
  const window = windows.find((candidate) => candidate.worktree === name);
  return {
    name,
    path: worktree.path,
    main: isMain,
    branch: worktree.branch ?? null,
    head: worktree.head,
    detached: worktree.detached,
    dirty: changeCount(worktree),
    base: base ?? null,
    ahead: distance?.ahead ?? null,
    behind: distance?.behind ?? null,
    window: window?.target ?? null,
    agent: window?.agent ?? 'none',
  };
}

function changeCount(worktree: Worktree): number | null {
  if (worktree.prunable) return null;
  try {
    return uncommittedChanges(worktree.path).length;
  } catch (error) {
    if (error instanceof GitError) return null;
    throw error;
  }
}
