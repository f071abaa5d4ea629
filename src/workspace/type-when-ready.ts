// Typing each pane's commands once its shell is ready: all panes are watched together
// (one tmux call per round), each typed into as soon as it shows a prompt, and none
// waited for longer than a bound. A pane counts as ready when its cursor has left the
// top-left corner, i.e. the shell has printed a prompt, or (a prompt that leaves the cursor
// there: an empty one, one that clears the screen) when the kernel shows the shell waiting
// for input with nothing running; keys typed earlier could reach an rc file still running,
// or be flushed by it.
import { paneShellWaitsForInput } from '../programs/waits-for-input.ts';
import { randomTag } from '../tmux/records.ts';
import { commandText, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import type { PlannedPane } from './plan.ts';

export interface TypeOptions {
  /** Longest wait for a prompt before typing anyway. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

export interface TypeResult {
  /** Panes that showed no prompt in time (typed into anyway), as "nth window.nth pane". */
  readonly late: readonly string[];
  /** Panes that were gone before they could be typed into. */
  readonly missing: readonly string[];
}

// A planned pane, with its id when the build printed it.
export type PaneToType = PlannedPane & { readonly paneId?: string | undefined };

const PANE_FIELDS = {
  window: '#{window_index}',
  pane: '#{pane_index}',
  id: '#{pane_id}',
  x: '#{cursor_x}',
  y: '#{cursor_y}',
  pid: '#{pane_pid}',
} as const;

// A listed pane, as far as its readiness goes.
interface PaneView {
  readonly id: string;
  readonly x: string;
  readonly y: string;
  readonly pid: string;
}

// Whether each pane's shell shows its prompt, round after round: the cursor left the top-left
// corner, or the shell waited for input with nothing running in two rounds in a row (never a
// moment between two commands of its rc file).
function promptWatch(): (pane: PaneView) => boolean {
  const idleLastRound = new Set<string>();
  return (pane) => {
    if (pane.x !== '0' || pane.y !== '0') return true;
    if (paneShellWaitsForInput(Number(pane.pid)) !== true) {
      idleLastRound.delete(pane.id);
      return false;
    }
    if (idleLastRound.has(pane.id)) return true;
    idleLastRound.add(pane.id);
    return false;
  };
}

// Type every planned pane's commands into the session, each when its shell is ready. Each
// round is one tmux call in which tmux itself types into the panes that show a prompt
// (if-shell -F on the cursor) and says which it typed into: no listing first.
export async function typeWhenReady(
  client: TmuxClient,
  sessionTarget: string,
  panes: readonly PaneToType[],
  options: TypeOptions = {},
): Promise<TypeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 15;
  const deadline = Date.now() + timeoutMs;
  const located = await withPaneIds(client, sessionTarget, panes.filter((pane) => pane.type.length > 0));
  let waiting = located.found;
  // Panes at 0,0 whose shell the kernel shows waiting for input: typed next round whatever the cursor.
  const prompted = promptWatch();
  const waitsAtCorner = new Set<string>();
  while (waiting.length > 0 && Date.now() < deadline) {
    const tag = `~${randomTag().slice(0, 8)}`;
    const typing = waiting.map((pane, index) => typeIfReady(sessionTarget, pane, `${tag} ${index}`, waitsAtCorner.has(pane.paneId)));
    const output = await client.batch([...typing, ['display-message', '-p', '-t', sessionTarget, `${tag} ${PANES_AT_CORNER}`]]);
    const typed = new Set([...output.matchAll(new RegExp(`^${tag} (\\d+)$`, 'gm'))].map((match) => Number(match[1])));
    waiting = waiting.filter((_, index) => !typed.has(index));
    const atCorner = new Map(cornerPanes(output, tag).map((pane) => [pane.id, pane]));
    for (const pane of waiting) {
      const view = atCorner.get(pane.paneId);
      if (view !== undefined && prompted(view)) waitsAtCorner.add(pane.paneId);
    }
    if (waiting.length > 0 && Date.now() < deadline) await sleep(intervalMs);
  }
  const result = waiting.length === 0 ? { late: [], missing: [] } : await typeAnyway(client, sessionTarget, waiting);
  return { late: result.late, missing: [...located.missing, ...result.missing] };
}

// Ready: the cursor has left 0,0 (or, `anywhere`, the pane is there). Evaluated over the
// session's panes, so a pane that is gone is simply not ready (if-shell -t on a missing pane
// would stop the whole batch).
function readyFormat(paneId: string, anywhere: boolean): string {
  const ready = anywhere ? '1' : '#{||:#{!=:#{cursor_x},0},#{!=:#{cursor_y},0}}';
  return `#{W:#{P:#{?#{&&:#{==:#{pane_id},${paneId}},${ready}},1,}}}`;
}

// The session's panes whose cursor is at 0,0, as "%ID:PID " words after the round's tag.
const PANES_AT_CORNER = '#{W:#{P:#{?#{&&:#{==:#{cursor_x},0},#{==:#{cursor_y},0}},#{pane_id}:#{pane_pid} ,}}}';

