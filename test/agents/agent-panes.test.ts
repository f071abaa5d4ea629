// Which panes run Claude agents, and their state: the hook's, else `claude agents --json`,
// else unknown.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClaude, listAgentPanes } from '../../src/agents/agent-panes.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const FAKE = join(REPO_ROOT, 'test', 'fake-claude', 'claude');

describe('agent panes', () => {
  let server: TestServer;
  let hooked: string;
  let bare: string;
  beforeAll(async () => {
    server = startTestServer();
    server.newSession('work');
    hooked = server.tmux('display-message', '-p', '-t', '=work:', '#{pane_id}').trim();
    // An agent started by hand, without our hooks: its process title is a version string.
    bare = server.tmux('split-window', '-P', '-F', '#{pane_id}', '-t', '=work:', '-e', 'FAKE_CLAUDE_SCRIPT=hold', `${FAKE} --model opus`).trim();
    server.tmux('set-option', '-p', '-t', hooked, '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', hooked, '@claude-state-since', '1700000000');
    server.tmux('set-option', '-p', '-t', hooked, '@claude-waiting-reason', 'permission: Bash');
    await waitFor(() => server.tmux('display-message', '-p', '-t', bare, '#{pane_current_command}').trim(), (command) => command === '2.0.0');
  });
  afterAll(() => server.stop());

  it("take the hook's state where the hook reported, and find agents the hook never saw by their command line", async () => {
    const agents = await listAgentPanes(server.client, () => undefined);
    expect(agents.map((agent) => [agent.paneId, agent.state, agent.source, agent.reason])).toEqual([
      [hooked, 'waiting', 'hook', 'permission: Bash'],
      [bare, 'unknown', 'none', undefined],
    ]);
    expect(agents[0]?.since).toBe(1_700_000_000);
  });

  it('use `claude agents --json` for an agent without hook state, matched by pid', async () => {
    const [, unhooked] = await listAgentPanes(server.client, () => undefined);
    const pid = unhooked?.pid ?? -1;
    expect(pid).toBeGreaterThan(0);
    const agents = await listAgentPanes(server.client, () => [
      { pid: 1, status: 'working' },
      { pid, status: 'waiting', waitingFor: 'permission to run Bash', sessionId: 'abc' },
    ]);
    expect(agents[1]).toMatchObject({ paneId: bare, state: 'waiting', source: 'claude agents', reason: 'permission to run Bash', sessionId: 'abc', pid });
  });

  it("show an agent running a shell command as working, as Claude's own UI does, and an unknown status as unknown", async () => {
    const [, unhooked] = await listAgentPanes(server.client, () => undefined);
    const pid = unhooked?.pid ?? -1;
    const stateFor = async (status: string) => (await listAgentPanes(server.client, () => [{ pid, status }]))[1]?.state;
    expect(await stateFor('shell')).toBe('working');
    expect(await stateFor('busy')).toBe('working');
    expect(await stateFor('idle')).toBe('idle');
    expect(await stateFor('waiting')).toBe('waiting');
    expect(await stateFor('waiting_for_input_later')).toBe('unknown');
  });

  it('recognise Claude by its command line, not its process title', () => {
    expect(isClaude({ args: 'claude --resume x' })).toBe(true);
    expect(isClaude({ args: '/home/u/.local/bin/claude' })).toBe(true);
    expect(isClaude({ args: 'node /usr/local/bin/claude --model opus' })).toBe(true);
    expect(isClaude({ args: 'node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js' })).toBe(true);
    expect(isClaude({ args: '2.0.76' })).toBe(true);
    expect(isClaude({ args: 'vim claude.md' })).toBe(false);
    expect(isClaude({ args: 'python3 -m http.server 2.0.0' })).toBe(false);
    expect(isClaude({ args: 'node server.js claude' })).toBe(false);
  });
});
