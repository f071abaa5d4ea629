// The new-workspace key, pressed by a real attached client: prefix N, a project name with
// quotes in it, Enter.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';


describe('prefix N', () => {
  let inner: TestServer; // the server with the plugin, which the "user" is attached to
  let outer: TestServer; // a terminal for that user: a pane running `tmux attach`
  const project = `quote's "here" $(x)`;

  beforeAll(() => {
    inner = startTestServer();
    outer = startTestServer();
    const projects = join(inner.dir, 'projects');
    mkdirSync(join(projects, project), { recursive: true });
    inner.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    inner.tmux('set-option', '-g', '@claude-sessions-claude-command', 'true');
    inner.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '120', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t placeholder`);
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });

  it('opens the workspace of the project typed at the prompt and switches the client to it', async () => {
    // The terminal's client: the one on the placeholder (another test attaches one elsewhere).
    const clients = await waitFor(
      () => inner.tmux('list-clients', '-F', '#{client_session} #{client_name}'),
      (text) => text.includes('placeholder '),
    );
    const client = clients.split('\n').find((line) => line.startsWith('placeholder '))?.slice('placeholder '.length) ?? '';
    expect(client).not.toBe('');
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'N');
    await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('claude-sessions project'));
    outer.tmux('send-keys', '-t', '=terminal:', 'C-u');
    outer.tmux('send-keys', '-t', '=terminal:', '-l', project);
    outer.tmux('send-keys', '-t', '=terminal:', 'Enter');
    const attachedTo = await waitFor(
      () => inner.tmux('display-message', '-p', '-c', client, '#{client_session}').trim(),
      (text) => text === `claude-dev-${project}`,
    );
    expect(attachedTo).toBe(`claude-dev-${project}`);
    expect(inner.tmux('list-panes', '-t', `=claude-dev-${project}:`, '-F', '#{pane_current_path}').trim().split('\n')).toEqual([
      join(inner.dir, 'projects', project),
      join(inner.dir, 'projects', project),
    ]);
  });

  it('new from a terminal outside tmux attaches that terminal to the workspace', async () => {
    const dir = join(inner.dir, 'projects', 'attach-me');
    mkdirSync(dir, { recursive: true });
    const shim = join(REPO_ROOT, 'scripts', 'claude-sessions');
    outer.tmux('new-session', '-d', '-s', 'terminal2', '-x', '120', '-y', '40', `env -u TMUX ${shim} -S ${inner.socket} new ${dir}`);
    const clients = await waitFor(
      () => inner.tmux('list-clients', '-F', '#{client_session}'),
      (text) => text.includes('claude-dev-attach-me'),
    );
    expect(clients).toContain('claude-dev-attach-me');
  });
});
