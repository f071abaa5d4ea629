// The switcher's frame: exact text of the prompt, rows and legend; every line exactly the
// width at any size; the reverse-video selection, highlights, tmux-style cuts, the kill and
// rename prompts, the preview beside or below the list, scrolling, and the empty list.
import { describe, expect, it } from 'vitest';
import { LEGEND } from '../../src/switcher/row-format.ts';
import { clipAnsi, cutEnd, cutStart, listRows, renderFrame, visibleText } from '../../src/switcher/screen.ts';
import type { FrameView, ShownRow, SwitcherRow } from '../../src/switcher/types.ts';
import { displayWidth } from '../../src/util/table.ts';

const ESC = '\u001b';
const plain = (line: string) => line.replace(/\u001b\[[\d;:]*m/g, '');
const columnsOf = (line: string) => displayWidth(plain(line));
const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

const api: SwitcherRow = { kind: 'workspace', key: '$1', name: 'claude-dev-api', marks: '●◐', urgent: 'waiting', info: 'main · 3 win* · 5m', waiting: 1 };
const notes: SwitcherRow = { kind: 'session', key: '$2', name: 'notes', marks: '', info: '1 win · 2h', waiting: 0 };
const shop: SwitcherRow = { kind: 'project', key: 'project:/p/shop', name: 'shop', marks: '', info: 'new · default', waiting: 0 };
const shown = (row: SwitcherRow, positions: number[] = []): ShownRow => ({ row, match: { score: 0, positions } });
const ROWS = [shown(api), shown(notes), shown(shop)];

const view = (over: Partial<FrameView> = {}): FrameView => ({
  width: 60,
  height: 8,
  query: '',
  shown: ROWS,
  total: 3,
  selected: 0,
  scroll: 0,
  mode: { kind: 'list' },
  onlyWaiting: false,
  ...over,
});
const frame = (over: Partial<FrameView> = {}) => renderFrame(view(over));
const text = (over: Partial<FrameView> = {}) => frame(over).map(plain);

// At 60 columns: marker 2, marks 4 + 1, name 26, a space, details 26.
const row60 = (marker: string, marks: string, name: string, info: string) => `${marker}${padEnd(marks, 4)} ${padEnd(name, 26)} ${padStart(info, 26)}`;

describe('renderFrame: layout', () => {
  it('draws prompt, rows and legend at 60x8', () => {
    expect(text()).toEqual([
      padEnd('>', 60),
      row60('> ', '●◐', 'claude-dev-api', 'main · 3 win* · 5m'),
      row60('  ', '', 'notes', '1 win · 2h'),
      row60('  ', '+', 'shop', 'new · default'),
      ' '.repeat(60),
      ' '.repeat(60),
      ' '.repeat(60),
      LEGEND.slice(0, 60),
    ]);
  });

  it('colours the marks by the most urgent state, dims details, legend and the project "+"', () => {
    const lines = frame();
    expect(lines[1]).toContain(`${ESC}[33m●◐  ${ESC}[39m `);
    expect(lines[2]).toContain(`${ESC}[39m    ${ESC}[39m `);
    expect(lines[1]).toContain(`${ESC}[2m        main · 3 win* · 5m${ESC}[22m`);
    expect(lines[3]).toContain(`${ESC}[2m+${ESC}[22m    shop `);
    expect(lines[7]?.startsWith(`${ESC}[2m↵ switch`)).toBe(true);
  });

  it('gives exactly H lines of exactly W columns at every size, in every mode', () => {
    const long: SwitcherRow = { ...api, key: '$9', name: '日本語のセッション名前😀テスト-very-long-name', marks: '●●●◐◐○', info: 'feature/a-very-long-branch-name · 12 win* · 3d' };
    const many = [...ROWS, shown(long, [0, 3, 12, 14]), ...Array.from({ length: 8 }, (_, i) => shown({ ...notes, key: `$x${i}`, name: `s${i}\tx\u0007` }))];
    const preview = [`${ESC}[31;44m${'wide 日本 '.repeat(30)}`, `${ESC}]0;title\u0007plain`, '😀'.repeat(80)];
    const views: Partial<FrameView>[] = [
      {},
      { shown: many, total: many.length, selected: 3, scroll: 2, query: 'x日', onlyWaiting: true },
      { shown: many, total: many.length, selected: 6, preview },
      { shown: [], total: 0 },
      { shown: [], query: 'zzz' },
      { mode: { kind: 'confirm-kill', row: long } },
      { mode: { kind: 'rename', row: long, input: '新しい名前-new-name' } },
      { message: 'renamed\nnotes → notes-2', preview: [] },
    ];
    for (const over of views) {
      for (const width of [1, 2, 5, 10, 20, 47, 48, 79, 80, 200]) {
        for (let height = 1; height <= 8; height++) {
          const lines = frame({ ...over, width, height });
          expect(lines).toHaveLength(height);
          for (const line of lines) expect(columnsOf(line), JSON.stringify({ width, height, line })).toBe(width);
        }
      }
    }
  });

  it('gives no lines for a height under 1, and empty lines for a width of 0', () => {
    expect(frame({ height: 0 })).toEqual([]);
    expect(frame({ height: -3 })).toEqual([]);
    expect(frame({ width: 0, height: 3 })).toEqual(['', '', '']);
  });

  it('shows the prompt only at H=1, one row at H=2, two at H=3, and the legend from H=4', () => {
    expect(text({ height: 1 })).toEqual([padEnd('>', 60)]);
    expect(text({ height: 2 })[1]?.trim()).toMatch(/^> ●◐ +claude-dev-api/);
    expect(text({ height: 3 }).slice(1).map((line) => line.slice(7).split(' ')[0])).toEqual(['claude-dev-api', 'notes']);
    expect(text({ height: 4 })).toHaveLength(4);
    expect(text({ height: 4 })[3]).toBe(LEGEND.slice(0, 60));
    expect(text({ height: 4 })[2]?.trim()).toMatch(/^notes/);
  });

  it('reverses the selected row across the list width, and only that row, with no SGR 0 inside', () => {
    const lines = frame({ selected: 1 });
    expect(lines.filter((line) => line.includes(`${ESC}[7m`))).toEqual([lines[2]]);
    expect(lines[2]?.startsWith(`${ESC}[7m> `)).toBe(true);
    expect(lines[2]?.endsWith(`${ESC}[27m`)).toBe(true);
    for (const line of lines.slice(1, 4)) expect(line).not.toContain(`${ESC}[0m`);
    expect(plain(lines[1] as string).startsWith('  ')).toBe(true);
  });
});

describe('renderFrame: prompt', () => {
  it('shows the query with a dim shown/total count on the right', () => {
    const lines = frame({ query: 'no', shown: [shown(notes, [0, 1])] });
    expect(plain(lines[0] as string)).toBe(`> no${' '.repeat(53)}1/3`);
    expect(lines[0]).toContain(`${ESC}[2m1/3${ESC}[22m`);
  });

  it('shows [waiting] in yellow after the query while only waiting rows are listed', () => {
    const lines = frame({ query: 'a', onlyWaiting: true, shown: [shown(api, [0])] });
    expect(lines[0]).toContain(`> a${ESC}[33m [waiting]${ESC}[39m`);
    expect(plain(lines[0] as string)).toBe(`> a [waiting]${' '.repeat(44)}1/3`);
    expect(plain(frame({ onlyWaiting: true })[0] as string)).toBe(padEnd('>  [waiting]', 60));
  });

  it('leaves the count out when it does not fit, and keeps the end of a long query in view', () => {
    expect(plain(frame({ width: 10, query: 'abcd', shown: [] })[0] as string)).toBe('> abcd 0/3');
    expect(plain(frame({ width: 9, query: 'abcd', shown: [] })[0] as string)).toBe('> abcd   ');
    expect(plain(frame({ width: 10, query: 'abcdefghijkl', shown: [] })[0] as string)).toBe('> …ghijkl ');
  });
});

describe('renderFrame: highlights and cuts', () => {
  it('draws matched characters bold yellow (positions are UTF-16 indexes into the name)', () => {
    expect(frame({ shown: [shown(api, [11, 12, 13])] })[1]).toContain(`claude-dev-${ESC}[1;33mapi${ESC}[22;39m `);
    expect(frame({ shown: [shown(api, [0, 7])] })[1]).toContain(`${ESC}[1;33mc${ESC}[22;39mlaude-${ESC}[1;33md${ESC}[22;39mev-api`);
    const emoji = { ...notes, name: 'a😀b' };
    expect(frame({ shown: [shown(emoji, [1, 2, 3])] })[1]).toContain(`a${ESC}[1;33m😀b${ESC}[22;39m`);
  });

  it('cuts a name wider than the column less one to that width and "…" (tmux #{=/N-1/…:})', () => {
    const named = (name: string) => plain(frame({ shown: [shown({ ...notes, name })] })[1] as string).slice(7, 7 + 26);
    expect(named('x'.repeat(25))).toBe(`${'x'.repeat(25)} `);
    expect(named('x'.repeat(26))).toBe(`${'x'.repeat(25)}…`);
    expect(named('x'.repeat(40))).toBe(`${'x'.repeat(25)}…`);
    const cjk = plain(frame({ shown: [shown({ ...notes, name: '日本語のセッション名前テスト長い' })] })[1] as string);
    expect(cjk).toContain('日本語のセッション名前テ… ');
    const emoji = plain(frame({ shown: [shown({ ...notes, name: '🚀'.repeat(20) })] })[1] as string);
    expect(emoji).toContain(`${'🚀'.repeat(12)}… `);
  });

  it('keeps highlights in the part of a cut name that is shown, and never on "…"', () => {
    const line = frame({ shown: [shown({ ...notes, name: 'x'.repeat(40) }, [24, 25, 26])] })[1] as string;
    expect(line).toContain(`${'x'.repeat(24)}${ESC}[1;33mx${ESC}[22;39m…`);
  });

  it('cuts details from the start and right-aligns them', () => {
    const info = 'feature/a-very-long-branch-name · 12 win* · 3d';
    const line = plain(frame({ shown: [shown({ ...notes, info })] })[1] as string);
    expect(line.endsWith(` …${info.slice(-25)}`)).toBe(true);
  });

  it('shows control characters in names as one column each', () => {
    expect(plain(frame({ shown: [shown({ ...notes, name: 'a\tb\nc\u001b[31md' })] })[1] as string)).toContain('a b c?[31md ');
  });

  it('cutEnd / cutStart follow the tmux rule, whole characters only', () => {
    expect(cutEnd('abcdef', 7)).toBe('abcdef');
    expect(cutEnd('abcdef', 6)).toBe('abcde…');
    expect(cutEnd('日本語', 6)).toBe('日本語'.slice(0, 2) + '…');
    expect(cutEnd('日本語', 7)).toBe('日本語');
    expect(cutEnd('abc', 1)).toBe('…');
    expect(cutEnd('abc', 0)).toBe('');
    expect(cutStart('abcdef', 4)).toBe('…def');
    expect(cutStart('😀😀😀', 4)).toBe('…😀');
    expect(cutStart('abc', 4)).toBe('abc');
  });

  it('visibleText keeps UTF-16 indexes and makes control characters one column', () => {
    expect(visibleText('a\tb\r\nc\u0000\u007f\u009b😀')).toBe('a b  c???😀');
  });
});

describe('renderFrame: modes and messages', () => {
  it('asks before a kill on the legend line, the prompt unchanged', () => {
    const lines = frame({ mode: { kind: 'confirm-kill', row: api } });
    expect(plain(lines[0] as string)).toBe(padEnd('>', 60));
    expect(plain(lines[7] as string)).toBe(padEnd('Kill claude-dev-api? Its panes are saved first. y/N', 60));
    expect(lines[7]?.startsWith(`${ESC}[1;31mKill`)).toBe(true);
  });

  it('asks on the prompt line when there is no legend line (H < 4)', () => {
    expect(plain(frame({ height: 3, mode: { kind: 'confirm-kill', row: api } })[0] as string)).toBe(padEnd('Kill claude-dev-api? Its panes are saved first. y/N', 60));
  });

  it('cuts the name, not "y/N", when the kill question is too long', () => {
    const question = plain(frame({ width: 50, mode: { kind: 'confirm-kill', row: { ...api, name: 'x'.repeat(30) } } })[7] as string);
    expect(question).toBe(`Kill ${'x'.repeat(12)}…? Its panes are saved first. y/N`);
  });

  it('edits a rename on the prompt line, with its own legend', () => {
    const lines = frame({ mode: { kind: 'rename', row: notes, input: 'notes-2' } });
    expect(plain(lines[0] as string)).toBe(padEnd('rename notes → notes-2', 60));
    expect(lines[7]).toContain(`${ESC}[2m↵ rename · esc cancel${ESC}[22m`);
    expect(plain(lines[7] as string)).toBe(padEnd('↵ rename · esc cancel', 60));
  });

  it('keeps the end of a long rename input in view, cutting the old name first', () => {
    const line = plain(frame({ width: 30, mode: { kind: 'rename', row: { ...notes, name: 'a-rather-long-old-name' }, input: 'new-name-being-typed-here' } })[0] as string);
    expect(line).toBe('rename a-r… → …ing-typed-here ');
  });

  it('shows a message bold on the legend line instead of the legend', () => {
    const lines = frame({ message: 'renamed notes → notes-2' });
    expect(lines[7]).toContain(`${ESC}[1mrenamed notes → notes-2${ESC}[22m`);
    expect(plain(lines[7] as string)).toBe(padEnd('renamed notes → notes-2', 60));
  });

  it('says "no sessions" for an empty list and "no matches" when the filter hides every row', () => {
    expect(text({ shown: [], total: 0 })[1]).toBe(padEnd('  no sessions', 60));
    expect(text({ shown: [], query: 'zzz' })[1]).toBe(padEnd('  no matches', 60));
    expect(text({ shown: [], total: 0, query: 'zzz' })[1]).toBe(padEnd('  no matches', 60));
    expect(text({ shown: [], onlyWaiting: true })[1]).toBe(padEnd('  no matches', 60));
    expect(frame({ shown: [], query: 'zzz' })[1]).toContain(`${ESC}[2mno matches${ESC}[22m`);
  });
});

describe('renderFrame: scrolling', () => {
  const many = Array.from({ length: 10 }, (_, i) => shown({ ...notes, key: `$${i}`, name: `session-${i}` }));
  const names = (over: Partial<FrameView>) => text({ shown: many, total: 10, height: 5, ...over }).slice(1, 4).map((line) => line.slice(2).trim().split(/ +/)[0]);

  it('starts the list at view.scroll', () => {
    expect(names({ scroll: 4, selected: 5 })).toEqual(['session-4', 'session-5', 'session-6']);
    expect(names({ scroll: 8, selected: 9 })).toEqual(['session-8', 'session-9', '']);
  });

  it('moves the scroll just enough to show a selected row outside it', () => {
    expect(names({ scroll: 0, selected: 7 })).toEqual(['session-5', 'session-6', 'session-7']);
    expect(names({ scroll: 6, selected: 2 })).toEqual(['session-2', 'session-3', 'session-4']);
  });

  it('listRows: the list height state.ts scrolls by', () => {
    expect(listRows(60, 8, false)).toBe(6);
    expect(listRows(60, 8, true)).toBe(3);
    expect(listRows(100, 8, true)).toBe(6);
    expect([1, 2, 3, 4].map((height) => listRows(60, height, false))).toEqual([0, 1, 2, 2]);
    expect(listRows(60, 2, true)).toBe(1);
  });
});

describe('renderFrame: preview', () => {
  const red = `${ESC}[31m${'r'.repeat(200)}`;
  const preview = [red, `${ESC}]0;title\u0007${ESC}[?25lplain`, '日'.repeat(40)];

  it('sits beside the list from 80 columns: 45% list, a dim "│", then the preview', () => {
    const lines = frame({ width: 100, preview });
    expect(lines).toHaveLength(8);
    // The list is 45 columns wide: no details column (under 48), name 45 - 2 - 5 = 38.
    expect(plain(lines[1] as string)).toBe(`> ●◐   ${padEnd('claude-dev-api', 38)}│${'r'.repeat(54)}`);
    expect(lines[1]).toContain(`${ESC}[2m│${ESC}[22m${ESC}[31m${'r'.repeat(54)}${ESC}[0m`);
    expect(lines[1]?.endsWith(`${ESC}[0m`)).toBe(true);
    expect(plain(lines[2] as string).slice(45)).toBe(`│${padEnd('plain', 54)}`);
    expect(lines[2]).not.toContain(']0;');
    expect(plain(lines[3] as string).slice(45)).toBe(`│${'日'.repeat(27)}`);
    expect(plain(lines[4] as string)).toBe(`${' '.repeat(45)}│${' '.repeat(54)}`);
    expect(plain(lines[6] as string)).toBe(`${' '.repeat(45)}│${' '.repeat(54)}`);
    expect(plain(lines[7] as string)).toBe(padEnd(LEGEND, 100));
  });

  it('sits below the list under 80 columns: the list in the top half, a dim "─" line, the preview', () => {
    const lines = frame({ width: 60, preview });
    expect(text({ width: 60, preview }).slice(1, 7)).toEqual([
      row60('> ', '●◐', 'claude-dev-api', 'main · 3 win* · 5m'),
      row60('  ', '', 'notes', '1 win · 2h'),
      row60('  ', '+', 'shop', 'new · default'),
      '─'.repeat(60),
      'r'.repeat(60),
      padEnd('plain', 60),
    ]);
    expect(lines[4]).toBe(`${ESC}[2m${'─'.repeat(60)}${ESC}[22m`);
    expect(lines[5]).toBe(`${ESC}[31m${'r'.repeat(60)}${ESC}[0m`);
  });

  it('fills missing preview lines with blanks', () => {
    expect(text({ width: 60, height: 10, preview: ['one'] }).slice(6, 9)).toEqual([padEnd('one', 60), ' '.repeat(60), ' '.repeat(60)]);
  });
});

describe('clipAnsi', () => {
  it('cuts to the width and pads, keeping SGR and resetting before the padding', () => {
    expect(clipAnsi('abc', 5)).toBe('abc  ');
    expect(clipAnsi('abcdef', 3)).toBe('abc');
    expect(clipAnsi(`${ESC}[1;31mab${ESC}[0mcd`, 6)).toBe(`${ESC}[1;31mab${ESC}[0mcd${ESC}[0m  `);
    expect(clipAnsi(`${ESC}[38;5;196mabcdef`, 3)).toBe(`${ESC}[38;5;196mabc${ESC}[0m`);
  });

  it('removes other escape sequences: CSI, OSC (BEL or ST), DCS, charset', () => {
    expect(clipAnsi(`a${ESC}[2Kb${ESC}]8;;http://x${ESC}\\c${ESC}]0;t\u0007d${ESC}(Be${ESC}P1$r${ESC}\\f`, 6)).toBe('abcdef');
    expect(clipAnsi(`a${ESC}[?25`, 3)).toBe('a  ');
  });

  it('replaces a wide character that does not fit with a space', () => {
    expect(clipAnsi('a日本', 4)).toBe('a日 ');
    expect(clipAnsi('日', 1)).toBe(' ');
    expect(clipAnsi('😀x', 1)).toBe(' ');
  });

  it('shows control characters as one column, and gives "" for no width', () => {
    expect(clipAnsi('a\tb\u0007', 5)).toBe('a b? ');
    expect(clipAnsi(`${ESC}[31mabc`, 0)).toBe('');
  });
});