// The panes at 0,0 a round's output lists.
function cornerPanes(output: string, tag: string): PaneView[] {
  const line = output.split('\n').filter((text) => text.startsWith(`${tag} %`)).join(' ');
  return [...line.matchAll(/(%\d+):(\d+)/g)].map(([, id = '', pid = '']) => ({ id, x: '0', y: '0', pid }));
}

// One pane's commands and Enter each, typed by tmux only if the pane is ready, then `said`.
function typeIfReady(sessionTarget: string, pane: PaneToType & { readonly paneId: string }, said: string, anywhere: boolean): TmuxCommand {
  const keys = pane.type.flatMap((text): TmuxCommand[] => [['send-keys', '-t', pane.paneId, '-l', '--', text], ['send-keys', '-t', pane.paneId, 'Enter']]);
  return ['if-shell', '-F', '-t', sessionTarget, readyFormat(pane.paneId, anywhere), commandText([...keys, ['display-message', '-p', said]])];
}

// The panes with their ids: from the build, else (it printed none) by position from one
// listing; a pane not there is missing.
async function withPaneIds(
  client: TmuxClient,
  sessionTarget: string,
  panes: readonly PaneToType[],
): Promise<{ found: (PaneToType & { readonly paneId: string })[]; missing: string[] }> {
  if (panes.every((pane) => pane.paneId !== undefined)) return { found: panes as (PaneToType & { readonly paneId: string })[], missing: [] };
  const live = withOrdinals(await client.list({ command: ['list-panes', '-s', '-t', sessionTarget], fields: PANE_FIELDS }));
  const found: (PaneToType & { readonly paneId: string })[] = [];
  const missing: string[] = [];
  for (const pane of panes) {
    const where = key(pane.windowOrdinal, pane.paneOrdinal);
    const id = live.find((row) => row.key === where)?.id;
    if (id === undefined) missing.push(where);
    else found.push({ ...pane, paneId: id });
  }
  return { found, missing };
}

// Past the deadline: type into every waiting pane that is still there, ready or not.
async function typeAnyway(client: TmuxClient, sessionTarget: string, panes: readonly (PaneToType & { readonly paneId: string })[]): Promise<TypeResult> {
  const live = await client.list({ command: ['list-panes', '-s', '-t', sessionTarget], fields: PANE_FIELDS });
  const late: string[] = [];
  const missing: string[] = [];
  const batch: TmuxCommand[] = [];
  for (const pane of panes) {
    const row = live.find((candidate) => candidate.id === pane.paneId);
    const where = key(pane.windowOrdinal, pane.paneOrdinal);
    if (!row) {
      missing.push(where);
      continue;
    }
    if (row.x === '0' && row.y === '0') late.push(where);
    for (const text of pane.type) batch.push(['send-keys', '-t', pane.paneId, '-l', '--', text], ['send-keys', '-t', pane.paneId, 'Enter']);
  }
  if (batch.length > 0) await client.batch(batch);
  return { late, missing };
}

function key(window: number, pane: number): string {
  return `${window}.${pane}`;
}

// Listed panes keyed by position: nth window of the session, nth pane of that window.
function withOrdinals<T extends { window: string; pane: string }>(rows: readonly T[]): (T & { key: string })[] {
  const windows = [...new Set(rows.map((row) => Number(row.window)))].sort((a, b) => a - b);
  return rows.map((row) => {
    const siblings = rows.filter((other) => other.window === row.window).map((other) => Number(other.pane)).sort((a, b) => a - b);
    return { ...row, key: key(windows.indexOf(Number(row.window)), siblings.indexOf(Number(row.pane))) };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Text to type into one pane (by id) once its shell is ready.
export interface PaneTyping {
  readonly paneId: string;
  readonly type: readonly string[];
  /** The pane is ready only once this program runs in it (e.g. the shell after a start script). */
  readonly readyCommand?: string | undefined;
}

// Type into panes given by id, each when its shell is ready; one `list-panes -a` per round.
export async function typeIntoPanes(client: TmuxClient, entries: readonly PaneTyping[], options: TypeOptions = {}): Promise<TypeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 15;
  const waiting = new Map(entries.filter((entry) => entry.type.length > 0).map((entry) => [entry.paneId, entry]));
  const late: string[] = [];
  const prompted = promptWatch();
  const deadline = Date.now() + timeoutMs;
  while (waiting.size > 0) {
    const live = await client.list({ command: ['list-panes', '-a'], fields: { ...PANE_FIELDS, command: '#{pane_current_command}' } });
    const timedOut = Date.now() >= deadline;
    const batch: TmuxCommand[] = [];
    for (const row of live) {
      const entry = waiting.get(row.id);
      if (!entry) continue;
      const ready = (entry.readyCommand === undefined || row.command === entry.readyCommand) && prompted(row);
      if (!ready && !timedOut) continue;
      if (!ready) late.push(row.id);
      for (const text of entry.type) batch.push(['send-keys', '-t', row.id, '-l', '--', text], ['send-keys', '-t', row.id, 'Enter']);
      waiting.delete(row.id);
    }
    if (batch.length > 0) await client.batch(batch);
    if (timedOut) break;
    if (waiting.size > 0) await sleep(intervalMs);
  }
  return { late, missing: [...waiting.keys()] };
}
