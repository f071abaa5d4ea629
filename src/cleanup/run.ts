// Cleanup: every workspace old enough and not held back is saved (a one-session save that
// `restore --session NAME --file FILE` brings back, `last` untouched), its pane contents
// kept in the state folder, then killed.
import type { TmuxClient } from '../tmux/index.ts';
import { killWorkspace } from '../workspace/kill.ts';
import { planCleanup, type AgeBasis, type Assessment, type KeepReason, type PlanOptions } from './plan.ts';

// What a cleanup run is asked to do.
export interface CleanupOptions extends PlanOptions {
  /** Say what would happen; change nothing. */
  readonly dryRun?: boolean | undefined;
  /** Kill attached workspaces, busy agents and dirty worktrees too (never too recent ones). */
  readonly force?: boolean | undefined;
}

// A workspace cleanup killed (or, in a dry run, would kill).
export interface KilledWorkspace {
  readonly session: string;
  readonly since: Date;
  readonly age: number;
  /** The one-session save to restore it from; null in a dry run. */
  readonly saveFile: string | null;
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
      result.killed.push({ ...base(workspace), saveFile: null, paneContents: null, forced: workspace.reasons });
      continue;
    }
    try {
      const saveFile = await saveOne(client, workspace.session);
      const { savedTo } = await killWorkspace(client, workspace.session);
      result.killed.push({ ...base(workspace), saveFile, paneContents: savedTo, forced: workspace.reasons });
    } catch (error) {
      result.kept.push({ ...keptEntry(workspace, ['failed']), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

// The one-session save, as `save --session NAME` writes it.
async function saveOne(client: TmuxClient, session: string): Promise<string> {
  // Loaded on demand: saving brings node:crypto.
  const { saveServer } = await import('../persist/save.ts');
  return (await saveServer(client, { sessionFilter: session })).file;
}

function base(workspace: Assessment) {
  return { session: workspace.session, since: workspace.since, age: workspace.age, dirtyWorktrees: workspace.dirtyWorktrees };
}

function keptEntry(workspace: Assessment, reasons: readonly KeepReason[]): KeptWorkspace {
  return { session: workspace.session, since: workspace.since, age: workspace.age, reasons, dirtyWorktrees: workspace.dirtyWorktrees };
}
