// Reading a tmux-resurrect line that has more fields than its type holds. tmux-resurrect
// writes names, titles, paths and commands with their TABs as they are, so such a value
// spills over into the next fields. The fields around the free-text ones have a fixed form
// (indexes are digits, flags 0 or 1, some fields start with `:`), so every way of giving the
// extra pieces back to the free-text fields is tried, and the one(s) whose fixed fields fit
// are kept; where several fit, sessions the file's pane lines name decide, then the one that
// gives the extra pieces to the later fields (as bash's `read` in tmux-resurrect's restore does).
import { quoted, withoutColon } from './fields.ts';

const GUESS_SHOWN = 400;
import type { ResurrectLineType } from './format.ts';

// One field of a line: free text (may hold TABs), free text starting with `:`, or a fixed form.
type FieldKind = { readonly free: string; readonly colon?: boolean; readonly session?: boolean } | RegExp;

const DIGITS = /^\d+$/;
const BIT = /^[01]$/;
const COLON_FIELD = /^:/;
// More extra pieces than this is not a name with TABs but garbage: not worth every reading.
const MOST_EXTRA_PIECES = 12;

// Each type's fields after the type itself (see RESURRECT_FIELD_COUNTS), free ones named.
const LAYOUTS: Readonly<Record<ResurrectLineType, readonly FieldKind[]>> = {
  pane: [
    { free: 'session', session: true },
    DIGITS,
    BIT,
    COLON_FIELD,
    DIGITS,
    { free: 'title' },
    { free: 'path', colon: true },
    BIT,
    { free: 'command' },
    { free: 'full command', colon: true },
  ],
  window: [{ free: 'session', session: true }, DIGITS, { free: 'name', colon: true }, BIT, COLON_FIELD, /^[0-9a-f]{4},\d+x\d+,/, /^(on|off|:)?$/],
  grouped_session: [{ free: 'session' }, { free: 'original session', session: true }, /^:\d*$/, /^:\d*$/],
  state: [{ free: 'client session', session: true }, { free: 'client last session', session: true }],
};

// The fields as the type holds them, and what was guessed (for a warning).
export interface RecoveredFields {
  readonly fields: string[];
  readonly guess: string;
}

// The fields of a line with extra TAB-separated pieces, or undefined when no reading fits.
export function recoverFields(type: ResurrectLineType, fields: readonly string[], sessionNames: ReadonlySet<string> = new Set()): RecoveredFields | undefined {
  const layout = LAYOUTS[type];
  const pieces = fields.slice(1);
  if (pieces.length - layout.length > MOST_EXTRA_PIECES) return undefined;
  const readings = readingsOf(layout, pieces);
  if (readings.length === 0) return undefined;
  const known = (reading: string[]) =>
    layout.filter((kind, at) => !(kind instanceof RegExp) && kind.session === true && sessionNames.has(reading[at] ?? '')).length;
  const best = Math.max(...readings.map(known));
  const chosen = readings.find((reading) => known(reading) === best) as string[];
  // A guessed value is shown whole (a path is often long), bounded only against garbage.
  const spilled = layout.flatMap((kind, at) => (kind instanceof RegExp || !(chosen[at] ?? '').includes('\t') ? [] : [`${kind.free} ${quoted(kind.colon === true ? withoutColon(chosen[at] ?? '') : (chosen[at] ?? ''), GUESS_SHOWN)}`]));
  const doubt = readings.length > 1 ? ` (a guess: ${readings.length} readings fit)` : '';
  return { fields: [fields[0] ?? type, ...chosen], guess: `${spilled.join(', ')}${doubt}` };
}

// Every way of joining the pieces into the layout's fields that its fixed fields accept.
function readingsOf(layout: readonly FieldKind[], pieces: readonly string[]): string[][] {
  const found: string[][] = [];
  const walk = (at: number, from: number, taken: string[]) => {
    if (found.length >= 50) return;
    const kind = layout[at];
    if (kind === undefined) {
      if (from === pieces.length) found.push(taken);
      return;
    }
    const fieldsLeft = layout.length - at - 1;
    const most = kind instanceof RegExp ? 1 : pieces.length - from - fieldsLeft;
    for (let count = 1; count <= most; count++) {
      const value = pieces.slice(from, from + count).join('\t');
      if (kind instanceof RegExp ? !kind.test(value) : kind.colon === true && !value.startsWith(':')) continue;
      walk(at + 1, from + count, [...taken, value]);
    }
  };
  walk(0, 0, []);
  return found;
}
