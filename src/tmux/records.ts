// List queries whose output survives any character in names and paths.
//
// tmux prints -F values raw: paths may hold tabs and newlines, so fixed separators are
// not enough. Each query gets a random tag; fields end in US+tag and records in RS+tag,
// which no name or path will contain by accident. (Math.random, not node:crypto: the tag
// only has to be unguessable by file names, and loading crypto costs ~5 ms per run.)

// Field name -> tmux format, e.g. { name: '#{session_name}' }.
export type FieldFormats = Readonly<Record<string, string>>;
export type RecordOf<F extends FieldFormats> = { [K in keyof F]: string };

export interface RecordFormat<F extends FieldFormats> {
  readonly fields: F;
  readonly tag: string;
  /** The -F argument to give tmux. */
  readonly format: string;
}

const UNIT = '\x1f';
const RECORD = '\x1e';

// A -F format for the given fields, with a fresh random tag.
export function recordFormat<F extends FieldFormats>(
  fields: F,
  tag = randomTag(),
): RecordFormat<F> {
  const parts = Object.values(fields).map((format) => `${format}${UNIT}${tag}`);
  return { fields, tag, format: `${parts.join('')}${RECORD}${tag}` };
}

// Split the output of one tmux invocation that ran these queries, in this order.
export function parseRecordGroups(
  output: string,
  specs: readonly RecordFormat<FieldFormats>[],
): RecordOf<FieldFormats>[][] {
  let position = 0;
  return specs.map((spec, index) => {
    // This group ends where any later query's output begins (found once per group).
    const limit = Math.min(...specs.slice(index + 1).map((other) => firstAt(output, other.tag, position)));
    const end = `${RECORD}${spec.tag}\n`;
    const records: RecordOf<FieldFormats>[] = [];
    for (;;) {
      const stop = output.indexOf(end, position);
      if (stop < 0 || stop > limit) break;
      records.push(toRecord(output.slice(position, stop), spec));
      position = stop + end.length;
    }
    return records;
  });
}

// Split the output of a single query.
export function parseRecords<F extends FieldFormats>(output: string, spec: RecordFormat<F>): RecordOf<F>[] {
  return parseRecordGroups(output, [spec])[0] as RecordOf<F>[];
}

// Where `tag` first occurs from `from` on; Infinity when it does not.
function firstAt(output: string, tag: string, from: number): number {
  const at = output.indexOf(tag, from);
  return at < 0 ? Infinity : at;
}

function toRecord<F extends FieldFormats>(raw: string, spec: RecordFormat<F>): RecordOf<F> {
  const values = raw.split(`${UNIT}${spec.tag}`);
  const record = {} as Record<string, string>;
  Object.keys(spec.fields).forEach((key, index) => {
    record[key] = values[index] ?? '';
  });
  return record as RecordOf<F>;
}

// A random tag (12 hex digits) for markers that no output holds by accident.
export function randomTag(): string {
  return Math.floor(Math.random() * 0xffffffffffff)
    .toString(16)
    .padStart(12, '0');
}
