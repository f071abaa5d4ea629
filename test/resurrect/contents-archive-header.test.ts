// The archive's hand-written tar headers are the ones node-tar encodes, byte for byte.
import { Header } from 'tar';
import { describe, expect, it } from 'vitest';
import { plainHeader, plainHeaders } from '../../src/resurrect/contents-archive.ts';

const NAMES = [
  './pane_contents/',
  './pane_contents/pane-web:0.1',
  `./pane_contents/pane-with space "quoted" \\back;semi$(x)#{pid}:12.3`,
  `./pane_contents/pane-${'x'.repeat(99 - './pane_contents/pane-:0.1'.length)}:0.1`,
];

describe('pane_contents.tar.gz headers', () => {
  it('writes the header node-tar would for every short ASCII name, size and time', () => {
    for (const path of NAMES) {
      for (const size of [0, 1, 511, 512, 1234, 8 ** 10 - 1]) {
        for (const mtime of [new Date(0), new Date(1000), new Date(1764780000123), new Date(4102444800999)]) {
          const type = path.endsWith('/') ? 'Directory' : 'File';
          const mode = type === 'File' ? 0o600 : 0o700;
          const header = new Header({ path, type, size, mode, mtime });
          expect(header.encode()).toBe(false);
          expect(plainHeader(path, type, size, mode, mtime)?.equals(header.block as Buffer), `${path} ${size} ${mtime.toISOString()}`).toBe(true);
        }
      }
    }
  });

  it('writes the same headers from one template per type, in any order of names, sizes and types', () => {
    const mtime = new Date(1764780000123);
    const header = plainHeaders(mtime);
    for (const size of [1234, 0, 8 ** 10 - 1, 7]) {
      for (const path of [...NAMES].reverse()) {
        for (const type of ['File', 'Directory'] as const) {
          const mode = type === 'File' ? 0o600 : 0o700;
          const expected = new Header({ path, type, size, mode, mtime });
          expected.encode();
          expect(header(path, type, size, mode)?.equals(expected.block as Buffer), `${path} ${size} ${type}`).toBe(true);
        }
      }
    }
  });

  it('leaves names that need pax or a prefix, and huge sizes, to node-tar', () => {
    const mtime = new Date(1764780000000);
    expect(plainHeader(`./pane_contents/pane-${'x'.repeat(100 - './pane_contents/pane-:0.1'.length)}:0.1`, 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader(`./pane_contents/pane-${'x'.repeat(90)}:0.1`, 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader('./pane_contents/pane-café:0.1', 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader('./pane_contents/pane-tab\there:0.1', 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader('./pane_contents/pane-a:0.1', 'File', 8 ** 10, 0o600, mtime)).toBeUndefined();
  });
});
