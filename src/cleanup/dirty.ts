// Whether a workspace's project has work not committed: its folder's worktree, or any
// worktree of the same repository under that folder (.worktrees/X), with changes.
import { existsSync, realpathSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { UserError } from '../util/errors.ts';
import { GitError, listWorktrees, uncommittedChanges } from '../worktrees/git.ts';

// The worktrees with uncommitted changes, or why that could not be told (git missing).
export interface DirtyCheck {
  readonly dirty: readonly string[];
  readonly unknown?: string;
}

// Dirty worktrees of the project in projectDir; a folder that is gone or not in git is clean.
export function dirtyWorktrees(projectDir: string): DirtyCheck {
  if (projectDir === '' || !existsSync(projectDir)) return { dirty: [] };
  const folder = realpathSync(projectDir);
  let worktrees;
  try {
    worktrees = listWorktrees(folder);
  } catch (error) {
    if (error instanceof GitError) return { dirty: [] };
    if (error instanceof UserError) return { dirty: [], unknown: error.message };
    throw error;
  }
  const live = worktrees.filter((worktree) => !worktree.bare && !worktree.prunable);
  // The worktree holding the project folder (the innermost), and those inside the folder.
  const holding = live.filter((worktree) => isWithin(folder, worktree.path)).sort((a, b) => b.path.length - a.path.length)[0];
  const checked = live.filter((worktree) => worktree === holding || isWithin(worktree.path, folder));
  const dirty: string[] = [];
  for (const worktree of checked) {
    try {
      if (uncommittedChanges(worktree.path).length > 0) dirty.push(worktree.path);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
    }
  }
  return { dirty };
}

// True when path is folder or lies under it.
function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
