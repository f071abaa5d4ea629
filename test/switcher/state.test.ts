import { describe, expect, it } from 'vitest';
import type { Key } from '../../src/switcher/keys.ts';
import { applyKey, initialState, selectedRow, withRows, type SwitcherState } from '../../src/switcher/state.ts';
import type { SwitcherRow } from '../../src/switcher/types.ts';

const row = (name: string, extra: Partial<SwitcherRow> = {}): SwitcherRow => ({
  kind: 'workspace',
  key: `$${name}`,
  name,
  marks: '',
  info: '',
  waiting: 0,
  sessionId: `$${name}`,
  ...extra,
});

const ROWS = [
  row('claude-dev-beta', { waiting: 1, marks: '●', urgent: 'waiting' }),
  row('claude-dev-gamma-api'),
  row('other', { kind: 'session' }),
  row('delta', { kind: 'project', key: 'project:/p/delta', projectDir: '/p/delta', sessionId: undefined }),
];

const text = (value: string): Key => ({ name: 'text', text: value });
const key = (name: Exclude<Key['name'], 'text'>): Key => ({ name }) as Key;

function press(state: SwitcherState, ...keys: Key[]) {
  let current = state;
  let action;
  for (const k of keys) {
    const step = applyKey(current, k, 3);
    current = step.state;
    action = step.action ?? action;
  }
  return { state: current, action };
}

const names = (state: SwitcherState) => state.shown.map((shown) => shown.row.name);

