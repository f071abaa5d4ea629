// Removing a worktree: refused while it holds work (uncommitted changes, commits not in its
// base) unless forced; its windows closed, the worktree removed, the branch kept unless asked.
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { aheadBehind, git, GitError, uncommittedChanges } from './git.ts';
import { baseOf, projectWorktrees } from './list.ts';
import { WORKTREES_FOLDER } from './names.ts';
import type { WorktreeProject } from './project.ts';
import { killWindows, worktreeWindows } from './windows.ts';

// How much of a dirty worktree's changes a refusal lists.
const LISTED_CHANGES = 10;

// What `worktree rm` may do.
export interface RemoveOptions {
  readonly force?: boolean;
  readonly deleteBranch?: boolean;
}

// What removeWorktree did.
export interface RemovedWorktree {
  readonly path: string;
  readonly closedWindows: readonly string[];
  /** The branch deleted, when asked to and it had one. */
  readonly deletedBranch: string | undefined;
  readonly keptBranch: string | undefined;
}

// Remove .worktrees/NAME of the project; a UserError says why not (nothing done then).
export async function removeWorktree(client: TmuxClient, project: WorktreeProject, name: string, options: RemoveOptions = {}): Promise<RemovedWorktree> {
  const { main, others } = projectWorktrees(project.dir);
  const path = join(project.dir, WORKTREES_FOLDER, name);
  const worktree = others.find((candidate) => candidate.path === path);
  if (worktree === undefined) throw new UserError(`no worktree ${JSON.stringify(name)} in ${project.dir} (see claude-sessions worktree ls)`);
  if (!options.force && !worktree.prunable) refuseWithWork(path, name, baseOf(project.dir, worktree, main));

  const windows = project.session ? (await worktreeWindows(client, project.session.id)).filter((window) => window.worktree === name) : [];
  const closedWindows = await killWindows(client, windows);
  try {
    git(project.dir, ['worktree', 'remove', ...(options.force ? ['--force', '--force'] : []), path]);
  } catch (error) {
    if (error instanceof GitError) throw new UserError(`git worktree remove failed: ${error.stderr.trim() || error.message}`);
    throw error;
  }
  const branch = worktree.branch;
  if (!options.deleteBranch || branch === undefined) return { path, closedWindows, deletedBranch: undefined, keptBranch: branch };
  try {
    git(project.dir, ['branch', options.force ? '-D' : '-d', branch]);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UserError(`worktree ${path} removed, but branch ${branch} was kept: ${error.stderr.trim() || error.message}`);
  }
  return { path, closedWindows, deletedBranch: branch, keptBranch: undefined };
}

// Throws when the worktree has uncommitted changes or commits its base lacks.
function refuseWithWork(path: string, name: string, base: string | undefined): void {
  const changes = uncommittedChanges(path);
  if (changes.length > 0) {
    const listed = changes.slice(0, LISTED_CHANGES).map((line) => `  ${line}`);
    if (changes.length > LISTED_CHANGES) listed.push(`  … and ${changes.length - LISTED_CHANGES} more`);
    throw new UserError(`worktree ${name} has ${changes.length} uncommitted change(s); commit or stash them, or pass --force:\n${listed.join('\n')}`);
  }
  if (base === undefined) throw new UserError(`worktree ${name}: no base to check its commits against (detached main worktree); pass --force to remove it`);
  const distance = aheadBehind(path, base);
  if (distance === undefined) throw new UserError(`worktree ${name}: its base ${base} does not resolve, so its commits cannot be checked; pass --force to remove it`);
  if (distance.ahead > 0) {
    throw new UserError(`worktree ${name} has ${distance.ahead} commit(s) not merged into ${base}; merge them, or pass --force`);
  }
}
