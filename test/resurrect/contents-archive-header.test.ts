// The archive's hand-written tar headers are the ones node-tar encodes, byte for byte.
import { Header } from 'tar';
import { describe, expect, it } from 'vitest';
import { plainHeader } from '../../src/resurrect/contents-archive.ts';

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

  it('leaves names that need pax or a prefix, and huge sizes, to node-tar', () => {
    const mtime = new Date(1764780000000);
    expect(plainHeader(`./pane_contents/pane-${'x'.repeat(100 - './pane_contents/pane-:0.1'.length)}:0.1`, 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader(`./pane_contents/pane-${'x'.repeat(90)}:0.1`, 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader('./pane_contents/pane-café:0.1', 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader('./pane_contents/pane-tab\there:0.1', 'File', 1, 0o600, mtime)).toBeUndefined();
    expect(plainHeader('./pane_contents/pane-a:0.1', 'File', 8 ** 10, 0o600, mtime)).toBeUndefined();
  });
});
