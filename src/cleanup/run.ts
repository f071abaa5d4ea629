// Cleanup: every workspace old enough and not held back is saved (a one-session save that
// `restore --session NAME --file FILE` brings back, `last` untouched), its pane contents
// kept in the state folder, then killed. Each is looked at again just before its kill: one
// attached, used, with a busy agent or uncommitted work by then is spared.
import type { TmuxClient } from '../tmux/index.ts';
import { KillHeldBackError, killWorkspace, type KillGuard } from '../save/kill-workspace.ts';
import { dirtyWorktrees } from './dirty.ts';
import { planCleanup, type AgeBasis, type Assessment, type KeepReason, type PlanOptions } from './plan.ts';
import { cleanupGuard, heldBackReasons } from './recheck.ts';

// What a cleanup run is asked to do.
export interface CleanupOptions extends PlanOptions {
  /** Say what would happen; change nothing. */
  readonly dryRun?: boolean | undefined;
  /** Kill attached workspaces, busy agents and dirty worktrees too (never too recent ones). */
  readonly force?: boolean | undefined;
  /** Called after a workspace's save, just before its last look and kill (a test seam: change it here). */
  readonly beforeKill?: ((session: string) => Promise<void> | void) | undefined;
}

// A workspace cleanup killed (or, in a dry run, would kill).
export interface KilledWorkspace {
  readonly session: string;
  readonly since: Date;
  readonly age: number;
  /** The one-session save to restore it from; null in a dry run. */
  readonly saveFile: string | null;
  /** The shell command that restores it from saveFile; null in a dry run. */
  readonly restoreCommand: string | null;
  /** The folder of its pane contents (one WINDOW.PANE.txt per pane); null in a dry run. */
  readonly paneContents: string | null;
  /** What would have kept it without --force. */
  readonly forced: readonly KeepReason[];
  readonly dirtyWorktrees: readonly string[];
}

// A workspace cleanup left alone, and why.
export interface KeptWorkspace {
  readonly session: string;
  readonly since: Date;
  readonly age: number;
  readonly reasons: readonly KeepReason[];
  readonly dirtyWorktrees: readonly string[];
  /** Why its save or kill failed (reason `failed`). */
  readonly error?: string;
  /** True when it was to go, but changed between the check and the kill (the reasons say how). */
  readonly spared?: boolean;
}

// Everything one run did, in the shape `cleanup --json` prints.
export interface CleanupResult {
  readonly olderThan: number;
  readonly by: AgeBasis;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly killed: KilledWorkspace[];
  readonly kept: KeptWorkspace[];
}

const FORCEABLE: ReadonlySet<KeepReason> = new Set(['attached', 'agent working', 'agent waiting', 'dirty worktree', 'worktree unknown']);

// Plan, then save and kill each workspace that may go; a failed save keeps its workspace.
export async function cleanupWorkspaces(client: TmuxClient, options: CleanupOptions): Promise<CleanupResult> {
  const dryRun = Boolean(options.dryRun);
  const force = Boolean(options.force);
  const result: CleanupResult = { olderThan: options.olderThan, by: options.by, dryRun, force, killed: [], kept: [] };
  for (const workspace of await planCleanup(client, options)) {
    const goes = workspace.reasons.every((reason) => force && FORCEABLE.has(reason));
    if (!goes) {
      result.kept.push(keptEntry(workspace, workspace.reasons));
      continue;
    }
    if (dryRun) {
      result.killed.push({ ...base(workspace), saveFile: null, restoreCommand: null, paneContents: null, forced: workspace.reasons });
      continue;
    }
    try {
      // With --force nothing holds it back, so there is nothing to look at again.
      const guard: KillGuard | undefined = force ? undefined : cleanupGuard(workspace.activityMark);
      const killed = await killWorkspace(client, workspace.session, { guard, beforeKill: () => lastLook(workspace, options, force) });
      result.killed.push({ ...base(workspace), saveFile: killed.saveFile, restoreCommand: killed.restoreCommand, paneContents: killed.savedTo, forced: workspace.reasons });
    } catch (error) {
      if (error instanceof Spared) result.kept.push({ ...keptEntry(workspace, error.reasons), dirtyWorktrees: error.dirty, spared: true });
      else if (error instanceof KillHeldBackError) result.kept.push({ ...keptEntry(workspace, heldBackReasons(error.explained)), spared: true });
      else result.kept.push({ ...keptEntry(workspace, ['failed']), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

// Uncommitted work made since the check keeps the workspace (git cannot run inside tmux's call).
class Spared extends Error {
  constructor(
    readonly reasons: KeepReason[],
    readonly dirty: readonly string[],
  ) {
    super(`spared: ${reasons.join(', ')}`);
  }
}

async function lastLook(workspace: Assessment, options: CleanupOptions, force: boolean): Promise<void> {
  await options.beforeKill?.(workspace.session);
  if (force) return;
  const check = dirtyWorktrees(workspace.projectDir);
  if (check.dirty.length > 0) throw new Spared(['dirty worktree'], check.dirty);
  if (check.unknown !== undefined) throw new Spared(['worktree unknown'], []);
}

function base(workspace: Assessment) {
  return { session: workspace.session, since: workspace.since, age: workspace.age, dirtyWorktrees: workspace.dirtyWorktrees };
}

function keptEntry(workspace: Assessment, reasons: readonly KeepReason[]): KeptWorkspace {
  return { session: workspace.session, since: workspace.since, age: workspace.age, reasons, dirtyWorktrees: workspace.dirtyWorktrees };
}
