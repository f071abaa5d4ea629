// The switcher driven the way a user drives it: `claude-sessions popup` in a pane of a real
// server, a real client attached to that server (from a pane of an outer server), keys
// sent with send-keys, the screen read with capture-pane.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { splitShellWords } from '../../src/util/shell-words.ts';
import { stateDir } from '../../src/util/state-dir.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const CLI = join(REPO_ROOT, 'scripts', 'claude-sessions');

describe('the switcher in a real pane', () => {
  let inner: TestServer;
  let outer: TestServer;
  let popupPane = '';

  const screen = () => inner.tmux('capture-pane', '-p', '-t', popupPane);
  const screenLines = () => screen().replace(/\n+$/, '').split('\n');
  const clientSession = () => inner.tmux('list-clients', '-F', '#{client_session}').trim();
  const sessions = () => inner.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort();
  const keys = (...args: string[]) => inner.tmux('send-keys', '-t', popupPane, ...args);
  const type = (text: string) => inner.tmux('send-keys', '-t', popupPane, '-l', text);
  const until = async (check: (text: string) => boolean) => {
    const text = await waitFor(screen, check, 150);
    expect(check(text), `screen was:\n${text}`).toBe(true);
    return text;
  };
  // (display-message -t with a pane that is gone prints nothing and succeeds.)
  const popupGone = () => !inner.tmux('list-panes', '-a', '-F', '#{pane_id}').split('\n').includes(popupPane);

  beforeAll(async () => {
    inner = startTestServer();
    outer = startTestServer();
    const projects = join(inner.dir, 'projects');
    mkdirSync(projects);
    inner.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    inner.tmux('set-option', '-g', '@resurrect-dir', join(inner.dir, 'saves'));
    inner.newSession('claude-dev-gamma-api');
    inner.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:', '@claude-state', 'working');
    inner.newSession('claude-dev-beta');
    inner.tmux('set-option', '-p', '-t', '=claude-dev-beta:', '@claude-state', 'waiting');
    inner.newSession('desk');
    inner.tmux('kill-session', '-t', '=placeholder:');
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '100', '-y', '30', `env -u TMUX tmux -S ${inner.socket} attach -t =desk`);
    await waitFor(clientSession, (name) => name === 'desk');
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });

  // Each test opens the switcher in a new window of desk, where the client looks.
  beforeEach(async () => {
    if (!sessions().includes('other')) inner.newSession('other');
    inner.tmux('switch-client', '-t', '=desk:');
    popupPane = inner.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=desk:', CLI, 'popup').trim();
    await until((text) => text.includes('claude-dev-beta') && text.includes('esc close'));
  });

  it('lists waiting workspaces first, then the others, with their agents, then other sessions', () => {
    const lines = screenLines();
    expect(lines[0]).toMatch(/^>$/);
    const order = ['claude-dev-beta', 'claude-dev-gamma-api', 'desk', 'other'].map((name) => lines.findIndex((line) => line.includes(` ${name} `)));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(lines[1]).toMatch(/^> ●\s+claude-dev-beta\s+1 win · \d+[smh]$/);
    expect(lines[2]).toMatch(/^ {2}◐\s+claude-dev-gamma-api\s+1 win · \d+[smh]$/);
    expect(lines.at(-1)).toContain('^x kill');
    keys('Escape');
  });

  it("filters as you type: 'gam' keeps gamma-api and hides beta; Enter switches the client there", async () => {
    type('gam');
    const text = await until((shown) => shown.startsWith('> gam'));
    expect(text).toContain('claude-dev-gamma-api');
    expect(text).not.toContain('claude-dev-beta');
    keys('Enter');
    expect(await waitFor(clientSession, (name) => name === 'claude-dev-gamma-api')).toBe('claude-dev-gamma-api');
    expect(await waitFor(popupGone, Boolean)).toBe(true);
  });

  it('ctrl-n / ctrl-p and the arrows move the selection', async () => {
    keys('C-n');
    await until((text) => /^> .*claude-dev-gamma-api/m.test(text));
    keys('Down');
    await until((text) => /^> .*desk/m.test(text));
    keys('C-p', 'Up');
    await until((text) => /^> .*claude-dev-beta/m.test(text));
    keys('Escape');
    expect(await waitFor(popupGone, Boolean)).toBe(true);
    expect(clientSession()).toBe('desk');
  });

  it('ctrl-x asks first; n keeps the session, y kills it after saving it, and shows the command that brings it back', async () => {
    inner.tmux('split-window', '-t', '=other:', '-c', inner.dir);
    inner.tmux('send-keys', '-t', '=other:0.1', 'echo still-mine-$((6*7))', 'Enter');
    await waitFor(() => inner.tmux('capture-pane', '-p', '-t', '=other:0.1'), (text) => text.includes('still-mine-42'));
    type('other');
    await until((text) => text.startsWith('> other'));
    keys('C-x');
    await until((text) => text.includes('Kill other?'));
    type('n');
    await until((text) => text.includes('esc close'));
    expect(sessions()).toContain('other');
    keys('C-x');
    await until((text) => text.includes('Kill other?'));
    type('y');
    await until((text) => text.includes('killed other; to bring it back: claude-sessions restore --session other --file'));
    expect(sessions()).not.toContain('other');
    const killed = join(stateDir(), 'killed');
    expect(existsSync(killed) && readdirSync(killed).some((entry) => entry.startsWith('other-'))).toBe(true);
    keys('Escape');
    // The whole command is in tmux's message log (prefix ~), ready to paste.
    const logged = /message: claude-sessions: killed other; to bring it back: (claude-sessions restore .*)$/m.exec(inner.tmux('show-messages'))?.[1] ?? '';
    expect(logged).toMatch(new RegExp(`^claude-sessions restore --session other --file '${join(inner.dir, 'saves')}/tmux_resurrect_\\d{8}T\\d{6}_cs(?:-\\d+)?\\.txt'$`));
    // A later full save moves `last` on; the command still brings the session back, panes and contents.
    expect(spawnSync(CLI, ['-S', inner.socket, 'save'], { env: testEnv() }).status).toBe(0);
    const [program, ...argv] = splitShellWords(logged).words;
    expect(program).toBe('claude-sessions');
    const restored = spawnSync(CLI, ['-S', inner.socket, ...argv], { env: testEnv(), encoding: 'utf8' });
    expect(restored.stdout).toMatch(/^restored 1 session, 2 panes from /);
    expect(inner.tmux('list-panes', '-t', '=other:', '-F', '#{pane_index} #{pane_current_path}').trim().split('\n')).toEqual([`0 ${inner.dir}`, `1 ${inner.dir}`]);
    expect(await waitFor(() => inner.tmux('capture-pane', '-p', '-t', '=other:0.1'), (text) => text.includes('still-mine-42'))).toContain('still-mine-42');
  });

  it('ctrl-r renames the selected session, to any name', async () => {
    type('gamma');
    await until((text) => text.startsWith('> gamma'));
    keys('C-r');
    await until((text) => text.startsWith('rename claude-dev-gamma-api'));
    keys('C-u');
    type("claude-dev-gamma 'β'; $(x)");
    keys('Enter');
    await until((text) => text.includes('renamed claude-dev-gamma-api'));
    expect(sessions()).toContain("claude-dev-gamma 'β'; $(x)");
    inner.tmux('rename-session', '-t', "=claude-dev-gamma 'β'; $(x):", 'claude-dev-gamma-api');
    keys('Escape');
  });

  it('drops a session killed while it is open, and redraws at a new size without wrapping', async () => {
    inner.tmux('kill-session', '-t', '=other:');
    await until((text) => !text.includes('other'));
    inner.tmux('resize-window', '-t', popupPane, '-x', '24', '-y', '5');
    const small = await until((text) => text.split('\n').filter(Boolean).length <= 5 && text.includes('claude-dev-b'));
    expect(small.split('\n').every((line) => [...line].length <= 24)).toBe(true);
    inner.tmux('resize-window', '-t', popupPane, '-A');
    keys('Escape');
  });
});
