// Draws one frame of the switcher as lines of text with SGR colours: the prompt, the rows,
// the preview (beside the list from 80 columns, else below it) and the key legend. Pure:
// every line is exactly the frame's width in columns (SGR escapes aside), whatever the names,
// the preview's escapes or the size, so tui.ts can write the lines over the previous frame.
import { displayWidth } from '../util/table.ts';
import { columnsFor, LEGEND, MARKS_SHOWN, STATE_COLOUR } from './row-format.ts';
import type { FrameView, ShownRow } from './types.ts';

const ESC = '\u001b';
const sgr = (codes: string) => `${ESC}[${codes}m`;
const dim = (text: string) => `${sgr('2')}${text}${sgr('22')}`;
const SGR_SEQUENCE = /^\u001b\[[\d;:]*m$/;

// From this width the preview sits beside the list, which keeps this share of the columns.
const SIDE_BY_SIDE_FROM = 80;
const LIST_SHARE = 0.45;
// Columns the rename prompt keeps for the new name before it cuts the old one.
const RENAME_INPUT_ROOM = 16;

// Draw a frame: view.height lines (none when it is < 1), each view.width columns wide.
export function renderFrame(view: FrameView): string[] {
  const width = Math.max(0, Math.floor(view.width));
  const height = Math.max(0, Math.floor(view.height));
  if (height < 1) return [];
  if (width < 1) return Array.from({ length: height }, () => '');
  const legend = height >= 4;
  const lines = [promptLine(view, width, legend), ...rowsArea(view, width, areaHeight(height))];
  if (legend) lines.push(legendLine(view, width));
  return lines;
}

// How many rows the list shows on a screen of this size (state.ts pages and scrolls by it).
export function listRows(width: number, height: number, preview: boolean): number {
  const area = areaHeight(Math.max(0, Math.floor(height)));
  return preview && width < SIDE_BY_SIDE_FROM ? Math.ceil(area / 2) : area;
}

// Cut a line that may carry escapes to `width` columns and pad it with spaces. SGR escapes
// are kept, and the line then resets them (SGR 0) before the padding, so no colour runs on
// into the padding, the next column or the next line; other escapes (CSI, OSC, DCS, charset)
// are removed, and a wide character that does not fit becomes a space.
export function clipAnsi(line: string, width: number): string {
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let styled = false;
  for (let at = 0; at < line.length; ) {
    if (line[at] === ESC) {
      const end = escapeEnd(line, at);
      const sequence = line.slice(at, end);
      if (SGR_SEQUENCE.test(sequence)) {
        out += sequence;
        styled = true;
      }
      at = end;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(at) as number);
    at += char.length;
    const shown = visibleText(char);
    const columns = displayWidth(shown);
    if (used + columns > width) {
      out += ' '.repeat(width - used); // a wide character across the edge becomes a space
      used = width;
      break;
    }
    out += shown;
    used += columns;
  }
  return `${out}${styled ? sgr('0') : ''}${' '.repeat(width - used)}`;
}

// Cut text to `width` columns keeping its start, the way tmux's #{=/N/…:} does with
// N = width - 1: text wider than width - 1 keeps its longest prefix that fits width - 1, then "…".
export function cutEnd(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width - 1) return text;
  return `${prefixWithin(text, width - 1)}…`;
}

// The same cut keeping the end of the text (#{=/-N/…:}): "…" then the longest suffix that fits.
export function cutStart(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width - 1) return text;
  return `…${suffixWithin(text, width - 1)}`;
}

