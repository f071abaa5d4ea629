// The save and restore keys, pressed by a real attached client: prefix C-s saves the
// server, prefix C-r brings back a session killed since, and puts the client back on it.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('prefix C-s and prefix C-r', () => {
  let inner: TestServer; // the server with the plugin, which the "user" is attached to
  let outer: TestServer; // a terminal for that user: a pane running `tmux attach`
  let saves: string;

  beforeAll(() => {
    inner = startTestServer();
    outer = startTestServer();
    saves = join(inner.dir, 'saves');
    inner.tmux('set-option', '-g', '@resurrect-dir', saves);
    inner.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    inner.tmux('new-session', '-d', '-s', 'keyed work', '-c', inner.dir);
    inner.tmux('split-window', '-t', '=keyed work:', '-c', inner.dir);
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '120', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t 'keyed work'`);
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });

  it('save the server, then restore a session killed since and switch the client back to it', async () => {
    await waitFor(() => inner.tmux('list-clients', '-F', '#{client_session}'), (text) => text.includes('keyed work'));
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'C-s');
    const last = await waitFor(
      () => {
        try {
          return readlinkSync(join(saves, 'last'));
        } catch {
          return '';
        }
      },
      (link) => link !== '',
    );
    expect(last).toMatch(/^tmux_resurrect_\d{8}T\d{6}_cs\.txt$/);
    expect(await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('claude-sessions: saved'))).toContain('2 sessions, 3 panes');

    // The client moves to the placeholder session when its session goes.
    inner.tmux('set-option', '-g', 'detach-on-destroy', 'off');
    inner.tmux('kill-session', '-t', '=keyed work:');
    await waitFor(() => inner.tmux('list-clients', '-F', '#{client_session}').trim(), (text) => text === 'placeholder');
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'C-r');
    const back = await waitFor(() => inner.tmux('list-clients', '-F', '#{client_session}').trim(), (text) => text === 'keyed work');
    expect(back).toBe('keyed work');
    expect(inner.tmux('list-panes', '-t', '=keyed work:', '-F', '#{pane_current_path}').trim().split('\n')).toEqual([inner.dir, inner.dir]);
    expect(inner.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort()).toEqual(['keyed work', 'placeholder']);
  });
});
