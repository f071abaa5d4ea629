// `claude-sessions next-waiting` and its key: the user jumps to the agents waiting for them,
// longest-waiting first, across sessions, and round again.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chooseNextWaiting, orderWaiting, pickClient, type WaitingPane } from '../../src/agents/next-waiting.ts';
import { PANE_OPTIONS } from '../../src/agents/claude-contract.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const pane = (id: string, since: string): WaitingPane => ({ id, since, sessionId: '$1', session: 's', windowId: '@1', window: '0:w', reason: 'permission' });

describe('chooseNextWaiting', () => {
  const a = pane('%7', '100');
  const b = pane('%3', '200');
  const c = pane('%12', '200');
  const panes = [c, b, a];

  it('orders longest-waiting first, ties by pane number', () => {
    expect(orderWaiting(panes).map((p) => p.id)).toEqual(['%7', '%3', '%12']);
  });

  it('from a pane that is not waiting, goes to the longest-waiting', () => {
    expect(chooseNextWaiting(panes, '%99')?.id).toBe('%7');
    expect(chooseNextWaiting(panes, undefined)?.id).toBe('%7');
  });

  it('from a waiting pane, goes to the next one, and from the last back to the first', () => {
    expect(chooseNextWaiting(panes, '%7')?.id).toBe('%3');
    expect(chooseNextWaiting(panes, '%3')?.id).toBe('%12');
    expect(chooseNextWaiting(panes, '%12')?.id).toBe('%7');
  });

  it('stays on the only waiting pane, and finds nothing when none waits', () => {
    expect(chooseNextWaiting([a], '%7')?.id).toBe('%7');
    expect(chooseNextWaiting([], '%7')).toBeUndefined();
  });

  it('puts a pane with no known since last', () => {
    expect(orderWaiting([pane('%1', ''), a]).map((p) => p.id)).toEqual(['%7', '%1']);
  });

  it('picks the named client, else the most recently active one', () => {
    const clients = [
      { name: '/dev/pts/1', pane: '%1', activity: '50' },
      { name: '/dev/pts/2', pane: '%2', activity: '90' },
    ];
    expect(pickClient(clients, undefined)?.name).toBe('/dev/pts/2');
    expect(pickClient(clients, '/dev/pts/1')?.name).toBe('/dev/pts/1');
    expect(pickClient(clients, '/dev/pts/9')).toBeUndefined();
    expect(pickClient([], undefined)).toBeUndefined();
  });
});

