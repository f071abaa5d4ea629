// Claude Code sends no hook on an Esc or a denied permission: the pane's state converges to
// Claude's own session file instead (scripts/claude-reconcile, started by scripts/claude-hook).
// Real tmux, the fake claude (which keeps a session file like the real one), its hooks from
// the plugin's settings.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hookSettings, reconcileTarget, SESSION_FILES, type AgentState } from '../../src/agents/claude-contract.ts';
import { shellQuote } from '../../src/util/shell-words.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { endProcesses, processStamp, REPO_ROOT, serverJobs, startTestServer, testEnv, type ProcessStamp, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const HOOK = join(REPO_ROOT, 'scripts', 'claude-hook');
const FAKE_CLAUDE = join(REPO_ROOT, 'test', 'fake-claude', 'claude');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The reconcilers this server runs (its run-shell jobs running scripts/claude-reconcile).
function reconcilers(server: TestServer): ProcessStamp[] {
  const serverPid = Number(server.tmux('display-message', '-p', '#{pid}').trim());
  return serverJobs(processStamp(serverPid)).filter((job) => {
    try {
      const args = readFileSync(`/proc/${job.pid}/cmdline`, 'utf8').split('\0');
      return args[0] !== 'sh' && args.some((arg) => arg.endsWith('/claude-reconcile'));
    } catch {
      return false;
    }
  });
}

