// The switcher's state and how keys change it. Pure: a key gives the next state and at most
// one action for tui.ts to carry out (switch, create, kill, rename, preview, quit).
import { rankByFuzzy } from './fuzzy.ts';
import type { Key } from './keys.ts';
import type { FrameView, Mode, ShownRow, SwitcherRow } from './types.ts';

export interface SwitcherState {
  readonly rows: readonly SwitcherRow[];
  readonly query: string;
  readonly onlyWaiting: boolean;
  /** rows filtered by onlyWaiting and the query, best first. */
  readonly shown: readonly ShownRow[];
  readonly selected: number;
  readonly scroll: number;
  readonly mode: Mode;
  readonly previewOn: boolean;
  readonly message?: string;
}

// What a key asks tui.ts to do.
export type Action =
  | { readonly kind: 'go'; readonly row: SwitcherRow }
  | { readonly kind: 'kill'; readonly row: SwitcherRow }
  | { readonly kind: 'rename'; readonly row: SwitcherRow; readonly name: string }
  | { readonly kind: 'preview' }
  | { readonly kind: 'quit' };

export interface Step {
  readonly state: SwitcherState;
  readonly action?: Action;
}

// The state for a fresh list with nothing typed.
export function initialState(rows: readonly SwitcherRow[], query = ''): SwitcherState {
  return withShown({ rows, query, onlyWaiting: false, shown: [], selected: 0, scroll: 0, mode: { kind: 'list' }, previewOn: false });
}

// New rows (a refresh): the selection stays on the same row when it is still there; a row
// being killed or renamed that disappeared ends that prompt. Rows equal to the ones shown
// give back the same state (most refreshes: nothing to filter again, nothing to draw).
export function withRows(state: SwitcherState, rows: readonly SwitcherRow[], visible: number): SwitcherState {
  if (sameRows(state.rows, rows)) return state;
  const key = state.shown[state.selected]?.row.key;
  const next = withShown({ ...state, rows });
  const index = key === undefined ? -1 : next.shown.findIndex((shown) => shown.row.key === key);
  const mode = state.mode.kind !== 'list' && !rows.some((row) => row.key === (state.mode as { row: SwitcherRow }).row.key) ? { kind: 'list' as const } : state.mode;
  return scrolled({ ...next, mode, selected: index === -1 ? Math.min(state.selected, Math.max(0, next.shown.length - 1)) : index }, visible);
}

function sameRows(before: readonly SwitcherRow[], after: readonly SwitcherRow[]): boolean {
  if (before.length !== after.length) return false;
  return before.every((row, index) => sameRow(row, after[index] as SwitcherRow));
}

function sameRow(a: SwitcherRow, b: SwitcherRow): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof SwitcherRow)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

// The selected row, if any.
export function selectedRow(state: SwitcherState): SwitcherRow | undefined {
  return state.shown[state.selected]?.row;
}

// Apply one key; visible is how many rows the list shows (for paging and scrolling).
export function applyKey(state: SwitcherState, key: Key, visible: number): Step {
  const clean: SwitcherState = state.message === undefined ? state : withoutMessage(state);
  if (clean.mode.kind === 'confirm-kill') return confirmKey(clean, clean.mode.row, key);
  if (clean.mode.kind === 'rename') return renameKey(clean, clean.mode.row, clean.mode.input, key);
  return listKey(clean, key, visible);
}

