// The git-status key's command: types `git status` only into an idle git pane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';


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
    expect(stderr).toContain('git pane 0.1 is busy running sleep; git status not sent');
  });

  it('explains how to mark a git pane when there is none', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', 'claude-dev-norole']);
    expect(code).toBe(1);
    expect(stderr).toContain('no pane with the git role in session claude-dev-norole');
  });

  it('names a session that does not exist, matching names exactly', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', 'claude-dev-gi']);
    expect(code).toBe(1);
    expect(stderr).toContain('no session named "claude-dev-gi"');
  });
});
