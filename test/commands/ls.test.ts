// `claude-sessions ls` against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('claude-sessions ls', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.newSession('claude-dev-web');
    server.tmux('split-window', '-t', '=claude-dev-web:0');
    server.tmux('new-window', '-t', '=claude-dev-web:');
    server.newSession("claude-dev-it's $(odd); 🎉");
    server.newSession('claude-dev-webapp');
    server.newSession('scratch');
  });
  afterAll(() => server.stop());

  it('lists only claude-dev sessions, with windows, panes and clients, as JSON', async () => {
    const { code, stdout } = await runCliCaptured(['-S', server.socket, 'ls', '--json']);
    expect(code).toBe(0);
    const sessions = JSON.parse(stdout) as Record<string, unknown>[];
    expect(sessions.map((s) => s['name'])).toEqual(['claude-dev-it\'s $(odd); 🎉', 'claude-dev-web', 'claude-dev-webapp']);
    expect(sessions[1]).toMatchObject({ project: 'web', projectDir: server.dir, windows: 2, panes: 3, attached: 0 });
    expect(new Date(sessions[1]?.['created'] as string).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(Object.keys(sessions[0] ?? {})).toEqual([
      'name',
      'project',
      'projectDir',
      'windows',
      'panes',
      'attached',
      'created',
      'lastActivity',
    ]);
  });

  it('prints a table a person can read', async () => {
    const { stdout } = await runCliCaptured(['-S', server.socket, 'ls']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SESSION\s+PROJECT DIR\s+WINDOWS\s+PANES\s+ATTACHED\s+CREATED\s+ACTIVE$/);
    expect(lines).toHaveLength(4);
    expect(stdout).not.toContain('scratch');
  });

  it('honours @claude-sessions-prefix', async () => {
    server.tmux('set-option', '-g', '@claude-sessions-prefix', 'scr');
    try {
      const { stdout } = await runCliCaptured(['-S', server.socket, 'ls', '--json']);
      expect(JSON.parse(stdout)).toMatchObject([{ name: 'scratch', project: 'atch' }]);
    } finally {
      server.tmux('set-option', '-gu', '@claude-sessions-prefix');
    }
  });

  it('prints [] and exits 0 when no server runs', async () => {
    const { code, stdout } = await runCliCaptured(['-S', `${server.dir}/nobody.sock`, 'ls', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('refuses -L and -S together', async () => {
    const { code, stderr } = await runCliCaptured(['-L', 'x', '-S', server.socket, 'ls']);
    expect(code).toBe(2);
    expect(stderr).toContain('give -L or -S, not both');
  });
});
