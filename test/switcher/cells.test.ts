// Writing only the cells that changed must leave on screen exactly what writing the new
// frame whole does: two panes of a real tmux server, one shown frame A then the update to
// B, the other shown B whole; capture-pane -e (text and attributes) must match.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellsOf, lineUpdate } from '../../src/switcher/cells.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const ESC = '\u001b';
const WIDTH = 40;
const sgr = (codes: string) => `${ESC}[${codes}m`;
const pad = (text: string, columns: number) => text + ' '.repeat(Math.max(0, WIDTH - columns));

// Frames as screen.ts draws them: exactly WIDTH columns, SGR only.
const FRAME_A = [
  pad('> ', 2),
  `${sgr('7')}${pad(`> ${sgr('33')}●${sgr('39')}    claude-dev-gamma-api`, 27)}${sgr('27')}`,
  pad(`  ${sgr('32')}◐◐${sgr('39')}   claude-dev-ünïcode`, 24),
  pad('  日本語のセッション', 20),
  pad(`  ${sgr('2')}dim${sgr('22')} plain ${sgr('1;33')}bold${sgr('22;39')}`, 16),
  pad('  e\u0301tude', 7),
  pad('  short', 7),
];
const FRAME_B = [
  `> gam${' '.repeat(WIDTH - 5 - 4)}${sgr('2')}1/12${sgr('22')}`,
  pad(`  ${sgr('33')}●${sgr('39')}    claude-dev-gamma-api`, 27),
  `${sgr('7')}${pad(`> ${sgr('32')}◐◐${sgr('39')}   claude-dev-ünïcode`, 24)}${sgr('27')}`,
  pad('  日本x語のセッション', 21),
  pad(`  ${sgr('2')}dim${sgr('22')} plain ${sgr('1;33')}BOLD${sgr('22;39')}`, 16),
  pad('  e\u0301tudes', 8),
  pad(`  sh${sgr('4')}ort${sgr('24')} and longer`, 18),
];

describe('writing only the cells that changed', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => server.stop());

  // Show bytes in a new WIDTH-column session (autowrap off, as the switcher draws) and return its screen.
  async function shown(name: string, bytes: string, expected: string): Promise<string> {
    const file = join(server.dir, `${name}.bytes`);
    writeFileSync(file, `${ESC}[?7l${ESC}[H${ESC}[2J${bytes}`);
    server.tmux('new-session', '-d', '-s', name, '-x', String(WIDTH), '-y', '10', `cat '${file}'; exec sleep 30`);
    return waitFor(
      () => server.tmux('capture-pane', '-p', '-e', '-t', `=${name}:`),
      (text) => text.includes(expected),
      200,
    );
  }

  it('leaves on screen what the new frame written whole leaves, colours, wide characters and accents included', async () => {
    const whole = (lines: readonly string[]) => lines.map((line, index) => `${ESC}[${index + 1};1H${line}`).join('');
    let update = '';
    FRAME_B.forEach((line, index) => {
      update += lineUpdate(index + 1, cellsOf(FRAME_A[index] as string), cellsOf(line), line);
    });
    const updated = await shown('updated', whole(FRAME_A) + update, 'longer');
    const fresh = await shown('fresh', whole(FRAME_B), 'longer');
    expect(updated).toBe(fresh);
    // Only the changed cells went out: fewer bytes than the frame.
    expect(update.length).toBeLessThan(whole(FRAME_B).length);
  });

  it('an unreadable line (an escape other than SGR) is written whole', () => {
    const line = `${ESC}]0;title${ESC}\\abc`;
    expect(cellsOf(line)).toBeUndefined();
    expect(lineUpdate(3, cellsOf('abc'), cellsOf(line), line)).toBe(`${ESC}[3;1H${line}`);
  });
});
