// The git-status key's command: types `git status` only into an idle git pane.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';


describe('claude-sessions git-status', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.newSession('claude-dev-git');
    server.tmux('split-window', '-t', '=claude-dev-git:0', '-c', server.dir);
    server.tmux('set-option', '-p', '-t', '=claude-dev-git:0.1', '@claude-sessions-role', 'git');
    server.newSession('claude-dev-busy');
    server.tmux('split-window', '-t', '=claude-dev-busy:0', '-c', server.dir, 'sleep 600');
    server.tmux('set-option', '-p', '-t', '=claude-dev-busy:0.1', '@claude-sessions-role', 'git');
    server.newSession('claude-dev-norole');
  });
  afterAll(() => server.stop());

  it('types git status into the pane with the git role, not the others', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', 'claude-dev-git']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const screen = await waitFor(
      () => server.tmux('capture-pane', '-p', '-S', '-', '-t', '=claude-dev-git:0.1'),
      (text) => text.includes('git status'),
    );
    expect(screen).toContain('git status');
    expect(server.tmux('capture-pane', '-p', '-S', '-', '-t', '=claude-dev-git:0.0')).not.toContain('git status');
  });

  it('leaves a busy git pane alone and says why', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', 'claude-dev-busy']);
    expect(code).toBe(1);
    expect(stderr).toContain('git pane claude-dev-busy:0.1 is busy running sleep; git status not sent');
  });

  it('explains how to mark a git pane when there is none and the pane is in no repository', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', 'claude-dev-norole']);
    expect(code).toBe(1);
    expect(stderr).toContain('no pane with the git role in session claude-dev-norole, and its current pane');
    expect(stderr).toContain('is not in a git repository (mark a pane: tmux set-option -p @claude-sessions-role git)');
  });

  it('names the session by name, not by its $id, when the key passes the id', async () => {
    const id = server.tmux('display-message', '-p', '-t', '=claude-dev-norole:', '#{session_id}').trim();
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', id]);
    expect(code).toBe(1);
    expect(stderr).toContain('no pane with the git role in session claude-dev-norole,');
    expect(stderr).not.toContain(id);
  });

  it('names a session that does not exist, matching names exactly', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', 'claude-dev-gi']);
    expect(code).toBe(1);
    expect(stderr).toContain('no session named "claude-dev-gi"');
  });
});

describe('prefix g in a session without a git pane', () => {
  let inner: TestServer;
  let outer: TestServer;
  let repo = '';
  beforeAll(async () => {
    inner = startTestServer();
    outer = startTestServer();
    repo = join(inner.dir, 'repo');
    mkdirSync(repo);
    spawnSync('git', ['init', '-q', '-b', 'popup-branch', repo], { env: testEnv() });
    writeFileSync(join(repo, 'untracked-file.txt'), 'x\n');
    inner.newSession('claude-dev-nogit', repo);
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '100', '-y', '30', `env -u TMUX tmux -S ${inner.socket} attach -t =claude-dev-nogit`);
    await waitFor(() => inner.tmux('list-clients', '-F', '#{client_session}').trim(), (name) => name === 'claude-dev-nogit');
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });

  it("shows git status of the current pane's repository in a popup on the client, closed by Esc", async () => {
    const clientName = inner.tmux('list-clients', '-F', '#{client_name}').trim();
    const id = inner.tmux('display-message', '-p', '-t', '=claude-dev-nogit:', '#{session_id}').trim();
    // A process of its own: display-popup waits until the popup closes.
    const shown = new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(join(REPO_ROOT, 'scripts', 'claude-sessions'), ['-S', inner.socket, 'git-status', '--display', '--client', clientName, '-t', id], { env: testEnv() });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    const terminal = () => outer.tmux('capture-pane', '-p', '-t', '=terminal:');
    const screen = await waitFor(terminal, (text) => text.includes('untracked-file.txt'));
    expect(screen).toContain('On branch popup-branch');
    expect(screen).toContain('untracked-file.txt');
    outer.tmux('send-keys', '-t', '=terminal:', 'Escape');
    expect(await shown).toMatchObject({ code: 0, stderr: '' });
    expect(await waitFor(terminal, (text) => !text.includes('untracked-file.txt'))).not.toContain('On branch popup-branch');
  });
});
