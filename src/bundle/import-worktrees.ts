// The git worktrees an imported bundle's windows worked in (.worktrees/NAME under the new
// root): recreated on their branch when the root's repository has it, else a note says why not.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { addWorktree } from '../worktrees/add.ts';
import { git, GitError } from '../worktrees/git.ts';
import { WORKTREES_FOLDER } from '../worktrees/names.ts';
import type { Manifest } from './manifest.ts';

// One worktree the bundle's windows need: where it goes, and whether it can be made.
export interface WorktreeToRecreate {
  readonly name: string;
  readonly path: string;
  /** Why it cannot be made (undefined: it can, on branch `name`). */
  readonly blocked: string | undefined;
}

// The worktrees missing under root that the bundle's windows were in, each checked (nothing made).
export function worktreesToRecreate(manifest: Manifest, root: string): WorktreeToRecreate[] {
  const names = [...new Set(manifest.windows.flatMap((window) => (window.worktree ? [window.worktree] : [])))];
  const missing = names.map((name) => ({ name, path: join(root, WORKTREES_FOLDER, name) })).filter((entry) => !existsSync(entry.path));
  if (missing.length === 0) return [];
  const repository = topLevel(root);
  return missing.map((entry) => ({ ...entry, blocked: blockedBecause(root, repository, entry.name) }));
}

// Make the ones that can be made; a note for each, made or not.
export function recreateWorktrees(worktrees: readonly WorktreeToRecreate[], root: string, notes: string[]): void {
  for (const worktree of worktrees) {
    const where = `${WORKTREES_FOLDER}/${worktree.name}`;
    if (worktree.blocked !== undefined) {
      notes.push(`worktree ${where} not recreated: ${worktree.blocked}; its windows start in ${root}`);
      continue;
    }
    try {
      addWorktree(root, worktree.name, undefined);
      notes.push(`worktree ${where} recreated on branch ${worktree.name}`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      notes.push(`worktree ${where} not recreated: ${error.message}`);
    }
  }
}

function blockedBecause(root: string, repository: string | undefined, branch: string): string | undefined {
  if (repository === undefined) return `${root} is not a git repository`;
  if (repository !== realpathSync(root)) return `${root} is not the top of its git repository (${repository}); import with --root ${repository}`;
  try {
    git(root, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    return `the repository in ${root} has no branch ${branch} (fetch it, then: claude-sessions worktree add ${branch})`;
  }
  return undefined;
}

function topLevel(dir: string): string | undefined {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    if (error instanceof GitError || error instanceof UserError) return undefined;
    throw error;
  }
}
