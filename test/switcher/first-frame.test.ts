// The switcher's first frame, painted by scripts/popup-frame.sh before Node starts, and the
// frame Node then draws: in a pane of a private server, at several sizes, they must be the
// same cell for cell (text and attributes), ages aside (they tick between the two runs).
// Runs the shim, so dist/ must be built (npm run build).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';
import { LEGEND } from '../../src/switcher/row-format.ts';

const SHIM = join(REPO_ROOT, 'scripts', 'claude-sessions');

// sh single quotes.
const q = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

// An age ("7s", "12m") and the spaces before its details, rewritten to one width: the
// details are right-aligned, so a longer age takes a space from the padding.
function sameAges(text: string): string {
  return text.replace(/( +)(\d+ win\*? · )(\d+)([smhd])/g, (_all, spaces: string, head: string, digits: string, unit: string) => {
    return `${' '.repeat(spaces.length + digits.length - 1)}${head}N${unit}`;
  });
}

describe('the first frame', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.newSession('claude-dev-gamma-api');
    server.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:', '@claude-state', 'working');
    server.newSession('claude-dev-beta');
    server.tmux('set-option', '-p', '-t', '=claude-dev-beta:', '@claude-state', 'waiting');
    server.newSession('other');
    const projects = join(server.dir, 'projects');
    mkdirSync(projects);
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
  });
  afterAll(() => server.stop());

  // Run `env VARS shim popup` in a new session "frame" of width x height (its pane inherits
  // TMUX for this server), wait until its frame shows the legend's start and the sessions,
  // and return capture-pane -p and -pe; the session is killed afterwards.
  async function frame(width: number, height: number, env: string): Promise<{ text: string; escapes: string }> {
    server.tmux('new-session', '-d', '-s', 'frame', '-x', String(width), '-y', String(height), '-c', server.dir, `env ${env} ${q(SHIM)} popup`);
    try {
      const capture = (...flags: string[]) => server.tmux('capture-pane', '-p', ...flags, '-t', '=frame:');
      const text = await waitFor(
        () => capture(),
        (shown) => shown.includes('claude-dev-beta') && shown.includes('other') && (height < 4 || shown.includes(LEGEND.slice(0, Math.min(width, 8)))),
        300,
      );
      return { text, escapes: capture('-e') };
    } finally {
      server.tryTmux('kill-session', '-t', '=frame');
    }
  }

  it('the shell paints the prompt, the sessions (waiting workspaces first, the first selected) and the legend', async () => {
    const { text, escapes } = await frame(70, 12, 'CLAUDE_SESSIONS_FRAME_ONLY=1');
    const lines = text.split('\n');
    expect(lines[0]).toBe('>');
    expect(lines[1]).toMatch(/^> ●    claude-dev-beta {2,}1 win · \d+s$/);
    expect(lines[2]).toMatch(/^ {2}◐    claude-dev-gamma-api {2,}1 win · \d+s$/);
    const names = lines.slice(1, 10).map((line) => line.slice(7).split(' ')[0]).filter(Boolean);
    expect(names).toEqual(['claude-dev-beta', 'claude-dev-gamma-api', 'frame', 'other', 'placeholder']);
    expect(lines[11]).toBe(LEGEND);
    expect(lines.slice(1, 11).every((line) => line === '' || line.length === 70)).toBe(true);
    // the selected row in reverse video, the waiting mark yellow, the working one green
    const escapeLines = escapes.split('\n');
    expect(escapeLines[1]).toMatch(/^\u001b\[7m> \u001b\[33m●/);
    expect(escapeLines[2]).toContain('\u001b[32m◐');
  });

  it.each([
    [70, 12],
    [30, 6],
    [120, 20],
  ])('at %ix%i Node draws the same frame as the shell, cell for cell', async (width, height) => {
    const shell = await frame(width, height, 'CLAUDE_SESSIONS_FRAME_ONLY=1');
    const node = await frame(width, height, 'CLAUDE_SESSIONS_NO_FRAME=1');
    expect(sameAges(node.text)).toBe(sameAges(shell.text));
    expect(sameAges(node.escapes)).toBe(sameAges(shell.escapes));
  });
});