describe('an agent pane converges to what Claude Code says (real tmux, fake claude)', () => {
  let server: TestServer;
  let config: string;
  let settings: string;
  let project: string;
  const panes: string[] = [];

  beforeAll(() => {
    server = startTestServer();
    config = join(server.dir, 'claude-config');
    project = join(server.dir, 'project');
    mkdirSync(project, { recursive: true });
    settings = join(server.dir, 'hooks.json');
    writeFileSync(settings, JSON.stringify({ hooks: hookSettings(HOOK) }));
  });
  afterEach(() => {
    for (const pane of panes.splice(0)) server.tryTmux('kill-pane', '-t', pane);
  });
  afterAll(() => server.stop());

  // An agent in its own window, playing SCRIPT; returns its pane id.
  function startAgent(script: string, env: Record<string, string> = {}): string {
    const vars = { CLAUDE_CONFIG_DIR: config, FAKE_CLAUDE_SCRIPT: script, ...env };
    const pane = server
      .tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-c', project, ...Object.entries(vars).flatMap(([name, value]) => ['-e', `${name}=${value}`]), `${shellQuote(FAKE_CLAUDE)} --settings ${shellQuote(settings)}`)
      .trim();
    panes.push(pane);
    return pane;
  }
  const state = (pane: string) => server.tmux('display-message', '-p', '-t', pane, '#{@claude-state}|#{@claude-waiting-reason}').trim();
  const until = (pane: string, expected: string) => waitFor(() => state(pane), (value) => value === expected, 50);
  // The agent's next scripted step (a `wait` item reads one line of its terminal).
  const next = (pane: string) => server.tmux('send-keys', '-t', pane, 'Enter');

  it('shows an agent whose reply was cut short by Esc as idle within 2 s, and not before', async () => {
    const pane = startAgent('SessionStart wait UserPromptSubmit wait status:idle hold');
    expect(await until(pane, 'idle|')).toBe('idle|');
    next(pane);
    expect(await until(pane, 'working|')).toBe('working|');
    // Claude still says busy: four ticks later the pane is still working.
    await sleep(2000);
    expect(state(pane)).toBe('working|');
    next(pane); // Esc: Claude's file says idle, no hook runs
    expect(await until(pane, 'idle|')).toBe('idle|');
  });

  it('shows an agent whose permission was denied as idle, without the waiting reason', async () => {
    const pane = startAgent('SessionStart UserPromptSubmit PermissionRequest:Bash wait status:idle hold');
    expect(await until(pane, 'waiting|permission: Bash')).toBe('waiting|permission: Bash');
    next(pane);
    expect(await until(pane, 'idle|')).toBe('idle|');
  });

  it('shows an agent whose permission was granted for a long tool as working', async () => {
    const pane = startAgent('SessionStart UserPromptSubmit PermissionRequest:Bash wait status:busy hold');
    expect(await until(pane, 'waiting|permission: Bash')).toBe('waiting|permission: Bash');
    next(pane);
    expect(await until(pane, 'working|')).toBe('working|');
  });

  it('shows a working agent that Claude says waits (no hook) as waiting, with its reason', async () => {
    const pane = startAgent('SessionStart UserPromptSubmit wait status:waiting hold');
    expect(await until(pane, 'working|')).toBe('working|');
    next(pane);
    expect(await until(pane, 'waiting|permission prompt')).toBe('waiting|permission prompt');
  });

  it('leaves the pane as the hooks set it when Claude Code keeps no session file, and doctor says so', async () => {
    const older = join(server.dir, 'older-claude-config');
    const pane = startAgent('SessionStart UserPromptSubmit hold', { FAKE_CLAUDE_SESSION_FILE: '0', CLAUDE_CONFIG_DIR: older });
    expect(await until(pane, 'working|')).toBe('working|');
    await sleep(2000);
    expect(state(pane)).toBe('working|');
    const { stdout } = await runCliCaptured(['-S', server.socket, 'doctor']);
    expect(stdout).toContain(`${older}/sessions missing: Claude Code's own state is not read`);
    expect(stdout).toMatch(/Claude Code's session file is missing for 1 agent\(s\) \(\S+ in \S+\/older-claude-config\/sessions\)/);
  });

  it('runs no reconciler while no agent works or waits, and starts one at the next working event', async () => {
    const pane = startAgent('SessionStart wait UserPromptSubmit wait Stop wait UserPromptSubmit hold');
    expect(await until(pane, 'idle|')).toBe('idle|');
    expect(await waitFor(() => reconcilers(server), (found) => found.length === 0, 50)).toEqual([]);
    next(pane);
    expect(await until(pane, 'working|')).toBe('working|');
    expect((await waitFor(() => reconcilers(server), (found) => found.length === 1, 50)).length).toBe(1);
    next(pane);
    expect(await until(pane, 'idle|')).toBe('idle|');
    expect(await waitFor(() => reconcilers(server), (found) => found.length === 0, 50)).toEqual([]);
    expect(server.tmux('show-options', '-gqv', '@claude-reconcile-beat').trim()).toBe('');
    next(pane);
    expect(await until(pane, 'working|')).toBe('working|');
    expect((await waitFor(() => reconcilers(server), (found) => found.length === 1, 50)).length).toBe(1);
  });

  it('starts a new reconciler after the running one was killed (kill -9), at the next event', async () => {
    const pane = startAgent('SessionStart UserPromptSubmit wait PreToolUse:Bash wait status:idle hold');
    expect(await until(pane, 'working|')).toBe('working|');
    const [killed] = await waitFor(() => reconcilers(server), (found) => found.length === 1, 50);
    expect(killed).toBeDefined();
    endProcesses([killed as ProcessStamp]);
    // Its heartbeat goes stale 3 s after its last tick (whole seconds; the tmux call it had
    // under way may still write one tick's time); until then a new event trusts it.
    const beat = Number(server.tmux('show-options', '-gqv', '@claude-reconcile-beat').trim());
    expect(beat).toBeGreaterThan(0);
    await waitFor(() => Math.floor(Date.now() / 1000) - beat, (age) => age > 4, 70);
    next(pane); // PreToolUse: a working event
    const [started] = await waitFor(() => reconcilers(server), (found) => found.length === 1, 50);
    expect(started?.pid).not.toBe(killed?.pid);
    next(pane); // Esc
    expect(await until(pane, 'idle|')).toBe('idle|');
    // No pane shows what tmux prints when a job dies ("terminated by signal").
    expect(server.tmux('capture-pane', '-p', '-t', pane)).not.toContain('terminated');
  });
});

describe('a hook event always wins over a reconcile (real tmux, hand-written session files)', () => {
  let server: TestServer;
  let config: string;
  let tmuxEnv: string;
  let realTmux: string;
  let wrapperDir: string;

  // A server per test: the reconciler one test starts keeps running with the environment it
  // started with (the race test needs one started with its tmux wrapper on PATH).
  beforeEach(() => {
    server = startTestServer();
    config = join(server.dir, 'claude-config');
    mkdirSync(join(config, 'sessions'), { recursive: true });
    tmuxEnv = `${server.socket},${server.tmux('display-message', '-p', '#{pid}').trim()},0`;
    realTmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).stdout.trim();
    wrapperDir = join(server.dir, 'bin');
    mkdirSync(wrapperDir);
  });
  afterEach(() => server.stop());

  // A pane running a stand-in process (the "agent"), whose pid the session file names.
  function agentPane(): { pane: string; pid: number } {
    const [pane = '', pid = ''] = server.tmux('new-window', '-d', '-P', '-F', '#{pane_id} #{pane_pid}', 'exec sleep 600').trim().split(' ');
    return { pane, pid: Number(pid) };
  }
  function hook(pane: string, input: { readonly hook_event_name: string; readonly [field: string]: unknown }) {
    spawnSync(HOOK, [input.hook_event_name], { input: JSON.stringify(input), env: { ...testEnv(), TMUX: tmuxEnv, TMUX_PANE: pane, CLAUDE_CONFIG_DIR: config } });
  }
  function sessionFile(pid: number, sessionId: string, status: string, statusUpdatedAt = Date.now()) {
    const record = { pid, sessionId, cwd: '/p', version: '2.1.332', kind: 'interactive', status, updatedAt: statusUpdatedAt, statusUpdatedAt, ...(status === 'waiting' ? { waitingFor: 'permission prompt' } : {}) };
    writeFileSync(join(config, 'sessions', `${pid}.json.tmp`), JSON.stringify(record));
    spawnSync('mv', [join(config, 'sessions', `${pid}.json.tmp`), join(config, 'sessions', `${pid}.json`)]);
  }
  const state = (pane: string) => server.tmux('display-message', '-p', '-t', pane, '#{@claude-state}|#{@claude-waiting-reason}').trim();

  it('keeps an event that lands between the reconciler reading the file and changing the pane', async () => {
    const { pane, pid } = agentPane();
    const session = { session_id: 'race-1', transcript_path: '/t', cwd: '/p' };
    // The reconciler's tmux: the moment it is about to apply a change, the user types a new
    // prompt (its hook runs) and Claude says busy; then the change goes to tmux.
    const marker = join(server.dir, 'race-armed');
    const prompt = JSON.stringify({ ...session, hook_event_name: 'UserPromptSubmit', prompt: 'again' });
    const busy = JSON.stringify({ pid, sessionId: 'race-1', status: 'busy', updatedAt: 1, statusUpdatedAt: 4_000_000_000_000 });
    writeFileSync(
      join(wrapperDir, 'tmux'),
      `#!/bin/sh
case "$*" in *@claude-state-since*)
  if [ -f ${shellQuote(marker)} ]; then
    rm -f ${shellQuote(marker)}
    printf '%s' ${shellQuote(prompt)} | TMUX_PANE=${pane} CLAUDE_CONFIG_DIR=${shellQuote(config)} PATH=${shellQuote(process.env['PATH'] ?? '')} ${shellQuote(HOOK)} UserPromptSubmit
    printf '%s' ${shellQuote(busy)} > ${shellQuote(join(config, 'sessions', `${pid}.json`))}
  fi ;;
esac
exec ${shellQuote(realTmux)} "$@"
`,
    );
    chmodSync(join(wrapperDir, 'tmux'), 0o755);
    server.tmux('set-environment', '-g', 'PATH', `${wrapperDir}:${process.env['PATH'] ?? ''}`);
    writeFileSync(marker, '');
    try {
      sessionFile(pid, 'race-1', 'waiting', Date.now() - 5000);
      hook(pane, { ...session, hook_event_name: 'PermissionRequest', tool_name: 'Bash' });
      expect(state(pane)).toBe('waiting|permission: Bash');
      sessionFile(pid, 'race-1', 'idle'); // denied
      // The wrapper fired: the prompt's event came after the reconciler decided on idle.
      await waitFor(() => readFileSync(join(config, 'sessions', `${pid}.json`), 'utf8'), (text) => text.includes('"busy"'), 50);
      await sleep(1500);
      expect(state(pane)).toBe('working|');
    } finally {
      server.tmux('set-environment', '-g', 'PATH', process.env['PATH'] ?? '');
      rmSync(marker, { force: true });
      server.tryTmux('kill-pane', '-t', pane);
    }
  });

  it("keeps an event when Claude's file is older than it (Claude has not caught up yet)", async () => {
    const { pane, pid } = agentPane();
    const session = { session_id: 'late-1', transcript_path: '/t', cwd: '/p' };
    sessionFile(pid, 'late-1', 'idle', Date.now() - 3000);
    hook(pane, { ...session, hook_event_name: 'UserPromptSubmit', prompt: 'go' });
    await sleep(2000);
    expect(state(pane)).toBe('working|');
    sessionFile(pid, 'late-1', 'idle'); // now Claude says idle, after the event
    expect(await waitFor(() => state(pane), (value) => value === 'idle|', 50)).toBe('idle|');
    server.tryTmux('kill-pane', '-t', pane);
  });

  it("keeps an event when Claude's file changed earlier in the same second (a slow hook of the user's delays Claude's write)", async () => {
    const { pane, pid } = agentPane();
    const session = { session_id: 'same-second-1', transcript_path: '/t', cwd: '/p' };
    // Early in a second, so that the file's change and the event share it.
    while (Date.now() % 1000 > 400) await sleep(20);
    const second = Math.floor(Date.now() / 1000) * 1000;
    sessionFile(pid, 'same-second-1', 'idle', second);
    await sleep(150);
    hook(pane, { ...session, hook_event_name: 'UserPromptSubmit', prompt: 'go' });
    // Claude still says idle (its write of busy waits for a slow hook): more than two reads.
    await sleep(2000);
    expect(state(pane)).toBe('working|');
    sessionFile(pid, 'same-second-1', 'idle');
    expect(await waitFor(() => state(pane), (value) => value === 'idle|', 50)).toBe('idle|');
    server.tryTmux('kill-pane', '-t', pane);
  });

  it('moves each pane state exactly as the contract table says, and leaves files of dead processes alone', async () => {
    const states: AgentState[] = ['working', 'waiting', 'idle', 'error', 'exited'];
    const cases: { pane: string; from: AgentState; status: string; expected: string }[] = [];
    for (const from of states) {
      for (const status of [...SESSION_FILES.statuses, 'dead']) {
        const { pane, pid } = agentPane();
        const sessionId = `table-${from}-${status}`;
        // Set as the hook leaves a pane, with an event long before the file's status.
        for (const [name, value] of [['@claude-state', from], ['@claude-session-id', sessionId], ['@claude-config-dir', config], ['@claude-event-seq', '7'], ['@claude-event-at', '1']]) {
          server.tmux('set-option', '-p', '-t', pane, name as string, value as string);
        }
        if (from === 'waiting') server.tmux('set-option', '-p', '-t', pane, '@claude-waiting-reason', 'permission: Bash');
        // A dead process: a pid that no longer runs.
        const filePid = status === 'dead' ? deadPid() : pid;
        sessionFile(filePid, sessionId, status === 'dead' ? 'idle' : status);
        const target = status === 'dead' ? undefined : reconcileTarget(from, status as (typeof SESSION_FILES.statuses)[number]);
        const to = target ?? from;
        const reason = to === 'waiting' ? (target === 'waiting' ? 'permission prompt' : 'permission: Bash') : '';
        cases.push({ pane, from, status, expected: `${to}|${reason}` });
      }
    }
    // One working event starts the reconciler (its own pane agrees with its file).
    const { pane: starter, pid } = agentPane();
    sessionFile(pid, 'starter', 'busy', Date.now() + 60_000);
    hook(starter, { session_id: 'starter', transcript_path: '/t', cwd: '/p', hook_event_name: 'UserPromptSubmit', prompt: 'go' });
    const show = () => cases.map((c) => `${c.from}+${c.status} -> ${state(c.pane)}`);
    const expected = cases.map((c) => `${c.from}+${c.status} -> ${c.expected}`);
    const final = await waitFor(show, (value) => value.join() === expected.join(), 50);
    await sleep(1000); // and nothing else moves a tick later
    expect(show()).toEqual(expected);
    expect(final).toEqual(expected);
    for (const c of cases) server.tryTmux('kill-pane', '-t', c.pane);
    server.tryTmux('kill-pane', '-t', starter);
  });
});

// A pid that runs nothing (a process that has exited).
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}
