// The switcher at the edges: a 20x5 popup, a very wide one, unicode and emoji names, the
// preview, only-waiting, pick --print into a pipe, a project built on Enter, 1,000 sessions.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/util/table.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const CLI = join(REPO_ROOT, 'scripts', 'claude-sessions');

describe('the switcher at the edges', () => {
  let server: TestServer;
  let projects: string;
  let pane = '';

  const screen = () => server.tmux('capture-pane', '-p', '-t', pane).replace(/\n+$/, '');
  const until = async (check: (text: string) => boolean) => {
    const text = await waitFor(screen, check, 150);
    expect(check(text), `screen was:\n${text}`).toBe(true);
    return text;
  };
  const keys = (...args: string[]) => server.tmux('send-keys', '-t', pane, ...args);
  const type = (text: string) => server.tmux('send-keys', '-t', pane, '-l', text);
  const open = async (width: number, height: number, ...args: string[]) => {
    // Sized first, then started, so the first frame is already the one at that size.
    pane = server.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=desk:', 'sleep 600').trim();
    server.tmux('resize-window', '-t', pane, '-x', String(width), '-y', String(height));
    server.tmux('respawn-pane', '-k', '-t', pane, CLI, ...(args.length ? args : ['popup']));
    return until((text) => text.includes('claude-dev'));
  };
  const gone = () => !server.tmux('list-panes', '-a', '-F', '#{pane_id}').split('\n').includes(pane);

  beforeAll(() => {
    server = startTestServer();
    projects = join(server.dir, 'projects');
    mkdirSync(join(projects, 'shop'), { recursive: true });
    writeFileSync(join(projects, 'shop', 'go.mod'), 'module shop\n');
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    for (const name of ['claude-dev-日本語のプロジェクト', 'claude-dev-🚀-rocket', 'claude-dev-beta', 'desk', '-leading dash; $(x) "q"']) server.newSession(name);
    server.tmux('set-option', '-p', '-t', '=claude-dev-🚀-rocket:', '@claude-state', 'waiting');
    server.tmux('send-keys', '-t', '=claude-dev-beta:', 'echo PREVIEW-MARKER-42', 'Enter');
  });
  afterAll(() => server.stop());

  it('fits a 20x5 popup: every line at most 20 columns, the prompt, three rows and the legend', async () => {
    const text = await open(20, 5);
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(5);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
    // 13 columns for the name: "claude-dev-" and then a 2-column rocket would be 13 with no
    // room left for the cut mark, so the rocket goes.
    expect(lines[1]).toMatch(/^> ●\s+claude-dev-…$/);
    expect(lines.at(-1)).toMatch(/^↵ switch/);
    keys('Escape');
    expect(await waitFor(gone, Boolean)).toBe(true);
  });

  it('fits a 250-column popup: names in full, details right-aligned at the edge; unicode names cut by width', async () => {
    const wide = await open(250, 10);
    const lines = wide.split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(250);
    const japanese = lines.find((line) => line.includes('claude-dev-日本語のプロジェクト'));
    expect(japanese).toMatch(/1 win · \d+[smh]$/);
    expect(displayWidth(japanese ?? '')).toBe(250);
    expect(wide).toContain('-leading dash; $(x) "q"');
    server.tmux('resize-window', '-t', pane, '-x', '30', '-y', '10');
    const narrow = await until((text) => text.includes('claude-dev-日本語のプ…'));
    for (const line of narrow.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    keys('Escape');
  });

  it('tab shows the selected session\'s active pane beside the list; ctrl-w keeps only waiting agents', async () => {
    await open(120, 20);
    type('beta');
    await until((text) => text.startsWith('> beta'));
    keys('Tab');
    await until((text) => text.includes('PREVIEW-MARKER-42'));
    keys('Tab', 'C-u', 'C-w');
    const waiting = await until((text) => text.includes('[waiting]') && !text.includes('claude-dev-beta'));
    expect(waiting).toContain('claude-dev-🚀-rocket');
    keys('Escape');
  });

  it('pick --print prints the chosen name into a pipe and switches nothing', async () => {
    const out = join(server.dir, 'picked.txt');
    pane = server.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=desk:', 'sh', '-c', `'${CLI}' pick --print > '${out}'; echo "exit $?" >> '${out}'`).trim();
    await until((text) => text.includes('claude-dev-beta'));
    type('dash');
    await until((text) => text.startsWith('> dash'));
    keys('Enter');
    await waitFor(gone, Boolean);
    expect(readFileSync(out, 'utf8')).toBe('-leading dash; $(x) "q"\nexit 0\n');
  });

  it('pick --print closed with Esc prints nothing and exits 1', async () => {
    const out = join(server.dir, 'none.txt');
    pane = server.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=desk:', 'sh', '-c', `'${CLI}' pick --print > '${out}' 2>/dev/null; echo "exit $?" >> '${out}'`).trim();
    await until((text) => text.includes('claude-dev-beta'));
    keys('Escape');
    await waitFor(gone, Boolean);
    expect(readFileSync(out, 'utf8')).toBe('exit 1\n');
  });

  it('Enter on a project builds its workspace from the detected template', async () => {
    await open(120, 20);
    type('shop');
    await until((text) => /^> \+\s+shop\s+new · go$/m.test(text));
    keys('Enter');
    const made = await waitFor(
      () => server.tmux('list-sessions', '-F', '#{session_name}|#{@claude-sessions-template}').split('\n'),
      (list) => list.some((line) => line.startsWith('claude-dev-shop|')),
    );
    expect(made).toContain('claude-dev-shop|go');
  });
});

// Making 1,000 real sessions costs tmux ~25 ms each (a pty and a process apiece), too slow for
// the suite: 1,000 rows are covered in process (state.test.ts) and with 1,000 real sessions
// in bench/popup.mjs; here 150 real ones.
describe('the switcher over many sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = startTestServer();
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', join(server.dir, 'none'));
    const commands = Array.from({ length: 150 }, (_, i) => ['new-session', '-d', '-s', `s-${String(i).padStart(4, '0')}-${i % 7 === 0 ? 'gamma' : 'beta'}`, '-c', server.dir, 'sleep 600']);
    await server.client.batch(commands);
  }, 60_000);
  afterAll(() => server.stop());

  it('lists them, filters them and keeps the selection on screen at the end of the list', async () => {
    const pane = server.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=placeholder:', 'sleep 600').trim();
    server.tmux('resize-window', '-t', pane, '-x', '80', '-y', '12');
    server.tmux('respawn-pane', '-k', '-t', pane, CLI, 'popup');
    const screen = () => server.tmux('capture-pane', '-p', '-t', pane);
    expect(await waitFor(screen, (text) => text.includes('s-0000-gamma'), 200)).toContain('s-0001-beta');
    server.tmux('send-keys', '-t', pane, '-l', '0149');
    expect(await waitFor(screen, (text) => /^> 0149 .*1\/151$/m.test(text), 200)).toContain('s-0149-beta');
    server.tmux('send-keys', '-t', pane, 'C-u', 'End');
    const end = await waitFor(screen, (text) => /^> .*s-0149-beta/m.test(text), 200);
    expect(end).toMatch(/^> .*s-0149-beta/m);
    expect(end.split('\n').filter(Boolean).length).toBeLessThanOrEqual(12);
    server.tmux('send-keys', '-t', pane, 'Escape');
  }, 60_000);

  it('a keystroke rewrites only the cells that changed, not every row the filter moved', async () => {
    const pane = server.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=placeholder:', 'sleep 600').trim();
    server.tmux('resize-window', '-t', pane, '-x', '80', '-y', '30');
    const screen = () => server.tmux('capture-pane', '-p', '-t', pane);
    // What the switcher writes to its terminal, from the moment given to the moment asked.
    const written = async (name: string, act: () => void, shows: (text: string) => boolean) => {
      const file = join(server.dir, name);
      writeFileSync(file, '');
      server.tmux('pipe-pane', '-O', '-t', pane, `cat >> '${file}'`);
      act();
      const text = await waitFor(screen, shows, 200);
      expect(shows(text), `screen was:\n${text}`).toBe(true);
      server.tmux('pipe-pane', '-t', pane);
      return readFileSync(file).length;
    };
    // Node's own first frame (no shell frame): every line written whole.
    const frame = await written('frame.bytes', () => server.tmux('respawn-pane', '-k', '-e', 'CLAUDE_SESSIONS_NO_FRAME=1', '-t', pane, CLI, 'popup'), (text) =>
      text.includes('s-0026-beta') && text.includes('esc close'),
    );
    // '1' moves every row of the list (s-0001-beta, s-0010-beta, …), but most cells stay.
    const key = await written('key.bytes', () => server.tmux('send-keys', '-t', pane, '-l', '1'), (text) => /^> 1 .*\/151$/m.test(text) && text.includes('s-0113-beta'));
    expect(key).toBeLessThan(frame / 2);
    server.tmux('send-keys', '-t', pane, 'Escape');
  }, 60_000);
});
