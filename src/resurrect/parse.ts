// Reading tmux-resurrect v4 save files: as forgiving as tmux-resurrect for damaged lines,
// but refusing text that cannot be a save at all.
import {
  NO_CLIENT_STATE,
  RESURRECT_FIELD_COUNTS,
  ResurrectFormatError,
  windowFlagsMeaning,
  type AutomaticRename,
  type ResurrectLineType,
  type SavedGroupedSession,
  type SavedPane,
  type SavedServer,
  type SavedState,
  type SavedWindow,
} from './format.ts';
import { quoted, unescapePath, withoutColon } from './fields.ts';
import { recoverFields } from './recover.ts';

// One line, read: a record (with what was doubted or guessed), a blank line, or the reason it was skipped.
export type ParsedResurrectLine =
  | { readonly kind: 'pane'; readonly pane: SavedPane; readonly warning?: string }
  | { readonly kind: 'window'; readonly window: SavedWindow; readonly warning?: string }
  | { readonly kind: 'grouped_session'; readonly groupedSession: SavedGroupedSession; readonly warning?: string }
  | { readonly kind: 'state'; readonly state: SavedState; readonly warning?: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'skipped'; readonly warning: string };

// A save file's records, and what was wrong with the lines that were skipped or doubted.
export interface ParsedResurrectFile {
  readonly server: SavedServer;
  readonly warnings: string[];
}

// NUL bytes and U+FFFD (bytes that were not UTF-8) a text may hold before it counts as binary.
const BINARY_MARKS_ALLOWED = 3;

// Parse a whole save file; throws ResurrectFormatError when the text cannot be a save at all.
// `exact` replaces what some lines read as (by 1-based line number): a sidecar's records.
export function parseResurrectFile(text: string, file: string, exact?: ReadonlyMap<number, ParsedResurrectLine>): ParsedResurrectFile {
  const warnings: string[] = [];
  const body = withoutNulTail(text, file, warnings);
  refuseNonSave(body, file);
  const panes: SavedPane[] = [];
  const windows: SavedWindow[] = [];
  const groupedSessions: SavedGroupedSession[] = [];
  let state: SavedState | undefined;
  let paneLines = 0;

  const lines = body.split('\n');
  // Every writer ends each line with a newline; bash's `while read` drops an unterminated last line too.
  const unterminated = lines.pop() ?? '';
  const context = { sessionNames: paneSessionNames(lines, file) };
  for (const [index, line] of lines.entries()) {
    const at = `${file}:${index + 1}`;
    if (line.startsWith('pane\t')) paneLines++;
    if (line.includes('\0')) {
      warnings.push(`${at}: line holds a NUL byte (skipped)`);
      continue;
    }
    if (line.includes('\uFFFD')) warnings.push(`${at}: line holds bytes that are not UTF-8 (read as U+FFFD)`);
    const parsed = exact?.get(index + 1) ?? parseResurrectLine(line, file, index + 1, context);
    if (parsed.kind === 'pane') panes.push(parsed.pane);
    if (parsed.kind === 'window') windows.push(parsed.window);
    if (parsed.kind === 'grouped_session') groupedSessions.push(parsed.groupedSession);
    if (parsed.kind === 'state') {
      if (state !== undefined) warnings.push(`${at}: a second state line; the last one is used`);
      state = parsed.state;
    }
    if ('warning' in parsed && parsed.warning !== undefined) warnings.push(parsed.warning);
  }
  if (unterminated.trim() !== '') {
    if (unterminated.startsWith('pane\t')) paneLines++;
    warnings.push(`${file}:${lines.length + 1}: last line has no newline, the file was cut short (skipped)`);
  }

  if (panes.length === 0) {
    const reason =
      paneLines === 0
        ? 'has no pane lines, so it is not a tmux-resurrect save'
        : `none of its ${paneLines} pane lines could be read (${warnings[0] ?? 'no reason recorded'})`;
    throw new ResurrectFormatError(file, reason);
  }
  if (state === undefined) warnings.push(`${file}: has no state line; the file may have been cut short`);
  return { server: { panes, windows, groupedSessions, state: state ?? NO_CLIENT_STATE }, warnings };
}

// Parse one line of a save file; `lineNumber` (1-based) and `file` only name it in warnings.
export function parseResurrectLine(line: string, file: string, lineNumber: number, context: LineContext = {}): ParsedResurrectLine {
  if (line.trim() === '') return { kind: 'blank' };
  const at = `${file}:${lineNumber}`;
  const fields = line.split('\t');
  const type = fields[0] ?? '';
  if (!isLineType(type)) return { kind: 'skipped', warning: `${at}: unknown line type ${quoted(type)} (skipped)` };
  const expected = RESURRECT_FIELD_COUNTS[type];
  const recovered = fields.length > expected ? recoverFields(type, fields, context.sessionNames) : undefined;
  if (fields.length !== expected && recovered === undefined) {
    return { kind: 'skipped', warning: `${at}: ${type} line has ${fields.length} fields, expected ${expected} (skipped)` };
  }
  const read = new LineFields(type, recovered?.fields ?? fields);
  const parsed = READERS[type](read);
  if (read.problem !== undefined) return { kind: 'skipped', warning: `${at}: ${read.problem} (skipped)` };
  const doubts = [
    ...(recovered ? [`${type} line has ${fields.length} fields, expected ${expected}: tmux-resurrect writes TABs in names and paths as they are; read as ${recovered.guess}`] : []),
    ...(read.doubt !== undefined ? [read.doubt] : []),
  ];
  return doubts.length === 0 ? parsed : { ...parsed, warning: `${at}: ${doubts.join('; ')}` };
}

