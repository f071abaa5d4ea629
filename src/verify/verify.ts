// A recovery check: restore a save into a scratch server (never the user's), with every pane
// idle and no program typed, then compare what came back with the save, field by field.
// The restore is the real one (restore/restore.ts, its planner and save reader), so what
// verify finds is what `restore` would do; programs are judged by what it would type.
import { randomBytes } from 'node:crypto';
import { DomainError } from '../util/errors.ts';
import { TmuxError, type TmuxClient } from '../tmux/index.ts';
import { readRestoreState, type RestoreState } from '../restore/state.ts';
import { loadSave } from '../restore/read-save.ts';
import { restoreServer } from '../restore/restore.ts';
import { compareRestore, type Difference, type RestoredServer } from './compare.ts';
import { IDLE_PANE, startScratchServer } from './scratch-server.ts';

// What to verify.
export interface VerifyOptions {
  /** The save; default: the one `last` points to in the save folder. */
  readonly file?: string | undefined;
  /** Resolves a FILE argument against the save folder (as restore does). */
  readonly resolveFile?: ((dir: string, argument: string) => string) | undefined;
}

// What verify found.
export interface VerifyReport {
  readonly file: string | undefined;
  /** Percentage of checks that passed (0 when the save could not be restored at all). */
  readonly score: number;
  readonly checks: number;
  readonly passed: number;
  readonly differences: readonly Difference[];
  /** What the restore said along the way (folders that fell back, layouts not used …). */
  readonly notes: readonly string[];
  /** Why the save could not be restored at all (missing, unreadable, damaged). */
  readonly error?: string | undefined;
}

// Restore the save into a scratch server, compare, remove the server; see VerifyReport.
export async function verifySave(userClient: TmuxClient, options: VerifyOptions = {}): Promise<VerifyReport> {
  const settings = await userSettings(userClient);
  const hold = `claude-sessions-verify-hold-${randomBytes(4).toString('hex')}`;
  const scratch = await startScratchServer(hold);
  try {
    let result;
    try {
      result = await restoreServer(scratch.client, {
        file: options.file,
        resolveFile: options.resolveFile,
        paneCommand: IDLE_PANE,
        typePrograms: false,
        settings,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { file: fileNamedIn(error) ?? options.file, score: 0, checks: 0, passed: 0, differences: [], notes: [], error: error.message };
    }
    await scratch.client.run(['kill-session', '-t', hold]);
    const restored = result.restored.length === 0 ? { sessions: [], windows: [], panes: [] } : await listRestored(scratch.client);
    const planned = new Map((result.plannedPrograms ?? []).map((entry) => [entry.paneId, entry.program]));
    const comparison = compareRestore(loadSave(result.file), restored, planned);
    const notes = [...result.skipped.map((entry) => `skipped ${entry.name}: ${entry.reason}`), ...result.notes];
    return { file: result.file, ...comparison, notes };
  } finally {
    scratch.remove();
  }
}

// The settings a restore on the user's server would plan with (its save folder, programs to
// restore, Claude command); none when no server runs (the defaults then apply). Asked only
// of a running server: reading settings would start one, with the user's config and plugins.
async function userSettings(client: TmuxClient): Promise<Partial<RestoreState['settings']> | undefined> {
  try {
    if (!(await client.isRunning())) return undefined;
    const { resurrectDir, claudeCommand, processes } = (await readRestoreState(client)).settings;
    return { resurrectDir, claudeCommand, processes };
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server') return undefined;
    throw error;
  }
}

// The save an error is about, when it names one.
function fileNamedIn(error: DomainError): string | undefined {
  const file = (error as { file?: unknown }).file;
  return typeof file === 'string' ? file : undefined;
}

const FIELDS = {
  sessions: { name: '#{session_name}', group: '#{session_group}' },
  windows: {
    session: '#{session_name}',
    index: '#{window_index}',
    name: '#{window_name}',
    layout: '#{window_layout}',
    active: '#{window_active}',
    zoomed: '#{window_zoomed_flag}',
    automaticRename: '#{automatic-rename}',
  },
  panes: {
    session: '#{session_name}',
    window: '#{window_index}',
    index: '#{pane_index}',
    id: '#{pane_id}',
    path: '#{pane_current_path}',
    active: '#{pane_active}',
    title: '#{pane_title}',
  },
} as const;

// The scratch server's sessions, windows and panes, in one tmux call.
async function listRestored(client: TmuxClient): Promise<RestoredServer> {
  const [sessions = [], windows = [], panes = []] = (await client.listMany([
    { command: ['list-sessions'], fields: FIELDS.sessions },
    { command: ['list-windows', '-a'], fields: FIELDS.windows },
    { command: ['list-panes', '-a'], fields: FIELDS.panes },
  ])) as [
    { name: string; group: string }[],
    Record<keyof typeof FIELDS.windows, string>[],
    Record<keyof typeof FIELDS.panes, string>[],
  ];
  return {
    sessions,
    windows: windows.map((window) => ({ ...window, index: Number(window.index), active: window.active === '1', zoomed: window.zoomed === '1', automaticRename: onOff(window.automaticRename) })),
    panes: panes.map((pane) => ({ ...pane, window: Number(pane.window), index: Number(pane.index), active: pane.active === '1' })),
  };
}

// A flag option as a save writes it: tmux expands #{automatic-rename} to 1 or 0.
function onOff(value: string): string {
  return value === '1' ? 'on' : value === '0' ? 'off' : value;
}