describe('next-waiting on a real server, with an attached client', () => {
  let inner: TestServer; // the server with the agents, which the "user" is attached to
  let outer: TestServer; // the user's terminal: a pane running `tmux attach`
  const ids: Record<string, string> = {};
  const where = () => inner.tmux('list-clients', '-F', '#{session_name} #{window_index} #{pane_id}').trim();
  const cli = (...args: string[]) => runCliCaptured(['-S', inner.socket, 'next-waiting', ...args]);

  let nodeRuns: string; // one line per time the CLI's node started (the node option points at a recorder)
  const nodeRan = () => (existsSync(nodeRuns) ? readFileSync(nodeRuns, 'utf8') : '');

  beforeAll(async () => {
    inner = startTestServer({ log: true }); // its log names every job (run-shell's shell) it starts
    outer = startTestServer();
    nodeRuns = join(inner.dir, 'node-runs');
    const recorder = join(inner.dir, 'node-recorder');
    writeFileSync(recorder, `#!/bin/sh\necho "$*" >> '${nodeRuns}'\nexec '${process.execPath}' "$@"\n`);
    chmodSync(recorder, 0o755);
    inner.tmux('set-option', '-g', '@claude-sessions-node', recorder);
    inner.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    inner.newSession('alpha');
    inner.tmux('new-window', '-d', '-t', '=alpha:');
    inner.newSession('beta');
    inner.tmux('split-window', '-d', '-t', '=beta:');
    // Named, so automatic-rename (tmux, then bash or sh, as the shell starts) cannot race the test.
    inner.tmux('rename-window', '-t', '=beta:0', 'agents');
    const id = (target: string) => inner.tmux('display-message', '-p', '-t', target, '#{pane_id}').trim();
    ids['alpha0'] = id('=alpha:0.0');
    ids['alpha1'] = id('=alpha:1.0');
    ids['beta0'] = id('=beta:0.0');
    ids['beta1'] = id('=beta:0.1');
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '120', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t placeholder`);
    await waitFor(() => where(), (text) => text.startsWith('placeholder'));
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });
  // Each test starts with three agents waiting (beta 0.1 longest, then alpha 1, alpha 0), one
  // working, and the user on the placeholder session, so any one runs alone.
  beforeEach(() => {
    const mark = (paneId: string, state: string, since: string) => {
      inner.tmux('set-option', '-p', '-t', paneId, PANE_OPTIONS.state, state);
      inner.tmux('set-option', '-p', '-t', paneId, PANE_OPTIONS.since, since);
      if (state === 'waiting') inner.tmux('set-option', '-p', '-t', paneId, PANE_OPTIONS.waitingReason, 'permission: Bash');
    };
    mark(ids['beta1']!, 'waiting', '100');
    mark(ids['alpha1']!, 'waiting', '200');
    mark(ids['alpha0']!, 'waiting', '300');
    mark(ids['beta0']!, 'working', '50');
    inner.tmux('switch-client', '-t', '=placeholder:');
    rmSync(nodeRuns, { force: true });
  });

  it('visits the waiting panes longest-first across sessions, then cycles', async () => {
    const visits: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await cli();
      expect(result).toMatchObject({ code: 0, stderr: '' });
      visits.push(where());
    }
    expect(visits).toEqual([`beta 0 ${ids['beta1']}`, `alpha 1 ${ids['alpha1']}`, `alpha 0 ${ids['alpha0']}`, `beta 0 ${ids['beta1']}`]);
  });

  it('prefix W and next-waiting visit a waiting agent once when its window is linked into another session too', async () => {
    // alpha's window 1 is in beta as well: list-panes -a, and the key's format, list its pane twice.
    inner.tmux('link-window', '-d', '-s', '=alpha:1', '-t', '=beta:5');
    try {
      const paneOf = (text: string) => text.split(' ').at(-1);
      const order = [ids['beta1'], ids['alpha1'], ids['alpha0'], ids['beta1']];
      const keyVisits: (string | undefined)[] = [];
      for (const expected of order) {
        outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
        keyVisits.push(paneOf(await waitFor(() => where(), (text) => paneOf(text) === expected)));
      }
      expect(keyVisits).toEqual(order);
      expect(nodeRan()).toBe('');
      inner.tmux('switch-client', '-t', '=placeholder:');
      const cliVisits: unknown[] = [];
      for (let i = 0; i < 4; i++) cliVisits.push(JSON.parse((await cli('--json')).stdout));
      expect(cliVisits.map((visit) => (visit as { pane: string }).pane)).toEqual(order);
      expect(cliVisits.map((visit) => (visit as { waiting: number }).waiting)).toEqual([3, 3, 3, 3]);
    } finally {
      inner.tmux('unlink-window', '-t', '=beta:5');
    }
  }, 60_000); // a failing wait takes 10 s per press

  it('tells where it went, as JSON too', async () => {
    inner.tmux('switch-client', '-t', '=placeholder:');
    const result = await cli('--json');
    expect(JSON.parse(result.stdout)).toEqual({ pane: ids['beta1'], session: 'beta', window: '0:agents', since: 100, reason: 'permission: Bash', waiting: 3 });
  });

  it('the plugin binds prefix W to it, with a note in list-keys -N', () => {
    // tmux >= 3.3: the key's two formats written to their options when either differs (if-shell -F: no
    // shell), then a run-shell -C (a tmux command, no shell) whose format holds the sh path it falls back to.
    const bound = inner.tmux('list-keys', '-T', 'prefix', 'W').trim();
    expect(bound).toMatch(/^bind-key -T prefix W if-shell -F "#\{\|\|:#\{!=:#\{@claude-sessions-waiting-key\},.*#\{!=:#\{@claude-sessions-agent-key\},.*\\; run-shell -C "#\{E:/);
    expect(bound).toContain(`key-next-waiting`);
    expect(inner.tmux('list-keys', '-N', '-T', 'prefix', 'W').trim()).toMatch(/^W +claude-sessions: go to the next agent waiting for you$/);
  });

  it('prefix W, pressed in the attached client, goes to the next waiting agent', async () => {
    inner.tmux('switch-client', '-t', '=placeholder:');
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    expect(await waitFor(() => where(), (text) => text.startsWith('beta'))).toBe(`beta 0 ${ids['beta1']}`);
  });

  it('prefix W goes round the waiting agents without starting Node', async () => {
    const visits: string[] = [];
    for (const expected of ['beta', 'alpha 1', 'alpha 0', 'beta']) {
      outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
      visits.push(await waitFor(() => where(), (text) => text.startsWith(expected)));
    }
    expect(visits).toEqual([`beta 0 ${ids['beta1']}`, `alpha 1 ${ids['alpha1']}`, `alpha 0 ${ids['alpha0']}`, `beta 0 ${ids['beta1']}`]);
    expect(nodeRan()).toBe('');
  });

  // Every process the server starts for a key (run-shell's sh, which then runs tmux or Node) is a job in its log.
  const jobsStarted = () => inner.serverLog().split('\n').filter((line) => / job_run: /.test(line)).length;

  it('prefix W goes round the waiting agents starting no process at all: no shell, no tmux, no Node', async () => {
    const before = jobsStarted();
    const visits: string[] = [];
    for (const expected of ['beta', 'alpha 1', 'alpha 0', 'beta']) {
      outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
      visits.push(await waitFor(() => where(), (text) => text.startsWith(expected)));
    }
    expect(visits).toEqual([`beta 0 ${ids['beta1']}`, `alpha 1 ${ids['alpha1']}`, `alpha 0 ${ids['alpha0']}`, `beta 0 ${ids['beta1']}`]);
    expect(jobsStarted() - before).toBe(0);
    expect(nodeRan()).toBe('');
  });

  it('prefix W with no agent waiting says so starting no process', async () => {
    for (const id of Object.values(ids)) inner.tmux('set-option', '-p', '-t', id, PANE_OPTIONS.state, 'idle');
    const before = jobsStarted();
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    expect(await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('no agent is waiting'))).toContain(
      'claude-sessions: no agent is waiting',
    );
    expect(jobsStarted() - before).toBe(0);
  });

  it('prefix W hands a since it cannot compare exactly (16 digits) to the sh path, which still goes to the right agent, and decides a linked window itself', async () => {
    // 16 digits: beyond what Node compares exactly, so the sh path decides (it hands such a since to Node).
    inner.tmux('set-option', '-p', '-t', ids['alpha0']!, PANE_OPTIONS.since, '1000000000000000');
    let before = jobsStarted();
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    expect(await waitFor(() => where(), (text) => text.startsWith('beta'))).toBe(`beta 0 ${ids['beta1']}`);
    expect(await waitFor(() => jobsStarted() - before, (count) => count > 0)).toBeGreaterThan(0);
    inner.tmux('set-option', '-p', '-t', ids['alpha0']!, PANE_OPTIONS.since, '300');
    // A window linked into a second session lists its waiting pane twice: the same key twice,
    // decided in the server (no job), where the sh path switches to the same pane id.
    inner.tmux('link-window', '-d', '-s', '=beta:0', '-t', '=alpha:5');
    try {
      inner.tmux('switch-client', '-t', '=placeholder:');
      before = jobsStarted();
      outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
      expect(await waitFor(() => where(), (text) => text.includes(ids['beta1']!))).toContain(ids['beta1']);
      expect(jobsStarted() - before).toBe(0);
    } finally {
      inner.tmux('unlink-window', '-t', '=alpha:5');
    }
  });

  it('prefix W: a since that a program in a pane set to shell code is an unknown since, never run', async () => {
    const pwned = join(inner.dir, 'pwned');
    inner.tmux('set-option', '-p', '-t', ids['beta1']!, PANE_OPTIONS.since, `1\ntouch\t${pwned}`);
    inner.tmux('set-option', '-p', '-t', ids['alpha1']!, PANE_OPTIONS.since, `$(touch ${pwned}); \`touch ${pwned}\``);
    inner.tmux('switch-client', '-t', '=beta:');
    inner.tmux('select-pane', '-t', ids['beta0']!);
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    // alpha 0 is the only one with a known since; then the unknown ones by pane number.
    expect(await waitFor(() => where(), (text) => text.startsWith('alpha 0'))).toBe(`alpha 0 ${ids['alpha0']}`);
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    const [first, second] = [ids['alpha1']!, ids['beta1']!].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(await waitFor(() => where(), (text) => text.endsWith(` ${first}`))).toContain(first);
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    expect(await waitFor(() => where(), (text) => text.endsWith(` ${second}`))).toContain(second);
    expect(existsSync(pwned)).toBe(false);
    expect(nodeRan()).toBe('');
  });

  it('prefix W with no agent waiting says so in the message line, without starting Node', async () => {
    for (const id of Object.values(ids)) inner.tmux('set-option', '-p', '-t', id, PANE_OPTIONS.state, 'idle');
    const before = where();
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'W');
    expect(await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('no agent is waiting'))).toContain(
      'claude-sessions: no agent is waiting',
    );
    expect(where()).toBe(before);
    expect(nodeRan()).toBe('');
  });

  it('an unknown client is an error', async () => {
    const result = await cli('--client', '/dev/nowhere');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no tmux client named "/dev/nowhere"');
  });

  it('says so when no agent is waiting, in the message line with --display', async () => {
    for (const id of Object.values(ids)) inner.tmux('set-option', '-p', '-t', id, PANE_OPTIONS.state, 'idle');
    const before = where();
    expect(await cli()).toMatchObject({ code: 0, stderr: 'claude-sessions: no agent is waiting\n' });
    expect(JSON.parse((await cli('--json')).stdout)).toEqual({ pane: null, waiting: 0 });
    const client = inner.tmux('list-clients', '-F', '#{client_name}').trim();
    expect(await cli('--display', '--client', client)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('no agent is waiting'))).toContain(
      'claude-sessions: no agent is waiting',
    );
    expect(where()).toBe(before);
  });
});