// What the lines of a whole file tell about one line: the sessions its pane lines name.
export interface LineContext {
  readonly sessionNames?: ReadonlySet<string>;
}

type RecordLine = Exclude<ParsedResurrectLine, { kind: 'blank' } | { kind: 'skipped' }>;

// Each line type's fields, by position (see RESURRECT_FIELD_COUNTS for the layout).
const READERS: Record<ResurrectLineType, (read: LineFields) => RecordLine> = {
  pane: (read) => ({
    kind: 'pane',
    pane: {
      sessionName: read.text(1),
      windowIndex: read.index(2, 'window_index'),
      windowActive: read.bit(3, 'window_active'),
      windowFlags: read.colon(4),
      paneIndex: read.index(5, 'pane_index'),
      title: read.text(6),
      path: unescapePath(read.colon(7)),
      active: read.bit(8, 'pane_active'),
      command: read.text(9),
      fullCommand: read.colon(10),
    },
  }),
  window: (read) => {
    const flags = read.colon(5);
    return {
      kind: 'window',
      window: {
        sessionName: read.text(1),
        index: read.index(2, 'window_index'),
        name: read.colon(3),
        active: read.bit(4, 'window_active'),
        flags,
        ...windowFlagsMeaning(flags),
        layout: read.text(6),
        automaticRename: read.automaticRename(7),
      },
    };
  },
  grouped_session: (read) => ({
    kind: 'grouped_session',
    groupedSession: {
      sessionName: read.text(1),
      originalSession: read.text(2),
      alternateWindowIndex: read.optionalIndex(3, 'alternate_window'),
      activeWindowIndex: read.optionalIndex(4, 'active_window'),
    },
  }),
  state: (read) => ({
    kind: 'state',
    state: { clientSession: read.text(1) || undefined, clientLastSession: read.text(2) || undefined },
  }),
};

// Typed reads of one line's fields; the first malformed one becomes the reason to skip the line.
class LineFields {
  problem: string | undefined;
  doubt: string | undefined;

  constructor(
    private readonly type: ResurrectLineType,
    private readonly fields: readonly string[],
  ) {}

  text(position: number): string {
    return this.fields[position] ?? '';
  }

  colon(position: number): string {
    return withoutColon(this.text(position));
  }

  index(position: number, name: string): number {
    return this.numberIn(this.text(position), name);
  }

  // A `:`-prefixed index that is empty when there is none (a grouped session's windows).
  optionalIndex(position: number, name: string): number | undefined {
    const value = this.colon(position);
    return value === '' ? undefined : this.numberIn(value, name);
  }

  bit(position: number, name: string): boolean {
    const value = this.text(position);
    if (value !== '0' && value !== '1') this.fail(`${name} ${quoted(value)}, expected 0 or 1`);
    return value === '1';
  }

  // An odd automatic-rename value costs only that option, not the window's layout.
  automaticRename(position: number): AutomaticRename {
    const value = this.text(position);
    if (value === 'on' || value === 'off') return value;
    if (value !== ':' && value !== '') this.doubt = `automatic_rename ${quoted(value)} is not on, off or ':' (ignored)`;
    return undefined;
  }

  private numberIn(value: string, name: string): number {
    if (/^\d{1,9}$/.test(value)) return Number(value);
    this.fail(`${name} ${quoted(value)}, expected a number`);
    return -1;
  }

  private fail(reason: string): void {
    this.problem ??= `${this.type} line has ${reason}`;
  }
}

// The sessions the file's pane lines name: what a grouped_session or state line with extra
// fields is read against.
function paneSessionNames(lines: readonly string[], file: string): Set<string> {
  const names = new Set<string>();
  lines.forEach((line, index) => {
    if (!line.startsWith('pane\t')) return;
    const parsed = parseResurrectLine(line, file, index + 1);
    if (parsed.kind === 'pane') names.add(parsed.pane.sessionName);
  });
  return names;
}

function isLineType(type: string): type is ResurrectLineType {
  return Object.hasOwn(RESURRECT_FIELD_COUNTS, type);
}

// A crash can leave a file's tail as NUL bytes; the text before them is still worth reading.
function withoutNulTail(text: string, file: string, warnings: string[]): string {
  const tail = /\0+$/.exec(text);
  if (tail === null || text.slice(0, tail.index).trim() === '') return text;
  warnings.push(`${file}: ends in ${tail[0].length} NUL bytes, as a file cut short by a crash does (ignored)`);
  return text.slice(0, tail.index);
}

// Throw for text that is empty or binary, before any line is read.
function refuseNonSave(text: string, file: string): void {
  if (text.trim() === '') throw new ResurrectFormatError(file, 'is empty, so it is not a tmux-resurrect save');
  const nul = countOf(text, '\0');
  const notUtf8 = countOf(text, '\uFFFD');
  if (nul + notUtf8 > BINARY_MARKS_ALLOWED) {
    const found = `${nul} NUL bytes, ${notUtf8} invalid UTF-8 sequences`;
    throw new ResurrectFormatError(file, `looks binary (${found}), so it is not a tmux-resurrect save`);
  }
}

function countOf(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at !== -1; at = text.indexOf(character, at + 1)) count++;
  return count;
}
