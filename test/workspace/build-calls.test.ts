// How many tmux processes building a workspace takes: everything the build needs to know of the
// server (options, sessions, the panes' shell and global environment for per-pane history) is
// read in one call before the build batch, and the panes still get their own history.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

describe('building a workspace', () => {
  let server: TestServer;
  let log: string;
  const saved = { state: process.env['XDG_STATE_HOME'], tmux: process.env['CLAUDE_SESSIONS_TMUX'] };
  beforeAll(() => {
    server = startTestServer();
    process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
    // Every tmux the CLI runs, its first command (after -u -S SOCKET) on a line of the log.
    log = join(server.dir, 'tmux-calls.log');
    const wrapper = join(server.dir, 'tmux-logging');
    writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$4" >>'${log}'\nexec tmux "$@"\n`);
    chmodSync(wrapper, 0o755);
    process.env['CLAUDE_SESSIONS_TMUX'] = wrapper;
    // bash keeps per-pane history, so the build needs the shell and the global environment.
    server.tmux('set-option', '-g', 'default-command', 'bash --norc --noprofile');
    server.tmux('set-environment', '-g', 'PROMPT_COMMAND', 'echo own-prompt-command >/dev/null');
  });
  afterAll(() => {
    for (const [name, value] of [['XDG_STATE_HOME', saved.state], ['CLAUDE_SESSIONS_TMUX', saved.tmux]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    server.stop();
  });

  it('reads the server in one tmux call before the build, and every pane still gets its own history', async () => {
    const dir = join(server.dir, 'calls');
    mkdirSync(dir);
    writeFileSync(join(dir, '.claude-sessions.yaml'), 'windows:\n  - name: w\n    panes:\n      - commands: echo typed-in-first\n      - commands: echo typed-in-second\n');
    rmSync(log, { force: true });

    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.slice(0, calls.indexOf('new-session') + 1)).toEqual(['display-message', 'new-session']);
    for (const pane of ['0', '1']) {
      const shown = await waitFor(() => server.tmux('capture-pane', '-pJ', '-t', `=claude-dev-calls:{start}.${pane}`), (text) => /^typed-in-/m.test(text));
      expect(shown).toMatch(pane === '0' ? /^typed-in-first$/m : /^typed-in-second$/m);
    }
    const histories = server.tmux('list-panes', '-s', '-t', '=claude-dev-calls:', '-F', '#{@claude-sessions-history-id}').trim().split('\n');
    expect(histories).toHaveLength(2);
    expect(histories.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(histories).size).toBe(2);
    // The user's PROMPT_COMMAND, read from tmux's global environment in that same call, is kept.
    server.tmux('send-keys', '-t', '=claude-dev-calls:{start}.0', 'echo "pc=$PROMPT_COMMAND"', 'Enter');
    const shown = await waitFor(() => server.tmux('capture-pane', '-pJ', '-t', '=claude-dev-calls:{start}.0'), (text) => /^pc=echo own-prompt-command/m.test(text));
    expect(shown).toMatch(/^pc=echo own-prompt-command >\/dev\/null$/m);
  });
});
