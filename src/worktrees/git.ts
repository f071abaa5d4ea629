// The git facts the worktree, health and cleanup commands need, each one git call run with
// an argv array (never a shell) in the folder it concerns.
import { DomainError, UserError } from '../util/errors.ts';
import { LISTING_OUTPUT_LIMIT, runProgram } from '../programs/run.ts';

// One worktree of a repository, as `git worktree list --porcelain` reports it.
export interface Worktree {
  readonly path: string;
  /** Commit checked out ('' for a bare repository). */
  readonly head: string;
  /** Branch name without refs/heads/, undefined when detached or bare. */
  readonly branch: string | undefined;
  readonly detached: boolean;
  readonly bare: boolean;
  readonly locked: boolean;
  readonly prunable: boolean;
}

// A failed git command: what it was and what git said.
export class GitError extends DomainError {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly status: number | null,
  ) {
    super(`git ${args.join(' ')} failed: ${stderr.trim().split('\n')[0] || `exit ${status}`}`);
    this.name = 'GitError';
  }
}

// Run git in a folder; its stdout, or a GitError (a UserError when git is not installed).
export function git(cwd: string, args: readonly string[]): string {
  const result = runProgram('git', ['-C', cwd, ...args], { outputLimit: LISTING_OUTPUT_LIMIT, env: gitEnv() });
  if (result.failure === 'not-found') throw new UserError('git is not installed (or not on PATH)');
  if (result.error) throw result.error;
  if (result.status !== 0) throw new GitError(args, result.stderr, result.status);
  return result.stdout;
}

// The environment git runs in: no optional locks, so reading never blocks a user's git.
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
}

// The top folder of the repository (or worktree) holding dir; a UserError outside git.
export function gitTopLevel(dir: string): string {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    if (error instanceof GitError) throw new UserError(`not a git repository: ${dir}`);
    throw error;
  }
}

// The main worktree of the repository holding dir (the project, even from inside .worktrees/X).
export function mainWorktree(dir: string): string {
  const [first] = listWorktrees(gitTopLevel(dir));
  if (first === undefined) throw new UserError(`git lists no worktree for ${dir}`);
  return first.path;
}

// Every worktree of the repository holding dir, the main one first.
export function listWorktrees(dir: string): Worktree[] {
  return parseWorktreeList(git(dir, WORKTREE_LIST_ARGS));
}

// The git arguments listWorktrees runs (parsed by parseWorktreeList).
export const WORKTREE_LIST_ARGS = ['worktree', 'list', '--porcelain', '-z'] as const;

// Parse `git worktree list --porcelain -z`: NUL-terminated lines, an empty one between entries.
export function parseWorktreeList(output: string): Worktree[] {
  const worktrees: Worktree[] = [];
  let current: Record<string, string> | undefined;
  const flush = () => {
    if (current?.['worktree'] === undefined) return;
    const ref = current['branch'];
    worktrees.push({
      path: current['worktree'],
      head: current['HEAD'] ?? '',
      branch: ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref,
      detached: 'detached' in current,
      bare: 'bare' in current,
      locked: 'locked' in current,
      prunable: 'prunable' in current,
    });
  };
  for (const line of output.split('\0')) {
    if (line === '') {
      flush();
      current = undefined;
      continue;
    }
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    (current ??= {})[key] = space === -1 ? '' : line.slice(space + 1);
  }
  flush();
  return worktrees;
}

// Uncommitted changes in a worktree (tracked or untracked, ignored files left out), as
// `git status --porcelain` lines; [] when clean.
export function uncommittedChanges(worktree: string): string[] {
  return parseStatusEntries(git(worktree, STATUS_ARGS));
}

// The git arguments uncommittedChanges runs (parsed by parseStatusEntries).
export const STATUS_ARGS = ['status', '--porcelain=v1', '-z', '--untracked-files=normal'] as const;

// The changes in `git status --porcelain=v1 -z` output, one entry each.
export function parseStatusEntries(output: string): string[] {
  const entries = output.split('\0');
  const changes: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    if (entry === '') continue;
    changes.push(entry);
    // A rename or copy is followed by its original path, which is not a change of its own.
    if (/^[RC]|^.[RC]/.test(entry)) i++;
  }
  return changes;
}

// Commits in HEAD not in base, and in base not in HEAD; undefined when base does not resolve.
export function aheadBehind(worktree: string, base: string): { ahead: number; behind: number } | undefined {
  let counts: string;
  try {
    counts = git(worktree, ['rev-list', '--left-right', '--count', `HEAD...${base}`, '--']);
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
  const [ahead = 0, behind = 0] = counts.trim().split(/\s+/).map(Number);
  return { ahead, behind };
}
