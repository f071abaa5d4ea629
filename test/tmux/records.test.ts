import { describe, expect, it } from 'vitest';
import { parseRecordGroups, parseRecords, recordFormat } from '../../src/tmux/records.ts';

// What tmux prints for a -F format: the expanded format, then a newline, per item.
function print(spec: ReturnType<typeof recordFormat>, items: Record<string, string>[]): string {
  return items
    .map((item) => {
      let line = spec.format;
      for (const [key, format] of Object.entries(spec.fields)) line = line.replace(format, () => item[key] ?? '');
      return `${line}\n`;
    })
    .join('');
}

describe('list records', () => {
  const fields = { name: '#{session_name}', path: '#{session_path}' };

  it('survive tabs, newlines, quotes and unicode in values', () => {
    const spec = recordFormat(fields, 'abc123abc123');
    const items = [
      { name: 'a\tb', path: '/tmp/x\ny' },
      { name: `q"'$(rm);é🎉`, path: '' },
    ];
    expect(parseRecords(print(spec, items), spec)).toEqual(items);
  });

  it('come back empty for empty output', () => {
    expect(parseRecords('', recordFormat(fields))).toEqual([]);
  });

  it('are split per query when several queries share one tmux call', () => {
    const a = recordFormat({ id: '#{session_id}' }, '111111111111');
    const b = recordFormat({ pane: '#{pane_id}' }, '222222222222');
    const c = recordFormat({ x: '#{x}' }, '333333333333');
    const output = print(a, []) + print(b, [{ pane: '%1' }, { pane: '%2' }]) + print(c, [{ x: 'last' }]);
    expect(parseRecordGroups(output, [a, b, c])).toEqual([[], [{ pane: '%1' }, { pane: '%2' }], [{ x: 'last' }]]);
  });

  it('use a fresh tag per format', () => {
    expect(recordFormat(fields).tag).not.toBe(recordFormat(fields).tag);
  });
});
