// Commands run by key bindings with --display (save, restore, git-status, worktree): an error
// they explain goes to the tmux message line, not to stderr, and the run exits 0; without
// --display the same error is on stderr with its exit status.
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const servers: TestServer[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop();
});

function server(): TestServer {
  const started = startTestServer();
  servers.push(started);
  return started;
}

describe('--display errors', () => {
  it.each([
    [['save', '--session', 'nosuch'], /^claude-sessions: nothing to save: no session named "nosuch" on socket /],
    [['git-status', '-t', 'nosuch'], /^claude-sessions: no session named "nosuch" on socket /],
    [['restore', '--file', '/nonexistent/save.txt'], /^claude-sessions: .*\/nonexistent\/save\.txt/],
  ])('%j reports on stderr with exit status 1, and with --display in the message line with 0', async (argv, message) => {
    const { socket } = server();
    const plain = await runCliCaptured(['-S', socket, ...argv]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(message);
    expect(await runCliCaptured(['-S', socket, ...argv, '--display'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports on stderr as usual when even the message line cannot be reached', async () => {
    const gone = server();
    gone.stop();
    const result = await runCliCaptured(['-S', gone.socket, 'git-status', '-t', 'nosuch', '--display']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^claude-sessions: no session named "nosuch" on socket /);
  });

  it('leaves a usage error a usage error: exit status 2 on stderr, --display or not', async () => {
    const { socket } = server();
    const result = await runCliCaptured(['-S', socket, 'save', '--display', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("claude-sessions: Unknown option '--bogus' (see claude-sessions save --help)\n");
  });
});
