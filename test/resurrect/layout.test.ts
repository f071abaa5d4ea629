// Window layout strings: reading them, their checksum, and knowing before a restore whether
// `select-layout` will take one (tmux aborts the whole batch at the first failing command).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  layoutChecksum,
  layoutForPanes,
  layoutWithoutChecksumAndIds,
  leafCount,
  parseLayout,
  withCorrectChecksum,
  type LayoutCell,
} from '../../src/resurrect/layout.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'resurrect');
const TILED = '74ec,160x48,0,0[160x23,0,0{79x23,0,0,1,80x23,80,0,3},160x24,0,24{79x24,0,24,2,80x24,80,24,4}]';

// Every (layout, pane count) the fixtures hold, from tmux-resurrect's save and from tmux itself.
function fixtureLayouts(): { source: string; layout: string; panes: number }[] {
  const found: { source: string; layout: string; panes: number }[] = [];
  const rows = (folder: string, file: string) =>
    readFileSync(join(FIXTURES, folder, file), 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t'));
  for (const folder of readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const save = rows(folder.name, 'resurrect-save.txt');
    const panesIn = (records: string[][], session: string, index: string) => records.filter((r) => r[0] === session && r[1] === index).length;
    const savedPanes = save.filter((r) => r[0] === 'pane').map((r) => r.slice(1));
    for (const r of save.filter((r) => r[0] === 'window')) {
      found.push({ source: `${folder.name}/resurrect-save.txt`, layout: r[6]!, panes: panesIn(savedPanes, r[1]!, r[2]!) });
    }
    const livePanes = rows(folder.name, 'expected-panes.tsv');
    for (const r of rows(folder.name, 'expected-windows.tsv')) {
      found.push({ source: `${folder.name}/expected-windows.tsv`, layout: r[5]!, panes: panesIn(livePanes, r[0]!, r[1]!) });
    }
  }
  return found;
}

function parsed(layout: string): LayoutCell {
  const result = parseLayout(layout);
  if (!result.ok) throw new Error(result.reason);
  return result.root;
}

describe('layouts saved by tmux-resurrect and reported by tmux', () => {
  const layouts = fixtureLayouts();

  it('are all found in the fixtures', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(12);
    expect(layouts.every(({ panes }) => panes > 0)).toBe(true);
  });

  it.each(layouts)('$source: $layout parses with a matching checksum and one cell per pane', ({ layout, panes }) => {
    const result = parseLayout(layout);
    expect(result).toMatchObject({ ok: true, checksumMatches: true });
    expect(leafCount(parsed(layout))).toBe(panes);
    expect(withCorrectChecksum(layout)).toBe(layout);
  });

  it.each(layouts)('$source: $layout is taken by select-layout at 160x48', ({ layout, panes }) => {
    expect(layoutForPanes(layout, panes)).toEqual({ ok: true, layout, width: 160, height: 48 });
  });
});

describe('reading a layout', () => {
  it('gives each cell its size, offset, split direction and pane id', () => {
    const root = parsed(TILED);
    expect(root).toMatchObject({ kind: 'top-bottom', width: 160, height: 48, x: 0, y: 0 });
    expect(root.paneId).toBeUndefined();
    expect(root.children.map((row) => row.kind)).toEqual(['left-right', 'left-right']);
    expect(root.children[1]!.children[1]).toEqual({ kind: 'leaf', width: 80, height: 24, x: 80, y: 24, paneId: 4, children: [] });
    expect(leafCount(root)).toBe(4);
  });

  it('takes leaves without a pane id, as tmux does', () => {
    const root = parsed(withCorrectChecksum('100x30,0,0{50x30,0,0,49x30,51,0}'));
    expect(root.children.map((leaf) => [leaf.kind, leaf.paneId])).toEqual([['leaf', undefined], ['leaf', undefined]]);
  });

  it('takes what tmux takes: an empty id, and an id on a container (both ignored)', () => {
    expect(leafCount(parsed(withCorrectChecksum('100x30,0,0{50x30,0,0,1,49x30,51,0,}')))).toBe(2);
    expect(parsed(withCorrectChecksum('100x30,0,0,7{50x30,0,0,1,49x30,51,0,2}')).paneId).toBeUndefined();
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'hello world'],
    ['a body without its checksum', '160x48,0,0,1'],
    ['a short checksum', '4ec,160x48,0,0,1'],
    ['a checksum alone', '74ec,'],
    ['a truncated cell', '74ec,160x48,0'],
    ['a truncated tree', TILED.slice(0, 60)],
    ['an unclosed bracket', '74ec,160x48,0,0{80x48,0,0,1,79x48,81,0,2'],
    ['a mismatched bracket', '74ec,160x48,0,0{80x48,0,0,1,79x48,81,0,2]'],
    ['an extra closing bracket', '74ec,160x48,0,0{80x48,0,0,1,79x48,81,0,2}}'],
    ['an empty container', '74ec,160x48,0,0{}'],
    ['a trailing comma in a container', '74ec,160x48,0,0{80x48,0,0,1,}'],
    ['a negative size', '74ec,160x-48,0,0,1'],
    ['spaces', '74ec,160x48, 0,0,1'],
    ['a second top cell', '74ec,160x48,0,0,1,160x48,0,0,2'],
  ])('refuses %s with a reason', (_, layout) => {
    const result = parseLayout(layout);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^invalid layout: /);
    expect(layoutForPanes(layout, 1).ok).toBe(false);
  });
});

