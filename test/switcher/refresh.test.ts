// The open switcher keeps up with the server: sessions made and killed, agents changing
// state, while what is typed stays; and a refresh that waits on tmux never holds up a key.
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const CLI = join(REPO_ROOT, 'scripts', 'claude-sessions');

describe('the open switcher, while the server changes', () => {
  let server: TestServer;
  let pane = '';

  const screen = () => server.tmux('capture-pane', '-p', '-t', pane).replace(/\n+$/, '');
  const until = async (check: (text: string) => boolean, tries = 150) => {
    const text = await waitFor(screen, check, tries);
    expect(check(text), `screen was:\n${text}`).toBe(true);
    return text;
  };
  const keys = (...args: string[]) => server.tmux('send-keys', '-t', pane, ...args);
  const type = (text: string) => server.tmux('send-keys', '-t', pane, '-l', text);
  const rowOf = (text: string, name: string) => text.split('\n').find((line) => line.includes(name)) ?? '';
  const gone = () => !server.tmux('list-panes', '-a', '-F', '#{pane_id}').split('\n').includes(pane);
  // The switcher in a new window of desk; resolves once Node reads keys (the shell's first
  // frame looks the same, but answers none).
  const open = async (...env: string[]) => {
    pane = server.tmux('new-window', '-P', '-F', '#{pane_id}', '-t', '=desk:', 'sleep 600').trim();
    server.tmux('resize-window', '-t', pane, '-x', '90', '-y', '20');
    server.tmux('respawn-pane', '-k', ...env.flatMap((pair) => ['-e', pair]), '-t', pane, CLI, 'popup');
    await until((text) => text.includes('claude-dev-beta') && text.includes('esc close'));
    type('q');
    await until((text) => /^> q/.test(text));
    keys('BSpace');
    await until((text) => /^>\s*$/m.test(text.split('\n')[0] ?? ''));
  };
  const close = async () => {
    keys('Escape');
    await waitFor(gone, Boolean);
    expect(gone()).toBe(true);
  };

  beforeAll(() => {
    server = startTestServer();
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', join(server.dir, 'no-projects'));
    server.newSession('claude-dev-gamma-api');
    server.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:', '@claude-state', 'working');
    server.newSession('claude-dev-beta');
    server.newSession('desk');
  });
  afterAll(() => server.stop());

  it('shows a session made while it is open, an agent that starts waiting, and drops a session killed', async () => {
    await open();
    server.newSession('claude-dev-late');
    await until((text) => text.includes('claude-dev-late'));
    server.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:', '@claude-state', 'waiting');
    // waiting: the yellow mark, and first in the list
    const waiting = await until((text) => rowOf(text, 'claude-dev-gamma-api').includes('●'));
    expect(waiting.split('\n')[1]).toContain('claude-dev-gamma-api');
    server.tmux('kill-session', '-t', '=claude-dev-late:');
    await until((text) => !text.includes('claude-dev-late'));
    server.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:', '@claude-state', 'working');
    await close();
  }, 60_000);

  it('keeps what is typed and the selected row when the list changes under it', async () => {
    await open();
    type('claude-dev');
    keys('Down');
    const before = await until((text) => /^> claude-dev/.test(text) && /^> .*claude-dev-gamma-api/m.test(text.split('\n').slice(1).join('\n')));
    expect(rowOf(before, 'claude-dev-gamma-api')).toMatch(/^> /);
    server.newSession('claude-dev-aaa');
    const after = await until((text) => text.includes('claude-dev-aaa'));
    expect(after.split('\n')[0]).toMatch(/^> claude-dev\b/);
    expect(rowOf(after, 'claude-dev-gamma-api')).toMatch(/^> /);
    server.tmux('kill-session', '-t', '=claude-dev-aaa:');
    await close();
  }, 60_000);

  it('shows keys typed while a refresh is still waiting on tmux, and then what the refresh found', async () => {
    // A tmux that, once `slow` exists, holds every list-sessions for a while (and says so).
    const slow = join(server.dir, 'slow');
    const listing = join(server.dir, 'listing');
    const wrapper = join(server.dir, 'slow-tmux');
    writeFileSync(
      wrapper,
      `#!/bin/sh\ncase " $* " in *" list-sessions "*) if [ -e '${slow}' ]; then : > '${listing}'; sleep 8; rm -f '${listing}'; fi ;; esac\nexec tmux "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    try {
      await open(`CLAUDE_SESSIONS_TMUX=${wrapper}`);
      writeFileSync(slow, '');
      server.newSession('claude-dev-late');
      await waitFor(() => existsSync(listing), Boolean, 100);
      expect(existsSync(listing), 'a refresh began').toBe(true);
      type('gam');
      const typed = await until((text) => /^> gam/.test(text), 100);
      expect(existsSync(listing), 'the refresh was still waiting on tmux when the keys showed').toBe(true);
      expect(typed).toContain('claude-dev-gamma-api');
      rmSync(slow);
      keys('C-u');
      await until((text) => text.includes('claude-dev-late'));
      await close();
    } finally {
      rmSync(slow, { force: true });
      await waitFor(() => !existsSync(listing), Boolean, 100);
      server.tryTmux('kill-session', '-t', '=claude-dev-late:');
    }
  }, 60_000);
});
