// A drawn line as terminal cells, and the bytes that turn one line on screen into another by
// writing only the cells that changed. Over 1,000 sessions a keystroke changes every row of
// the list, yet most of each row's cells (marks, the "claude-dev-" prefix, the padding, the
// details) stay as they were: writing only the rest keeps a frame small enough for tmux to
// read in one go (it reads a popup's output 4 KB at a time and redraws the popup after each).
// Pure. Lines hold text and SGR escapes only (what screen.ts draws); any other escape or a
// control character makes the line unreadable here, and it is then written whole.
import { displayWidth } from '../util/table.ts';

const ESC = '\u001b';
const RESET = `${ESC}[0m`;
// Unchanged cells between two changes are written again up to this many (moving the cursor
// over them costs about as many bytes).
const REWRITE_GAP = 8;

// A line's cells, one per column: the text drawn there ('' for the right half of a wide
// character) and the attributes in force, as one SGR escape that sets them from a reset
// ('' for none), so equal attributes compare equal however they were written.
export interface Cells {
  readonly text: readonly string[];
  readonly style: readonly string[];
}

// The cells of a line, or undefined when it holds something other than text and SGR escapes.
export function cellsOf(line: string): Cells | undefined {
  const text: string[] = [];
  const style: string[] = [];
  const attributes = new Attributes();
  let current = '';
  for (let at = 0; at < line.length; ) {
    const code = line.charCodeAt(at);
    if (code >= 0x20 && code < 0x7f) {
      text.push(line[at] as string);
      style.push(current);
      at++;
      continue;
    }
    if (code === 0x1b) {
      const end = sgrEnd(line, at);
      if (end === undefined) return undefined;
      current = attributes.apply(line.slice(at + 2, end - 1));
      at = end;
      continue;
    }
    const point = line.codePointAt(at) as number;
    const char = String.fromCodePoint(point);
    at += char.length;
    if (point < 0x20 || (point >= 0x7f && point <= 0x9f)) return undefined;
    const width = displayWidth(char);
    if (width === 0) {
      // A combining mark joins the character before it (the left half, for a wide one).
      const last = text.length - (text.at(-1) === '' ? 2 : 1);
      if (last < 0) return undefined;
      text[last] += char;
      continue;
    }
    text.push(char);
    style.push(current);
    if (width === 2) {
      text.push('');
      style.push(current);
    }
  }
  return { text, style };
}

// The bytes that change screen row `row` (1-based) from `before` to `after`: a cursor move
// and the new cells for each run of changed cells, attributes reset after each run. With
// nothing known of the row (or another width), the whole line.
export function lineUpdate(row: number, before: Cells | undefined, after: Cells | undefined, line: string): string {
  if (before === undefined || after === undefined || before.text.length !== after.text.length) return `${ESC}[${row};1H${line}`;
  const width = after.text.length;
  let out = '';
  for (let column = 0; column < width; ) {
    if (sameCell(before, after, column)) {
      column++;
      continue;
    }
    let start = column;
    let end = column + 1;
    for (let next = end, unchanged = 0; next < width && unchanged <= REWRITE_GAP; next++) {
      if (sameCell(before, after, next)) unchanged++;
      else (unchanged = 0), (end = next + 1);
    }
    // A wide character is written whole: half of one overwritten clears the other half.
    while (start > 0 && (after.text[start] === '' || before.text[start] === '')) start--;
    while (end < width && (after.text[end] === '' || before.text[end] === '')) end++;
    out += run(row, start, end, after);
    column = end;
  }
  return out;
}

function run(row: number, start: number, end: number, after: Cells): string {
  let out = `${ESC}[${row};${start + 1}H${RESET}`;
  let style = '';
  for (let column = start; column < end; column++) {
    const wanted = after.style[column] as string;
    if (wanted !== style) {
      out += wanted === '' ? RESET : wanted;
      style = wanted;
    }
    out += after.text[column];
  }
  return style === '' ? out : out + RESET;
}

function sameCell(before: Cells, after: Cells, column: number): boolean {
  return before.text[column] === after.text[column] && before.style[column] === after.style[column];
}

// Where the SGR escape at `at` ends, or undefined when it is another escape.
function sgrEnd(line: string, at: number): number | undefined {
  if (line[at + 1] !== '[') return undefined;
  let end = at + 2;
  while (end < line.length && /[\d;:]/.test(line[end] as string)) end++;
  return line[end] === 'm' ? end + 1 : undefined;
}

// SGR attributes as a terminal keeps them: each SGR escape changes some, and `key` is the
// escape that sets them all from a reset.
class Attributes {
  private readonly set = new Map<string, string>();
  private key = '';

  // Apply an SGR escape's parameters; returns the new key.
  apply(parameters: string): string {
    const list = parameters.split(';');
    for (let index = 0; index < list.length; index++) {
      const parameter = list[index] as string;
      const code = Number(parameter.split(':')[0] || '0');
      if (code === 0) this.set.clear();
      else if (code === 1 || code === 2) this.set.set(`i${code}`, String(code));
      else if (code === 22) this.set.delete('i1'), this.set.delete('i2');
      else if (code >= 3 && code <= 9) this.set.set(`a${code === 6 ? 5 : code}`, parameter);
      else if (code >= 23 && code <= 29) this.set.delete(`a${code - 20}`);
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) this.set.set('fg', parameter);
      else if (code === 39) this.set.delete('fg');
      else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) this.set.set('bg', parameter);
      else if (code === 49) this.set.delete('bg');
      else if (code === 38 || code === 48 || code === 58) {
        // Extended colour: 38:5:n as one parameter, or 38;5;n / 38;2;r;g;b as several.
        let value = parameter;
        if (!parameter.includes(':')) {
          const count = list[index + 1] === '5' ? 2 : list[index + 1] === '2' ? 4 : 0;
          value = list.slice(index, index + 1 + count).join(';');
          index += count;
        }
        this.set.set(code === 38 ? 'fg' : code === 48 ? 'bg' : 'ul', value);
      } else if (code === 59) this.set.delete('ul');
      else this.set.set(`x${parameter}`, parameter); // kept as written: never dropped
    }
    this.key = this.set.size === 0 ? '' : `${ESC}[0;${[...this.set.keys()].sort().map((name) => this.set.get(name)).join(';')}m`;
    return this.key;
  }
}