describe('the checksum', () => {
  it('is tmux’s over the text after the prefix, as four hex digits', () => {
    expect(layoutChecksum('160x48,0,0,7')).toBe('cc04');
    expect(layoutChecksum(TILED.slice(5))).toBe('74ec');
    expect(layoutChecksum('')).toBe('0000');
  });

  it('is reported when wrong, and fixed without touching the body', () => {
    const wrong = `0000${TILED.slice(4)}`;
    expect(parseLayout(wrong)).toMatchObject({ ok: true, checksumMatches: false });
    expect(withCorrectChecksum(wrong)).toBe(TILED);
    expect(layoutForPanes(wrong, 4)).toEqual({ ok: true, layout: TILED, width: 160, height: 48 });
  });

  it('matches in upper case too, as tmux reads it with %hx', () => {
    expect(parseLayout(TILED.toUpperCase().slice(0, 4) + TILED.slice(4))).toMatchObject({ ok: true, checksumMatches: true });
  });

  it('is prepended to a bare body', () => {
    expect(withCorrectChecksum('160x48,0,0,7')).toBe('cc04,160x48,0,0,7');
  });
});

describe('whether select-layout takes a layout', () => {
  const layout = (body: string) => withCorrectChecksum(body);

  it('takes fewer panes than cells, closing the bottom-right cells as tmux does', () => {
    expect(layoutForPanes(TILED, 3)).toEqual({ ok: true, layout: TILED, width: 160, height: 48 });
    expect(layoutForPanes(TILED, 1)).toEqual({ ok: true, layout: TILED, width: 160, height: 48 });
  });

  it('refuses more panes than cells', () => {
    expect(layoutForPanes(TILED, 5)).toEqual({ ok: false, reason: 'the window has 5 panes but the layout only 4 cells' });
  });

  it('refuses a pane count that is not a positive whole number', () => {
    expect(layoutForPanes(TILED, 0).ok).toBe(false);
    expect(layoutForPanes(TILED, 1.5).ok).toBe(false);
  });

  it.each([
    ['children of different heights', '160x48,0,0{80x48,0,0,1,79x47,81,0,2}', 2, /not as high/],
    ['widths that do not add up', '160x48,0,0[160x23,0,0{79x23,0,0,1,79x23,80,0,2},160x24,0,24,3]', 3, /add up to 159 columns/],
    ['heights that do not add up', '100x30,0,0{30x30,0,0,1,69x30,31,0[69x10,0,0,2,69x10,0,11,3,69x9,0,22,4]}', 4, /add up to 31 rows/],
  ])('refuses %s', (_, body, panes, reason) => {
    const result = layoutForPanes(layout(body), panes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('takes a mismatch that tmux closes away with the bottom-right cell', () => {
    expect(layoutForPanes(layout('100x30,0,0{50x30,0,0,1,49x29,51,0,2}'), 1)).toMatchObject({ ok: true, width: 100, height: 30 });
  });

  it('gives the closed cell’s space to its neighbour, one row per child in turn', () => {
    // Closing the 9-row cell grows [5,4] by 10 rows to [10,9]: 10 + 1 + 20 = 31 rows in all.
    const body = '100x30,0,0[100x10,0,0,1,100x10,0,11[100x5,0,11,2,100x4,0,17,3],100x9,0,21,4]';
    expect(layoutForPanes(layout(body), 3)).toMatchObject({ ok: true, width: 100, height: 31 });
  });

  it('sizes the window from the top cell’s children, as tmux corrects old layouts', () => {
    expect(layoutForPanes(layout('999x999,0,0{80x48,0,0,1,79x48,81,0,2}'), 2)).toMatchObject({ ok: true, width: 160, height: 48 });
    // tmux leaves a top cell exactly one larger alone, so the check then fails.
    expect(layoutForPanes(layout('82x49,0,0{40x48,0,0,1,40x48,41,0,2}'), 2).ok).toBe(false);
  });

  it.each([
    ['a zero-width cell', '100x30,0,0{0x30,0,0,1,99x30,1,0,2}', /0x30 has no room/],
    ['a zero-sized window', '0x0,0,0,1', /0x0 has no room/],
    ['a cell larger than tmux allows', '20000x30,0,0,1', /larger than tmux's 10000/],
    ['a container with one child (tmux 3.3a crashes closing its pane)', '100x30,0,0{30x30,0,0,1,69x30,31,0[69x30,31,0,2]}', /single child/],
  ])('refuses %s, which tmux would take', (_, body, reason) => {
    const result = layoutForPanes(layout(body), 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('a layout without checksum and pane ids', () => {
  it('keeps sizes, offsets and brackets only', () => {
    expect(layoutWithoutChecksumAndIds('0b76,160x48,0,0{80x48,0,0,5,79x48,81,0,6}')).toBe('160x48,0,0{80x48,0,0,79x48,81,0}');
    expect(layoutWithoutChecksumAndIds(TILED)).toBe(
      '160x48,0,0[160x23,0,0{79x23,0,0,80x23,80,0},160x24,0,24{79x24,0,24,80x24,80,24}]',
    );
    expect(layoutWithoutChecksumAndIds('cc04,160x48,0,0,7')).toBe('160x48,0,0');
  });

  it('is the same for one layout saved with different pane ids and checksums', () => {
    expect(layoutWithoutChecksumAndIds('8b5f,160x48,0,0{80x48,0,0,0,79x48,81,0,1}')).toBe(
      layoutWithoutChecksumAndIds('0b76,160x48,0,0{80x48,0,0,5,79x48,81,0,6}'),
    );
  });

  it('throws on text that is not a layout', () => {
    expect(() => layoutWithoutChecksumAndIds('nonsense')).toThrow(/invalid layout/);
  });
});

describe('against a real tmux server', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => server.stop());

  // A detached window of `panes` panes; returns its id.
  const windowWith = (panes: number, ...splits: string[][]) => {
    const id = server.tmux('new-window', '-d', '-t', 'placeholder:', '-P', '-F', '#{window_id}', 'sleep 100000').trim();
    for (let i = 1; i < panes; i++) server.tmux('split-window', '-d', ...(splits[i - 1] ?? []), '-t', id, 'sleep 100000');
    return id;
  };

  it('writes the checksums computed here', () => {
    server.tmux('new-session', '-d', '-s', 'layouts', '-x', '160', '-y', '48', 'sleep 100000');
    const seen: string[] = [];
    const read = () => server.tmux('display', '-p', '-t', 'layouts:0', '#{window_layout}').trim();
    seen.push(read());
    server.tmux('split-window', '-d', '-h', '-t', 'layouts:0.0', 'sleep 100000');
    seen.push(read());
    server.tmux('split-window', '-d', '-v', '-t', 'layouts:0.1', 'sleep 100000');
    seen.push(read());
    server.tmux('resize-pane', '-t', 'layouts:0.0', '-x', '37');
    seen.push(read());
    server.tmux('select-layout', '-t', 'layouts:0', 'tiled');
    seen.push(read());
    server.tmux('kill-session', '-t', 'layouts');
    for (const [panes, layout] of [1, 2, 3, 3, 3].map((n, i) => [n, seen[i]!] as const)) {
      expect(parseLayout(layout)).toMatchObject({ ok: true, checksumMatches: true });
      expect(withCorrectChecksum(layout)).toBe(layout);
      expect(layoutForPanes(layout, panes)).toEqual({ ok: true, layout, width: 160, height: 48 });
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a wrong checksum, which is why the layout to pass has it fixed', () => {
    const id = windowWith(4, ['-h'], ['-v'], ['-h']);
    const tried = server.tryTmux('select-layout', '-t', id, `0000${TILED.slice(4)}`);
    server.tmux('kill-window', '-t', id);
    expect(tried.stderr).toMatch(/invalid layout/);
  });

  it.each([
    [TILED, 4],
    [TILED, 2],
    [withCorrectChecksum('999x999,0,0{80x48,0,0,1,79x48,81,0,2}'), 2],
    [withCorrectChecksum('82x49,0,0{40x48,0,0,1,40x48,41,0,2}'), 2],
    [withCorrectChecksum('160x48,0,0{80x48,0,0,1,79x47,81,0,2}'), 2],
    [withCorrectChecksum('100x30,0,0{50x30,0,0,1,49x29,51,0,2}'), 1],
    [withCorrectChecksum('100x30,0,0[100x10,0,0,1,100x10,0,11[100x5,0,11,2,100x4,0,17,3],100x9,0,21,4]'), 3],
    [withCorrectChecksum('100x30,0,0{30x30,0,0,1,69x30,31,0[69x10,0,0,2,69x10,0,11,3,69x9,0,22,4]}'), 3],
    [`0000${TILED.slice(4)}`, 4],
    [TILED, 5],
  ])('agrees with select-layout on %s for %i panes', (layout, panes) => {
    const id = windowWith(panes, ['-h'], ['-v'], ['-h'], ['-v']);
    const predicted = layoutForPanes(layout, panes);
    const tried = server.tryTmux('select-layout', '-t', id, predicted.ok ? predicted.layout : layout);
    const size = server.tmux('display', '-p', '-t', id, '#{window_width}x#{window_height}').trim();
    server.tmux('kill-window', '-t', id);
    expect(tried.status === 0).toBe(predicted.ok);
    if (predicted.ok) expect(size).toBe(`${predicted.width}x${predicted.height}`);
  });
});