// Text with its control characters made harmless, one column each: tab, newline and carriage
// return as a space, other C0 controls, DEL and C1 controls as "?". UTF-16 indexes are kept.
export function visibleText(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

// Lines between the prompt and the legend.
function areaHeight(height: number): number {
  return Math.max(0, height - 1 - (height >= 4 ? 1 : 0));
}

function promptLine(view: FrameView, width: number, legend: boolean): string {
  const mode = view.mode;
  if (mode.kind === 'rename') return renamePrompt(mode.row.name, mode.input, width);
  // With no legend line, the kill question takes the prompt's place so it is still seen.
  if (mode.kind === 'confirm-kill' && !legend) return clipAnsi(killQuestion(mode.row.name, width), width);
  const tag = view.onlyWaiting && width - 2 - ' [waiting]'.length >= 3 ? ' [waiting]' : '';
  const query = tailWithCursor(visibleText(view.query), width - 2 - tag.length);
  const left = `> ${query}${tag === '' ? '' : `${sgr('33')}${tag}${sgr('39')}`}`;
  const leftWidth = 2 + displayWidth(query) + tag.length;
  const count = `${view.shown.length}/${view.total}`;
  if (view.query === '' || leftWidth + 1 + count.length > width) return clipAnsi(left, width);
  return clipAnsi(`${left}${' '.repeat(width - leftWidth - count.length)}${dim(count)}`, width);
}

function renamePrompt(oldName: string, input: string, width: number): string {
  const fixed = displayWidth('rename  → ');
  const typed = visibleText(input);
  const nameRoom = Math.max(1, width - fixed - Math.min(displayWidth(typed) + 1, RENAME_INPUT_ROOM));
  const name = cutEnd(visibleText(oldName), nameRoom);
  return clipAnsi(`rename ${name} → ${tailWithCursor(typed, width - fixed - displayWidth(name))}`, width);
}

// The end of text being typed, in `room` columns with one spare for the cursor.
function tailWithCursor(text: string, room: number): string {
  if (displayWidth(text) <= room - 1) return text;
  return room < 2 ? '' : `…${suffixWithin(text, room - 2)}`;
}

function killQuestion(name: string, width: number): string {
  const room = width - displayWidth('Kill ? Its panes are saved first. y/N');
  return `${sgr('1;31')}Kill ${cutEnd(visibleText(name), room >= 4 ? room : 12)}? Its panes are saved first. y/N${sgr('22;39')}`;
}

function legendLine(view: FrameView, width: number): string {
  const mode = view.mode;
  if (mode.kind === 'confirm-kill') return clipAnsi(killQuestion(mode.row.name, width), width);
  if (mode.kind === 'rename') return clipAnsi(dim('↵ rename · esc cancel'), width);
  if (view.message !== undefined) return clipAnsi(`${sgr('1')}${visibleText(view.message)}${sgr('22')}`, width);
  return clipAnsi(dim(LEGEND), width);
}

// The list, and the preview beside or below it.
function rowsArea(view: FrameView, width: number, area: number): string[] {
  const preview = view.preview;
  const sideBySide = preview !== undefined && width >= SIDE_BY_SIDE_FROM;
  const listWidth = sideBySide ? Math.floor(width * LIST_SHARE) : width;
  const count = preview !== undefined && !sideBySide ? Math.ceil(area / 2) : area;
  const list = listLines(view, listWidth, count);
  if (preview === undefined) return list;
  if (sideBySide) {
    const previewWidth = width - listWidth - 1;
    return list.map((line, index) => `${line}${dim('│')}${clipAnsi(preview[index] ?? '', previewWidth)}`);
  }
  const below = area - count - 1;
  if (below < 0) return list;
  const previewLines = Array.from({ length: below }, (_, index) => clipAnsi(preview[index] ?? '', width));
  return [...list, dim('─'.repeat(width)), ...previewLines];
}

function listLines(view: FrameView, width: number, count: number): string[] {
  if (view.shown.length === 0) {
    const note = view.total === 0 && view.query === '' ? 'no sessions' : 'no matches';
    return Array.from({ length: count }, (_, index) => new Line(width).add(index === 0 ? '  ' : '').add(index === 0 ? note : '', '2', '22').done());
  }
  const scroll = scrollShowingSelected(view, count);
  return Array.from({ length: count }, (_, index) => {
    const shown = view.shown[scroll + index];
    return shown === undefined ? ' '.repeat(width) : rowLine(shown, scroll + index === view.selected, width);
  });
}

// view.scroll, moved just enough to keep the selected row on screen.
function scrollShowingSelected(view: FrameView, count: number): number {
  let scroll = Math.max(0, Math.floor(view.scroll));
  if (view.selected >= 0 && view.selected < view.shown.length && count > 0) {
    if (view.selected < scroll) scroll = view.selected;
    if (view.selected >= scroll + count) scroll = view.selected - count + 1;
  }
  return scroll;
}

// One row: marker, agent marks, name (matches highlighted), details; the selected row in
// reverse video. Attributes are ended one by one (22, 39, 27), never by SGR 0.
function rowLine({ row, match }: ShownRow, selected: boolean, width: number): string {
  const columns = columnsFor(width);
  const line = new Line(width).add(selected ? '> ' : '  ');
  if (columns.glyphs > 0) {
    if (row.kind === 'project') line.add('+', '2', '22').add(' '.repeat(MARKS_SHOWN));
    else line.add(padEnd(prefixWithin(visibleText(row.marks), MARKS_SHOWN), MARKS_SHOWN), STATE_COLOUR[row.urgent ?? 'idle'], '39').add(' ');
  }
  const visible = visibleText(row.name);
  const name = cutEnd(visible, columns.name);
  const kept = name === visible ? name : name.slice(0, -1);
  const marked = new Set(match.positions);
  let run = '';
  let runMarked = false;
  const flush = () => {
    if (runMarked) line.add(run, '1;33', '22;39');
    else line.add(run);
    run = '';
  };
  for (let index = 0; index < kept.length; ) {
    const char = String.fromCodePoint(kept.codePointAt(index) as number);
    const on = marked.has(index) || (char.length === 2 && marked.has(index + 1));
    if (on !== runMarked) {
      flush();
      runMarked = on;
    }
    run += char;
    index += char.length;
  }
  flush();
  line.add(name.slice(kept.length)).add(' '.repeat(Math.max(0, columns.name - displayWidth(name))));
  if (columns.info > 0) line.add(' ').add(padStart(cutStart(visibleText(row.info), columns.info), columns.info), '2', '22');
  const text = line.done();
  return selected ? `${sgr('7')}${text}${sgr('27')}` : text;
}

// A line filled left to right that never grows past its width: a piece is cut at the edge
// (a wide character across it becomes a space) and wrapped in its own SGR on/off codes.
class Line {
  private text = '';
  private used = 0;
  constructor(private readonly width: number) {}

  add(piece: string, on = '', off = ''): this {
    const room = this.width - this.used;
    if (piece === '' || room <= 0) return this;
    let fitted = prefixWithin(piece, room);
    if (fitted.length < piece.length && displayWidth(fitted) < room) fitted += ' ';
    this.used += displayWidth(fitted);
    this.text += on === '' ? fitted : `${sgr(on)}${fitted}${sgr(off)}`;
    return this;
  }

  done(): string {
    return this.text + ' '.repeat(Math.max(0, this.width - this.used));
  }
}

// The longest start of text (whole code points) at most `width` columns wide.
function prefixWithin(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const columns = displayWidth(char);
    if (used + columns > width) break;
    used += columns;
    end += char.length;
  }
  return text.slice(0, end);
}