function listKey(state: SwitcherState, key: Key, visible: number): Step {
  const row = selectedRow(state);
  switch (key.name) {
    case 'text':
      return { state: filtered(state, state.query + key.text, visible) };
    case 'backspace':
      return { state: filtered(state, [...state.query].slice(0, -1).join(''), visible) };
    case 'ctrl-u':
      return { state: filtered(state, '', visible) };
    case 'up':
    case 'ctrl-p':
      return { state: moved(state, state.selected - 1, visible) };
    case 'down':
    case 'ctrl-n':
      return { state: moved(state, state.selected + 1, visible) };
    case 'pageup':
      return { state: moved(state, state.selected - Math.max(1, visible), visible) };
    case 'pagedown':
      return { state: moved(state, state.selected + Math.max(1, visible), visible) };
    case 'home':
      return { state: moved(state, 0, visible) };
    case 'end':
      return { state: moved(state, state.shown.length - 1, visible) };
    case 'enter':
      return row === undefined ? { state } : { state, action: { kind: 'go', row } };
    case 'ctrl-x':
      if (row === undefined) return { state };
      if (row.kind === 'project') return { state: { ...state, message: `${row.name} has no session to kill` } };
      return { state: { ...state, mode: { kind: 'confirm-kill', row } } };
    case 'ctrl-r':
      if (row === undefined) return { state };
      if (row.kind === 'project') return { state: { ...state, message: `${row.name} has no session to rename` } };
      return { state: { ...state, mode: { kind: 'rename', row, input: row.name } } };
    case 'ctrl-w':
      return { state: scrolled(withShown({ ...state, onlyWaiting: !state.onlyWaiting, selected: 0 }), visible) };
    case 'tab': {
      const next = { ...state, previewOn: !state.previewOn };
      return next.previewOn ? { state: next, action: { kind: 'preview' } } : { state: next };
    }
    case 'escape':
    case 'ctrl-c':
      return { state, action: { kind: 'quit' } };
    case 'ctrl-d':
      return state.query === '' ? { state, action: { kind: 'quit' } } : { state };
    default:
      return { state };
  }
}

function confirmKey(state: SwitcherState, row: SwitcherRow, key: Key): Step {
  const back = { ...state, mode: { kind: 'list' } as const };
  if (key.name === 'text' && /^y/i.test(key.text)) return { state: back, action: { kind: 'kill', row } };
  return { state: back };
}

function renameKey(state: SwitcherState, row: SwitcherRow, input: string, key: Key): Step {
  const editing = (text: string): Step => ({ state: { ...state, mode: { kind: 'rename', row, input: text } } });
  switch (key.name) {
    case 'text':
      return editing(input + key.text);
    case 'backspace':
      return editing([...input].slice(0, -1).join(''));
    case 'ctrl-u':
      return editing('');
    case 'enter': {
      const back = { ...state, mode: { kind: 'list' } as const };
      const name = input.trim();
      if (name === '' || name === row.name) return { state: back };
      return { state: back, action: { kind: 'rename', row, name } };
    }
    case 'escape':
    case 'ctrl-c':
      return { state: { ...state, mode: { kind: 'list' } } };
    default:
      return { state };
  }
}

function withoutMessage(state: SwitcherState): SwitcherState {
  const { message: _dropped, ...rest } = state;
  return rest;
}

function filtered(state: SwitcherState, query: string, visible: number): SwitcherState {
  if (query === state.query) return state;
  return scrolled(withShown({ ...state, query, selected: 0, scroll: 0 }), visible);
}

function withShown(state: SwitcherState): SwitcherState {
  const pool = state.onlyWaiting ? state.rows.filter((row) => row.waiting > 0) : state.rows;
  return { ...state, shown: rankByFuzzy(pool, state.query, (row) => row.name).map(({ item, match }) => ({ row: item, match })) };
}

function moved(state: SwitcherState, index: number, visible: number): SwitcherState {
  return scrolled({ ...state, selected: Math.max(0, Math.min(index, state.shown.length - 1)) }, visible);
}

// Keep the selection on screen.
function scrolled(state: SwitcherState, visible: number): SwitcherState {
  const rows = Math.max(1, visible);
  const selected = Math.max(0, state.selected);
  let scroll = Math.min(state.scroll, Math.max(0, state.shown.length - rows));
  if (selected < scroll) scroll = selected;
  if (selected >= scroll + rows) scroll = selected - rows + 1;
  return { ...state, selected, scroll: Math.max(0, scroll) };
}

// Re-scroll for a new list height (a resize).
export function resized(state: SwitcherState, visible: number): SwitcherState {
  return scrolled(state, visible);
}

// What screen.ts draws for this state on a terminal of this size (preview: the captured
// lines, shown while the preview is on).
export function frameViewOf(state: SwitcherState, width: number, height: number, preview: readonly string[] | undefined): FrameView {
  return {
    width,
    height,
    query: state.query,
    shown: state.shown,
    total: state.rows.length,
    selected: state.selected,
    scroll: state.scroll,
    mode: state.mode,
    onlyWaiting: state.onlyWaiting,
    ...(state.previewOn ? { preview: preview ?? [] } : {}),
    ...(state.message === undefined ? {} : { message: state.message }),
  };
}
