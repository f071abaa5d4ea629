// Worktree names: one word that is at once a folder under .worktrees/, a branch and a
// tmux window name; checked before anything is made.
import { UserError } from '../util/errors.ts';
import { git, GitError } from './git.ts';

// The folder (under the main worktree) that holds the worktrees claude-sessions makes.
export const WORKTREES_FOLDER = '.worktrees';

// The name itself, or a UserError saying what is wrong with it. git decides the last word
// (`git check-ref-format --branch`), run in repoDir.
export function checkWorktreeName(name: string, repoDir: string): string {
  const problem = nameProblem(name);
  if (problem !== undefined) throw new UserError(`bad worktree name ${JSON.stringify(name)}: ${problem}`, 2);
  let checked: string;
  try {
    checked = git(repoDir, ['check-ref-format', '--branch', name]).trim();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UserError(`bad worktree name ${JSON.stringify(name)}: git refuses it as a branch name (see git help check-ref-format)`, 2);
  }
  // `--branch` expands @ and @{-N} to other branches' names: those are not names of their own.
  if (checked !== name) throw new UserError(`bad worktree name ${JSON.stringify(name)}: git reads it as another branch (${checked})`, 2);
  return name;
}

// What is wrong with a name before git is asked, or undefined.
function nameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it names a folder, not a worktree';
  if (name.startsWith('-')) return 'it starts with "-"';
  if (name === '@' || name.includes('@{')) return 'git reads "@" and "@{" as other commits';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(name)) return 'it contains control characters';
  if (name.includes('/')) return 'it contains "/" (use e.g. feat-x)';
  if (/\s/u.test(name)) return 'it contains whitespace';
  return undefined;
}
