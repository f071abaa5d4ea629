// `claude-sessions doctor` and `claude-sessions options` against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/options/definitions.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('claude-sessions doctor', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.tmux('set-option', '-g', '@claude-sessions-prefix', 'ai-');
  });
  afterAll(() => server.stop());

  it('reports versions, features, option values and that the plugin is not loaded', async () => {
    const { code, stdout } = await runCliCaptured(['-S', server.socket, 'doctor', '--json']);
    const report = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(report.node).toBe(process.versions.node);
    expect(report.tmux.server).toBe(report.tmux.client);
    expect(report.server).toEqual({ label: `socket ${server.socket}`, running: true });
    expect(report.features['display-popup']).toBe(true);
    expect(report.options['@claude-sessions-prefix']).toEqual({ value: 'ai-', set: true });
    expect(report.options['@claude-sessions-key-sync']).toEqual({ value: 'S', set: false });
    expect(report.problems.map((p: { message: string }) => p.message)).toContain(
      `claude-sessions.tmux has not run on socket ${server.socket}`,
    );
  });

  it('prints a readable report', async () => {
    const { stdout } = await runCliCaptured(['-S', server.socket, 'doctor']);
    expect(stdout).toMatch(/^tmux\s+\d/m);
    expect(stdout).toContain('✓ display-popup (tmux 3.2)');
    expect(stdout).toContain('@claude-sessions-prefix "ai-"');
    expect(stdout).toContain('fix: add set -g @plugin');
  });

  it("tells @resurrect-save-shell-history users that per-pane history replaces it", async () => {
    server.tmux('set-option', '-g', '@resurrect-save-shell-history', 'on');
    try {
      const { stdout } = await runCliCaptured(['-S', server.socket, 'doctor']);
      expect(stdout).toContain("@resurrect-save-shell-history is on, but tmux-resurrect no longer saves shell history; claude-sessions' per-pane history replaces it (@claude-sessions-pane-history on)");
    } finally {
      server.tmux('set-option', '-gu', '@resurrect-save-shell-history');
    }
  });

  it('works with no server running', async () => {
    const { code, stdout } = await runCliCaptured(['-S', `${server.dir}/none.sock`, 'doctor', '--json']);
    const report = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(report.server.running).toBe(false);
    expect(report.options['@claude-sessions-prefix']).toEqual({ value: 'claude-dev-', set: false });
  });
});

describe('claude-sessions options', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.tmux('set-option', '-g', '@claude-sessions-key-sync', 'F');
  });
  afterAll(() => server.stop());

  it('lists every option with its default and the value on the server', async () => {
    const { stdout } = await runCliCaptured(['-S', server.socket, 'options', '--json']);
    const rows = JSON.parse(stdout);
    expect(rows.map((row: { name: string }) => row.name)).toEqual(OPTIONS.map((option) => option.name));
    expect(rows.find((row: { name: string }) => row.name === '@claude-sessions-key-sync')).toMatchObject({
      default: 'S',
      value: 'F',
      set: true,
    });
  });

  it('prints a table with defaults', async () => {
    const { stdout } = await runCliCaptured(['-S', server.socket, 'options']);
    expect(stdout.split('\n')[0]).toMatch(/^OPTION\s+DEFAULT\s+VALUE\s+DESCRIPTION$/);
    expect(stdout).toMatch(/@claude-sessions-prefix\s+claude-dev-\s+\(default\)/);
  });
});
