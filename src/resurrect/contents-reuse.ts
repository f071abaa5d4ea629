// Pane contents a save can take from the save before it instead of capturing them again: a
// pane whose screen did not change since that save listed it. tmux moves a window's activity
// time (whole seconds) on every byte a pane of it prints. Output after the previous listing
// would have moved the activity to that listing's second or later, so an activity before that
// second, unchanged since, proves that nothing was printed (a print within the same second as
// the listing is never taken on trust). What changes a screen without output changes another
// value of the screen state: clear-history (history), death and respawn (pane_dead, pid).
// tmux counts no resizes or moves, and a pane shrunk and grown back (its rows below the cursor
// gone), or moved away, printed to and moved back, ends with the very same size, layout,
// history and cursor: the plugin's hooks count them per window (STATE_OPTIONS.layouts, bumped
// on window-layout-changed, which tmux sends for a resize, split, kill, zoom, join, break,
// swap, select-layout and a client's size, and on window-pane-changed, the only one
// rotate-window sends; so a pane selected in a window counts too). The count is trusted only
// while both hooks are in place, and only within one epoch of them: a load that finds them
// missing adds them and bumps the epoch (changes meanwhile went uncounted); so does the end of a
// restore, during which the hooks count nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PaneContent } from './pane-contents.ts';
import { LAYOUT_HOOKS, STATE_OPTIONS } from '../options/definitions.ts';

// How many entries of each hook's array are searched for ours (one beyond: no reuse, never a wrong one).
const HOOK_ENTRIES_SEARCHED = 16;

// 1 when every layout hook has an entry naming the count among its first entries; tmux expands
// a hook's array only entry by entry.
const LAYOUT_HOOKS_IN_PLACE = LAYOUT_HOOKS.map(
  (hook) => `#{m:*${STATE_OPTIONS.layouts}*,${Array.from({ length: HOOK_ENTRIES_SEARCHED }, (_, index) => `#{${hook}[${index}]}`).join('')}}`,
).reduce((both, one) => `#{&&:${both},${one}}`);

// A pane's screen state as tmux formats it (the window's activity first, in whole seconds; its
// layout count last); ':' between the cursor's coordinates, as a ',' would end a #{?...} branch.
export const SCREEN_STATE_FORMAT = `#{window_activity} #{window_id} #{history_size} #{history_limit} #{pane_width}x#{pane_height} #{cursor_x}:#{cursor_y} #{alternate_on} #{pane_dead} #{pane_pid} #{${STATE_OPTIONS.layouts}}`;

// The tmux server a save read: its pid and start time (pane ids are unique only within one
// server's life) and the layout hooks' epoch; '' (nothing reused) while the hooks are not in
// place, and while the restoring flag is set (the hooks skip then; a restore that died leaves it).
export const SERVER_IDENTITY_FORMAT = `#{?#{&&:${LAYOUT_HOOKS_IN_PLACE},#{?#{${STATE_OPTIONS.restoring}},0,1}},#{pid} #{start_time} #{${STATE_OPTIONS.layoutEpoch}},}`;

// What one save captured, kept in its contents file so that the next save can reuse what did not change.
export interface CaptureRecord {
  readonly server: string;
  /** The second (this machine's clock) just before the save listed the panes. */
  readonly listedAt: number;
  /** Each pane whose text the save holds: its id, its screen state when listed, and its text's
   * index in the contents file's panes (-1: the pane was empty). */
  readonly panes: readonly CapturedPane[];
}

// One pane of a CaptureRecord.
export interface CapturedPane {
  readonly id: string;
  readonly screen: string;
  readonly text: number;
}

// The previous save's captured texts by pane id, with what they were captured under.
export interface PreviousCapture {
  readonly server: string;
  readonly listedAt: number;
  readonly byId: ReadonlyMap<string, { readonly screen: string; readonly text: string }>;
  /** Its panes' texts as the file lists them (what tmux-resurrect's archive was built from). */
  readonly panes: readonly unknown[];
  /** The sha256 of the tmux-resurrect archive written with it, when one was. */
  readonly archive?: string | undefined;
}

// tmux-resurrect's archive for a save: its sha256, and the bytes to write when the folder's
// archive cannot be kept as it is.
export interface ArchivePlan {
  readonly sha256: string;
  readonly bytes?: Buffer | undefined;
}

// What a save knows of the server it captures from, and of the save before it.
export interface CaptureBasis {
  readonly server: string;
  readonly listedAt: number;
  readonly previous?: PreviousCapture | undefined;
}

// The text the previous save holds for this pane when its screen cannot have changed since; else undefined.
export function reusableText(basis: CaptureBasis | undefined, pane: { readonly id: string; readonly screen?: string | undefined }): string | undefined {
  const previous = basis?.previous;
  if (previous === undefined || pane.screen === undefined || pane.screen === '' || basis?.server === '' || previous.server !== basis?.server) return undefined;
  const before = previous.byId.get(pane.id);
  if (before === undefined || before.screen !== pane.screen) return undefined;
  const activity = Number(pane.screen.slice(0, pane.screen.indexOf(' ')));
  return Number.isSafeInteger(activity) && activity < previous.listedAt && previous.listedAt <= basis.listedAt ? before.text : undefined;
}

// The record in a parsed contents file (of our format), when the file belongs to this save and
// every entry is well formed; undefined otherwise.
export function previousCaptureOf(file: unknown, saveFile: string, saveSha256: string): PreviousCapture | undefined {
  if (!isObject(file) || file['saveFile'] !== saveFile || file['sha256'] !== saveSha256) return undefined;
  const panes = file['panes'];
  const record = file['capture'];
  if (!Array.isArray(panes) || !isObject(record)) return undefined;
  const { server, listedAt, panes: captured } = record;
  if (typeof server !== 'string' || server === '' || !Number.isSafeInteger(listedAt) || !Array.isArray(captured)) return undefined;
  const byId = new Map<string, { screen: string; text: string }>();
  for (const entry of captured as unknown[]) {
    if (!isObject(entry) || typeof entry['id'] !== 'string' || typeof entry['screen'] !== 'string' || !Number.isSafeInteger(entry['text'])) return undefined;
    const at = entry['text'] as number;
    const content: unknown = at === -1 ? { text: '' } : panes[at];
    if (!isObject(content) || typeof content['text'] !== 'string' || byId.has(entry['id'])) return undefined;
    byId.set(entry['id'], { screen: entry['screen'], text: content['text'] });
  }
  const archive = typeof file['archive'] === 'string' ? file['archive'] : undefined;
  return { server, listedAt: listedAt as number, byId, panes, archive };
}

// Keep the folder's archive when it is byte for byte the one written with the previous save
// and that save held exactly these panes' texts under the same addresses; else build it anew.
export async function planResurrectArchive(
  archivePath: string,
  panes: readonly PaneContent[],
  previous: PreviousCapture | undefined,
  build: (panes: readonly PaneContent[]) => Promise<Buffer>,
): Promise<ArchivePlan> {
  if (previous?.archive !== undefined && samePanes(panes, previous.panes)) {
    try {
      if (createHash('sha256').update(readFileSync(archivePath)).digest('hex') === previous.archive) return { sha256: previous.archive };
    } catch {
      // no archive to keep: built below
    }
  }
  const bytes = await build(panes);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

function samePanes(panes: readonly PaneContent[], before: readonly unknown[]): boolean {
  if (panes.length !== before.length) return false;
  return panes.every((pane, index) => {
    const other = before[index];
    return isObject(other) && other['session'] === pane.session && other['window'] === pane.window && other['pane'] === pane.pane && other['text'] === pane.text;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