describe('switcher state', () => {
  it('lists every row in order with nothing typed, the first selected', () => {
    const state = initialState(ROWS);
    expect(names(state)).toEqual(['claude-dev-beta', 'claude-dev-gamma-api', 'other', 'delta']);
    expect(selectedRow(state)?.name).toBe('claude-dev-beta');
  });

  it("filters as you type: 'gam' keeps gamma-api and hides beta; backspace and ctrl-u widen again", () => {
    const typed = press(initialState(ROWS), text('g'), text('am')).state;
    expect(names(typed)).toEqual(['claude-dev-gamma-api']);
    expect(typed.shown[0]?.match.positions.length).toBe(3);
    expect(names(press(typed, key('backspace'), key('backspace')).state)).toEqual(['claude-dev-gamma-api']);
    expect(names(press(typed, key('backspace'), key('backspace'), key('backspace')).state)).toContain('claude-dev-beta');
    expect(press(typed, key('ctrl-u')).state.shown).toHaveLength(4);
  });

  it('moves with arrows and ctrl-n/ctrl-p, stopping at both ends, scrolling to keep the selection visible', () => {
    const down = press(initialState(ROWS), key('down'), key('ctrl-n'), key('ctrl-n'), key('ctrl-n'));
    expect(selectedRow(down.state)?.name).toBe('delta');
    expect(down.state.scroll).toBe(1);
    const up = press(down.state, key('up'), key('ctrl-p'), key('ctrl-p'), key('up'));
    expect(selectedRow(up.state)?.name).toBe('claude-dev-beta');
    expect(up.state.scroll).toBe(0);
  });

  it('Enter asks to go to the selected row; Esc and ctrl-c quit; nothing to go to with no match', () => {
    expect(press(initialState(ROWS), key('down'), key('enter')).action).toEqual({ kind: 'go', row: ROWS[1] });
    expect(press(initialState(ROWS), key('escape')).action).toEqual({ kind: 'quit' });
    expect(press(initialState(ROWS), key('ctrl-c')).action).toEqual({ kind: 'quit' });
    expect(press(initialState(ROWS), text('zzz'), key('enter')).action).toBeUndefined();
  });

  it('ctrl-x asks first and kills only on y; anything else cancels', () => {
    const asking = press(initialState(ROWS), key('ctrl-x')).state;
    expect(asking.mode).toEqual({ kind: 'confirm-kill', row: ROWS[0] });
    expect(press(asking, text('y')).action).toEqual({ kind: 'kill', row: ROWS[0] });
    const cancelled = press(asking, text('n'));
    expect(cancelled.action).toBeUndefined();
    expect(cancelled.state.mode.kind).toBe('list');
    expect(press(asking, key('escape')).action).toBeUndefined();
  });

  it('ctrl-r edits the name and renames on Enter; Esc, an empty or unchanged name do nothing', () => {
    const editing = press(initialState(ROWS), key('ctrl-r'), key('ctrl-u'), text('new name; $(x)')).state;
    expect(editing.mode).toEqual({ kind: 'rename', row: ROWS[0], input: 'new name; $(x)' });
    expect(press(editing, key('enter')).action).toEqual({ kind: 'rename', row: ROWS[0], name: 'new name; $(x)' });
    expect(press(editing, key('escape')).action).toBeUndefined();
    expect(press(initialState(ROWS), key('ctrl-r'), key('enter')).action).toBeUndefined();
    expect(press(initialState(ROWS), key('ctrl-r'), key('ctrl-u'), key('enter')).action).toBeUndefined();
  });

  it('a project row has nothing to kill or rename, and says so', () => {
    const atProject = press(initialState(ROWS), key('end'));
    expect(press(atProject.state, key('ctrl-x')).state).toMatchObject({ mode: { kind: 'list' }, message: 'delta has no session to kill' });
    expect(press(atProject.state, key('ctrl-r')).state.message).toBe('delta has no session to rename');
    // The message goes with the next key.
    expect(press(atProject.state, key('ctrl-x'), key('up')).state.message).toBeUndefined();
  });

  it('ctrl-w shows only rows with a waiting agent, and again everything', () => {
    const waiting = press(initialState(ROWS), key('ctrl-w')).state;
    expect(names(waiting)).toEqual(['claude-dev-beta']);
    expect(waiting.onlyWaiting).toBe(true);
    expect(press(waiting, key('ctrl-w')).state.shown).toHaveLength(4);
  });

  it('tab turns the preview on (asking for one) and off', () => {
    const on = press(initialState(ROWS), key('tab'));
    expect(on.state.previewOn).toBe(true);
    expect(on.action).toEqual({ kind: 'preview' });
    expect(press(on.state, key('tab')).state.previewOn).toBe(false);
  });

  it('a refresh keeps the selection on the same row, and drops a prompt about a row that is gone', () => {
    const onOther = press(initialState(ROWS), key('down'), key('down')).state;
    const refreshed = withRows(onOther, [ROWS[1]!, ROWS[2]!, ROWS[3]!], 3);
    expect(selectedRow(refreshed)?.name).toBe('other');
    const asking = press(initialState(ROWS), key('ctrl-x')).state;
    const gone = withRows(asking, ROWS.slice(1), 3);
    expect(gone.mode.kind).toBe('list');
    expect(selectedRow(gone)?.name).toBe('claude-dev-gamma-api');
  });

  it('a refresh that finds the same rows keeps the state as it is (nothing to filter or draw again); one that differs does not', () => {
    const typed = press(initialState(ROWS), text('a'), key('down')).state;
    expect(withRows(typed, ROWS.map((one) => ({ ...one })), 3)).toBe(typed);
    const changed = withRows(typed, ROWS.map((one, index) => (index === 1 ? { ...one, marks: '●', urgent: 'waiting' as const, waiting: 1 } : { ...one })), 3);
    expect(changed).not.toBe(typed);
    expect(changed.rows[1]?.marks).toBe('●');
    expect(selectedRow(changed)?.key).toBe(selectedRow(typed)?.key);
  });

  it('a refresh that empties the list leaves nothing selected and does not throw', () => {
    const empty = withRows(press(initialState(ROWS), key('end')).state, [], 3);
    expect(empty.shown).toEqual([]);
    expect(selectedRow(empty)).toBeUndefined();
    expect(press(empty, key('down'), key('enter')).action).toBeUndefined();
  });

  it('handles 1,000 rows: filters them, pages through them and keeps the selection in view', () => {
    const many = Array.from({ length: 1000 }, (_, i) => row(`s-${String(i).padStart(4, '0')}-${i % 7 === 0 ? 'gamma' : 'beta'}`));
    const gamma = press(initialState(many), text('gam')).state;
    expect(gamma.shown).toHaveLength(143);
    const end = press(gamma, key('end')).state;
    expect(selectedRow(end)?.name).toBe('s-0994-gamma');
    expect(end.scroll).toBe(140);
    const paged = press(end, key('pageup')).state;
    expect(paged.selected).toBe(139);
    expect(paged.scroll).toBe(139);
  });
});
