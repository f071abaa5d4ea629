// How verify judges what came back (pure: a save and a listed server in, checks out).
import { describe, expect, it } from 'vitest';
import type { SavedPane, SavedWindow } from '../../src/resurrect/format.ts';
import { NO_EXTRAS } from '../../src/resurrect/snapshot-extras.ts';
import type { LoadedSave } from '../../src/restore/read-save.ts';
import { compareRestore, type RestoredServer } from '../../src/verify/compare.ts';

const pane = (over: Partial<SavedPane>): SavedPane => ({
  sessionName: 'web', windowIndex: 1, windowActive: true, windowFlags: '*', paneIndex: 1, title: 't', path: '/p', active: true, command: 'bash', fullCommand: '', ...over,
});
const window = (over: Partial<SavedWindow>): SavedWindow => ({
  sessionName: 'web', index: 1, name: 'main', active: true, flags: '*Z', zoomed: true, alternate: false, layout: 'b25d,80x24,0,0{40x24,0,0,1,39x24,41,0,2}', automaticRename: 'off', ...over,
});
const save = (panes: SavedPane[], windows: SavedWindow[], claude = false): LoadedSave => ({
  file: '/s.txt', sha256: '', exact: true, warnings: [],
  server: { panes, windows, groupedSessions: [], state: { clientSession: undefined, clientLastSession: undefined } },
  extras: claude ? { ...NO_EXTRAS, panes: [{ session: 'web', window: 1, pane: 2, claude: { sessionId: 'abc', cwd: '/p', args: [] } }] } : NO_EXTRAS,
});
const restored = (over: Partial<RestoredServer> = {}): RestoredServer => ({
  sessions: [{ name: 'web', group: '' }],
  windows: [{ session: 'web', index: 1, name: 'main', layout: 'aaaa,80x24,0,0{40x24,0,0,7,39x24,41,0,8}', active: true, zoomed: true, automaticRename: 'off' }],
  // pane-base-index 0 in the scratch server: matched by position, reported by saved index
  panes: [
    { session: 'web', window: 1, index: 0, id: '%7', path: '/p', active: false, title: 't' },
    { session: 'web', window: 1, index: 1, id: '%8', path: '/p', active: true, title: 't' },
  ],
  ...over,
});

describe('comparing a restore with its save', () => {
  const saved = save([pane({ paneIndex: 1, active: false }), pane({ paneIndex: 2, active: true })], [window({})]);

  it('scores 100 when every field matches, pane ids and layout checksums aside', () => {
    expect(compareRestore(saved, restored(), new Map())).toMatchObject({ score: 100, differences: [] });
  });

  it('names a zoom that did not come back, by the saved pane and window indexes', () => {
    const result = compareRestore(saved, restored({ windows: [{ ...restored().windows[0]!, zoomed: false }] }), new Map());
    expect(result.differences).toEqual([{ where: 'web:1', field: 'zoom', saved: 'yes', restored: 'no' }]);
    expect(result.score).toBeLessThan(100);
  });

  it('counts a missing session with every field under it', () => {
    const result = compareRestore(saved, { sessions: [], windows: [], panes: [] }, new Map());
    expect(result.passed).toBe(0);
    expect(result.differences[0]).toEqual({ where: 'web', field: 'session', saved: 'web', restored: '(missing)' });
  });

  it('judges a Claude pane by whether a restore would resume its conversation', () => {
    const withClaude = save([pane({ paneIndex: 1, active: false }), pane({ paneIndex: 2, command: 'node', fullCommand: 'claude' })], [window({})], true);
    expect(compareRestore(withClaude, restored(), new Map([['%8', "claude --resume abc"]])).differences).toEqual([]);
    expect(compareRestore(withClaude, restored(), new Map()).differences).toEqual([
      { where: 'web:1.2', field: 'program', saved: 'claude (conversation abc)', restored: '(not resumed)' },
    ]);
  });
});
