// Writing tmux-resurrect v4 save files with the fields, order and escaping of its save.sh,
// and saying which values such a file cannot hold exactly.
import { parseResurrectLine } from './parse.ts';
import { escapePath, flattenSeparators as flat, withColon } from './fields.ts';
import {
  RESURRECT_LINE_ORDER,
  type ResurrectLineType,
  type SavedGroupedSession,
  type SavedPane,
  type SavedServer,
  type SavedState,
  type SavedWindow,
} from './format.ts';

// The save file text: grouped sessions, panes, windows, then one state line, each newline-terminated.
export function writeResurrectFile(server: SavedServer): string {
  const linesOf: Record<ResurrectLineType, string[]> = {
    grouped_session: server.groupedSessions.map(groupedSessionLine),
    pane: server.panes.map(paneLine),
    window: server.windows.map(windowLine),
    state: [stateLine(server.state)],
  };
  return RESURRECT_LINE_ORDER.flatMap((type) => linesOf[type].map((line) => `${line}\n`)).join('');
}

// Every value the written file would not give back as it was, one sentence each (for a sidecar).
export function formatLimitations(server: SavedServer): string[] {
  return [
    ...server.groupedSessions.flatMap(groupedSessionLimitations),
    ...server.panes.flatMap(paneLimitations),
    ...server.windows.flatMap(windowLimitations),
    ...stateLimitations(server.state),
  ];
}

// What one grouped_session line would not give back ([] when it reads back as it is).
export function groupedSessionLimitations(group: SavedGroupedSession): string[] {
  const found: string[] = [];
  const back = parseResurrectLine(groupedSessionLine(group), WRITTEN, 1);
  compare(`grouped session ${JSON.stringify(group.sessionName)}`, group, back.kind === 'grouped_session' ? back.groupedSession : reasonOf(back), found);
  return found;
}

// What one pane line would not give back, or would mislead tmux-resurrect's own restore.
export function paneLimitations(pane: SavedPane): string[] {
  const found: string[] = [];
  const what = `pane ${JSON.stringify(pane.sessionName)}:${pane.windowIndex}.${pane.paneIndex}`;
  if (!readsBackAsIs(pane)) {
    const back = parseResurrectLine(paneLine(pane), WRITTEN, 1);
    compare(what, pane, back.kind === 'pane' ? back.pane : reasonOf(back), found);
  }
  // bash's `read` merges runs of TABs, so an empty field with no `:` shifts the fields after it.
  if (pane.title === '') found.push(`${what} title is empty, which tmux-resurrect's own restore misreads`);
  if (pane.command === '') found.push(`${what} command is empty, which tmux-resurrect's own restore misreads`);
  return found;
}

// The pane's fields, as SavedPane has them: a record with these and no other reads back as
// itself when readsBackAsIs says so.
const PANE_TEXT_FIELDS = ['sessionName', 'windowFlags', 'title', 'path', 'command', 'fullCommand'] as const;
const PANE_FIELD_COUNT = PANE_TEXT_FIELDS.length + 4;
const SEPARATOR = /[\t\n]/;
// The largest index parseResurrectLine reads back (nine digits).
const LARGEST_INDEX = 999_999_999;

// True when the pane's line is sure to read back as the same record, without writing and
// parsing it (the common case, and most of a big save's check): its texts hold no TAB or
// newline (flattenSeparators changes nothing), its path no backslash (escapePath's one `\ `
// is the only one unescapePath undoes), its indexes are whole numbers of at most nine digits
// (not -0, which is written as 0).
// Anything else is written and parsed back.
function readsBackAsIs(pane: SavedPane): boolean {
  const index = (value: unknown) => Number.isInteger(value) && !Object.is(value, -0) && (value as number) >= 0 && (value as number) <= LARGEST_INDEX;
  return (
    Object.keys(pane).length === PANE_FIELD_COUNT &&
    PANE_TEXT_FIELDS.every((field) => typeof pane[field] === 'string' && !SEPARATOR.test(pane[field])) &&
    !pane.path.includes('\\') &&
    index(pane.windowIndex) &&
    index(pane.paneIndex) &&
    typeof pane.windowActive === 'boolean' &&
    typeof pane.active === 'boolean'
  );
}

// What one window line would not give back.
export function windowLimitations(window: SavedWindow): string[] {
  const found: string[] = [];
  const back = parseResurrectLine(windowLine(window), WRITTEN, 1);
  compare(`window ${JSON.stringify(window.sessionName)}:${window.index}`, window, back.kind === 'window' ? back.window : reasonOf(back), found);
  return found;
}

// What the state line would not give back.
export function stateLimitations(state: SavedState): string[] {
  const found: string[] = [];
  const back = parseResurrectLine(stateLine(state), WRITTEN, 1);
  compare('state', state, back.kind === 'state' ? back.state : reasonOf(back), found);
  return found;
}

const WRITTEN = 'written';

function groupedSessionLine(group: SavedGroupedSession): string {
  return [
    'grouped_session',
    flat(group.sessionName),
    flat(group.originalSession),
    withColon(optionalNumber(group.alternateWindowIndex)),
    withColon(optionalNumber(group.activeWindowIndex)),
  ].join('\t');
}

function paneLine(pane: SavedPane): string {
  return [
    'pane',
    flat(pane.sessionName),
    String(pane.windowIndex),
    bit(pane.windowActive),
    withColon(flat(pane.windowFlags)),
    String(pane.paneIndex),
    flat(pane.title),
    withColon(escapePath(flat(pane.path))),
    bit(pane.active),
    flat(pane.command),
    withColon(flat(pane.fullCommand)),
  ].join('\t');
}

function windowLine(window: SavedWindow): string {
  return [
    'window',
    flat(window.sessionName),
    String(window.index),
    withColon(flat(window.name)),
    bit(window.active),
    withColon(flat(window.flags)),
    flat(window.layout),
    window.automaticRename ?? ':',
  ].join('\t');
}

// `state\t\t` when no client was attached, as `tmux display-message` prints it then.
function stateLine(state: SavedState): string {
  return ['state', flat(state.clientSession ?? ''), flat(state.clientLastSession ?? '')].join('\t');
}

function bit(value: boolean): string {
  return value ? '1' : '0';
}

function optionalNumber(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

// Why a written line did not read back as a record (an index that is not a whole number, say).
function reasonOf(parsed: ReturnType<typeof parseResurrectLine>): string {
  const warning = 'warning' in parsed && parsed.warning !== undefined ? parsed.warning : 'it reads back as nothing';
  return warning.replace(`${WRITTEN}:1: `, '');
}

// Each field of `original` that the read-back record holds differently, or why there is no record.
function compare<T extends object>(what: string, original: T, back: T | string, found: string[]): void {
  if (typeof back === 'string') {
    found.push(`${what} cannot be saved: ${back}`);
    return;
  }
  for (const [key, value] of Object.entries(original)) {
    const saved: unknown = (back as Record<string, unknown>)[key];
    if (!Object.is(value, saved)) found.push(`${what} ${key} ${shown(value)} is saved as ${shown(saved)}`);
  }
}

function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}
