// End to end, with the fake claude: a react workspace, two agents, one asks permission; the
// status line counts one waiting agent and the jump key, pressed in a real attached client,
// lands on it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusFormat } from '../../src/status/format.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

describe('two agents, one asking permission (real tmux, fake claude)', () => {
  let inner: TestServer; // the user's server, with the plugin loaded
  let outer: TestServer; // a terminal for that user: a pane running `tmux attach`
  let home: string;
  let project: string;
  const savedEnv: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string) => {
    if (!(name in savedEnv)) savedEnv[name] = process.env[name];
    process.env[name] = value;
  };

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'cs-agents-e2e-'));
    // The server (and so every pane and hook) inherits this environment.
    setEnv('PATH', `${join(REPO_ROOT, 'test', 'fake-claude')}:${process.env['PATH'] ?? ''}`);
    setEnv('HOME', home);
    setEnv('CLAUDE_CONFIG_DIR', join(home, '.claude'));
    setEnv('CLAUDE_SESSIONS_ROOT', REPO_ROOT);
    // Each agent starts, then waits for a line on its terminal before asking permission.
    setEnv('FAKE_CLAUDE_SCRIPT', 'SessionStart wait PermissionRequest:Bash hold');
    setEnv('EDITOR', 'true');
    inner = startTestServer();
    outer = startTestServer();
    inner.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    project = join(home, 'shop');
    for (const dir of ['components', 'api', 'src']) mkdirSync(join(project, dir), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"devDependencies":{"react":"^19"}}');
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(home, { recursive: true, force: true });
  });

  const agents = () =>
    inner
      .tmux('list-panes', '-a', '-F', '#{pane_id}|#{pane_current_path}|#{@claude-state}|#{@claude-waiting-reason}')
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .filter(([, , state]) => state !== '');

  it('counts the waiting agent in the status line, and prefix W jumps to it', async () => {
    expect((await runCliCaptured(['-S', inner.socket, 'new', project, '--detach'])).code).toBe(0);
    await waitFor(agents, (list) => list.length === 2 && list.every(([, , state]) => state === 'idle'));
    expect(inner.tmux('display-message', '-p', statusFormat())).toBe('✻ 1\n');

    // The user attaches, looking at the placeholder session.
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '160', '-y', '48', `env -u TMUX tmux -S ${inner.socket} attach -t placeholder`);
    await waitFor(() => inner.tmux('list-clients', '-F', '#{client_session}').trim(), (text) => text === 'placeholder');

    // The agent in components/ goes on and asks to run Bash; the one in api/ stays idle.
    const [asking] = agents().filter(([, path]) => path?.endsWith('/components'));
    const askingPane = asking?.[0] ?? '';
    inner.tmux('send-keys', '-t', askingPane, 'Enter');
    const waiting = await waitFor(agents, (list) => list.some(([, , state]) => state === 'waiting'));
    expect(waiting.map(([id, path, state, reason]) => [id, path?.split('/').pop(), state, reason]).sort()).toEqual(
      [
        [askingPane, 'components', 'waiting', 'permission: Bash'],
        [expect.any(String), 'api', 'idle', ''],
      ].sort(),
    );
    expect(inner.tmux('display-message', '-p', statusFormat())).toBe('✻ 1 #[fg=yellow,bold]●1#[default]\n');

    // prefix W: the client goes to the waiting agent's pane.
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    const landed = await waitFor(() => inner.tmux('list-clients', '-F', '#{client_session}|#{pane_id}').trim(), (text) => text.endsWith(`|${askingPane}`));
    expect(landed).toBe(`claude-dev-shop|${askingPane}`);
  });
});