// The longest end of text (whole code points) at most `width` columns wide.
function suffixWithin(text: string, width: number): string {
  const chars = [...text];
  let used = 0;
  let start = chars.length;
  while (start > 0 && used + displayWidth(chars[start - 1] as string) <= width) {
    used += displayWidth(chars[start - 1] as string);
    start--;
  }
  return chars.slice(start).join('');
}

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

// Where the escape sequence starting at `at` ends: CSI to its final character, OSC / DCS /
// APC / PM / SOS to BEL or ST, others (ESC ( B and the like) after their final character.
function escapeEnd(line: string, at: number): number {
  const code = (index: number) => line.charCodeAt(index);
  const next = line[at + 1];
  if (next === '[') {
    let end = at + 2;
    while (end < line.length && code(end) >= 0x20 && code(end) <= 0x3f) end++;
    return end < line.length && code(end) >= 0x40 && code(end) <= 0x7e ? end + 1 : end;
  }
  if (next !== undefined && ']PX^_'.includes(next)) {
    for (let end = at + 2; end < line.length; end++) {
      if (line[end] === '\u0007') return end + 1;
      if (line[end] === ESC && line[end + 1] === '\\') return end + 2;
    }
    return line.length;
  }
  let end = at + 1;
  while (end < line.length && code(end) >= 0x20 && code(end) <= 0x2f) end++;
  return end < line.length && code(end) >= 0x30 && code(end) <= 0x7e ? end + 1 : end;
}
