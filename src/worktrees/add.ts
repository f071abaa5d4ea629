// Making a worktree: .worktrees/NAME on branch NAME (made from a base, or checked out when it
// exists), kept out of git status through the repository's info/exclude, with its base
// recorded in the repository's config so ls and rm can compare against it.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { git, GitError, listWorktrees } from './git.ts';
import { checkWorktreeName, WORKTREES_FOLDER } from './names.ts';

// The line info/exclude gets: the worktrees folder at the top of the repository only.
export const EXCLUDE_LINE = `/${WORKTREES_FOLDER}/`;

// What addWorktree did.
export interface AddedWorktree {
  readonly name: string;
  readonly path: string;
  readonly branch: string;
  /** False when the branch existed and was checked out. */
  readonly createdBranch: boolean;
  /** What ls and rm compare it against (undefined: the main worktree's branch). */
  readonly base: string | undefined;
  /** True when this call added the exclude line. */
  readonly excluded: boolean;
}

// `git config` key holding the base a worktree's branch was made from.
export function baseConfigKey(branch: string): string {
  return `branch.${branch}.claude-sessions-base`;
}

// The base recorded for a branch, undefined when none was.
export function recordedBase(repoDir: string, branch: string): string | undefined {
  try {
    return git(repoDir, ['config', '--get', baseConfigKey(branch)]).trim() || undefined;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}

// Make .worktrees/NAME in the main worktree mainDir; nothing is made when a check fails.
export function addWorktree(mainDir: string, name: string, baseRef: string | undefined): AddedWorktree {
  checkWorktreeName(name, mainDir);
  const path = join(mainDir, WORKTREES_FOLDER, name);
  if (existsSync(path)) throw new UserError(`${path} already exists`);
  const branchExists = succeeds(mainDir, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`]);
  const ref = baseRef ?? 'HEAD';
  if (ref.startsWith('-')) throw new UserError(`bad base ref ${JSON.stringify(ref)}: it starts with "-"`, 2);
  if ((!branchExists || baseRef !== undefined) && !succeeds(mainDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) {
    throw new UserError(`base ref ${JSON.stringify(ref)} does not exist in ${mainDir}`);
  }
  const checkedOut = branchExists ? listWorktrees(mainDir).find((worktree) => worktree.branch === name) : undefined;
  if (checkedOut) throw new UserError(`branch ${name} is already checked out in ${checkedOut.path}`);
  const excluded = ensureExcluded(mainDir);
  try {
    git(mainDir, branchExists ? ['worktree', 'add', '--quiet', path, name] : ['worktree', 'add', '--quiet', '-b', name, path, ref]);
  } catch (error) {
    if (error instanceof GitError) throw new UserError(`git worktree add failed: ${error.stderr.trim() || error.message}`);
    throw error;
  }
  const base = baseRef ?? (branchExists ? undefined : baseLabel(mainDir));
  if (base !== undefined) git(mainDir, ['config', baseConfigKey(name), base]);
  return { name, path, branch: name, createdBranch: !branchExists, base, excluded };
}

// Add /.worktrees/ to the repository's info/exclude (the common git folder, shared by all
// worktrees) unless it is there; true when it was added. .gitignore is never touched.
export function ensureExcluded(mainDir: string): boolean {
  const commonDir = resolve(mainDir, git(mainDir, ['rev-parse', '--git-common-dir']).trim());
  const file = join(commonDir, 'info', 'exclude');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split('\n').some((line) => line.trim() === EXCLUDE_LINE)) return false;
  mkdirSync(join(commonDir, 'info'), { recursive: true });
  appendFileSync(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${EXCLUDE_LINE}\n`);
  return true;
}

// HEAD, named for later comparisons: the main worktree's branch, or its commit when detached.
function baseLabel(mainDir: string): string {
  const branch = tryGit(mainDir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return branch ?? git(mainDir, ['rev-parse', 'HEAD']).trim();
}

function succeeds(dir: string, args: readonly string[]): boolean {
  return tryGit(dir, args) !== undefined;
}

function tryGit(dir: string, args: readonly string[]): string | undefined {
  try {
    return git(dir, args).trim();
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}
