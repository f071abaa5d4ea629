// Typing each pane's commands once its shell is ready: all panes are watched together
// (one tmux query per round), each typed into as soon as it shows a prompt, and none
// waited for longer than a bound. A pane counts as ready when its cursor has left the
// top-left corner, i.e. the shell has printed a prompt, or (a prompt that leaves the cursor
// there: an empty one, one that clears the screen) when the kernel shows the shell waiting
// for input with nothing running; keys typed earlier could reach an rc file still running,
// or be flushed by it.
import { paneShellWaitsForInput } from '../programs/waits-for-input.ts';
import type { TmuxClient, TmuxCommand } from '../tmux/index.ts';
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

// Type every planned pane's commands into the session, each when its shell is ready.
export async function typeWhenReady(
  client: TmuxClient,
  sessionTarget: string,
  panes: readonly PlannedPane[],
  options: TypeOptions = {},
): Promise<TypeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 15;
  const waiting = new Map(panes.filter((pane) => pane.type.length > 0).map((pane) => [key(pane.windowOrdinal, pane.paneOrdinal), pane]));
  const late: string[] = [];
  const prompted = promptWatch();
  const deadline = Date.now() + timeoutMs;
  while (waiting.size > 0) {
    const live = withOrdinals(await client.list({ command: ['list-panes', '-s', '-t', sessionTarget], fields: PANE_FIELDS }));
    const timedOut = Date.now() >= deadline;
    const batch: TmuxCommand[] = [];
    for (const row of live) {
      const planned = waiting.get(row.key);
      if (!planned) continue;
      const ready = prompted(row);
      if (!ready && !timedOut) continue;
      if (!ready) late.push(row.key);
      for (const text of planned.type) {
        batch.push(['send-keys', '-t', row.id, '-l', '--', text], ['send-keys', '-t', row.id, 'Enter']);
      }
      waiting.delete(row.key);
    }
    if (batch.length > 0) await client.batch(batch);
    if (timedOut) break;
    if (waiting.size > 0) await sleep(intervalMs);
  }
  return { late, missing: [...waiting.keys()] };
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
