// The lane against the real Claude Code (npm run test:claude; not part of npm test). One real
// agent, started by the plugin's own workspace command in a private tmux server, answered by
// the local Messages API stand-in (messages-standin.mjs), driven with keys; every step asserts
// what tmux reports for its pane. A recording hook keeps every hook payload Claude Code sent;
// the last test compares their shapes with recorded-hook-payloads.json.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_CHECKED_VERSION, CLAUDE_HOOK_EVENTS, RECONCILE_OPTIONS, SESSION_FILES } from '../../src/agents/claude-contract.ts';
import { shellQuote } from '../../src/util/shell-words.ts';
import { REAL_PATH_VARIABLE } from '../helpers/test-run.mjs';
import { restoreTestServer, type RestoreServer } from '../helpers/restore-server.ts';
import { endProcesses, processStamp, REPO_ROOT, testEnv, type ProcessStamp } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';
import { CLAUDE_CODE_VERSION } from './install.mjs';
import { readRecordedPayloads, shapeDifferences, shapesOf, writeRecordedPayloads } from './payload-shapes.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const API_KEY = 'sk-ant-standin-0123456789abcdefghij';
const CLI = join(REPO_ROOT, 'scripts', 'claude-sessions');
const STANDIN = join(import.meta.dirname, 'messages-standin.mjs');
const RECORDER = join(import.meta.dirname, 'record-hook.sh');
// The issue's bound for the state to follow Claude Code after an Esc or a denied permission.
const CONVERGE_MS = 2000;

// `claude` on the PATH the run started with: the lane's globalSetup (install.mjs) put the
// pinned one first there; the test frame hides it from every other test.
function realClaude(): string {
  for (const dir of (process.env[REAL_PATH_VARIABLE] ?? '').split(delimiter)) {
    const candidate = join(dir, 'claude');
    if (dir !== '' && existsSync(candidate)) {
      const version = JSON.parse(readFileSync(join(dirname(realpathSync(candidate)), 'package.json'), 'utf8')).version;
      if (version !== CLAUDE_CODE_VERSION) throw new Error(`${candidate} is Claude Code ${version}, not the pinned ${CLAUDE_CODE_VERSION}: run the lane with npm run test:claude`);
      return candidate;
    }
  }
  throw new Error(`no claude on $${REAL_PATH_VARIABLE}: run the lane with npm run test:claude, which installs it`);
}

interface Pane {
  readonly id: string;
  readonly state: string;
  readonly reason: string;
  readonly sessionId: string;
  readonly pid: number;
}

describe('one real Claude Code agent in a workspace (real tmux, real claude, stand-in API)', () => {
  let claude: string;
  let home: string;
  let project: string;
  let payloads: string;
  let standin: ChildProcess | undefined;
  let standinUrl: string;
  let server: RestoreServer;
  let pane = '';
  let sessionId = '';
  // Every claude process seen: killed at the end, so none writes into the home being removed.
  const claudes: ProcessStamp[] = [];
  const savedEnv: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string) => {
    if (!(name in savedEnv)) savedEnv[name] = process.env[name];
    process.env[name] = value;
  };

  beforeAll(async () => {
    claude = realClaude();
    // The file's private HOME (test/helpers/private-home.ts) is the real CLI's home too.
    home = realpathSync(process.env['HOME'] ?? '');
    project = join(home, 'lane-project');
    payloads = join(home, 'hook-payloads');
    for (const dir of [project, payloads, join(home, '.claude'), join(home, 'tmp')]) mkdirSync(dir, { recursive: true });
    // Onboarding, the auto-mode offer, folder trust and the API key already accepted.
    writeFileSync(
      join(home, '.claude.json'),
      JSON.stringify({
        hasCompletedOnboarding: true,
        hasSeenAutoDefaultNudge: true,
        theme: 'dark',
        customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] },
        projects: { [project]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
      }),
    );
    // Permission prompts asked (2.1.332 defaults to auto mode), and every event recorded.
    const record = [{ hooks: [{ type: 'command', command: `${shellQuote(RECORDER)} ${shellQuote(payloads)}` }] }];
    writeFileSync(
      join(home, '.claude', 'settings.json'),
      JSON.stringify({ permissions: { defaultMode: 'default' }, hooks: Object.fromEntries(CLAUDE_HOOK_EVENTS.map((event) => [event, record])) }),
    );

    const urlFile = join(home, 'standin-url');
    standin = spawn(process.execPath, [STANDIN, urlFile], { stdio: 'ignore' });
    standinUrl = (await waitFor(() => (existsSync(urlFile) ? readFileSync(urlFile, 'utf8') : ''), (url) => url !== '')).trim();
    if (standinUrl === '') throw new Error('the Messages API stand-in did not start');

    // The server, its panes and hooks inherit this: the real claude first on PATH, never an
    // update, the stand-in as the API, a temp folder inside the private home.
    setEnv('PATH', `${dirname(claude)}${delimiter}${process.env['PATH'] ?? ''}`);
    setEnv('DISABLE_AUTOUPDATER', '1');
    setEnv('CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', '1');
    setEnv('ANTHROPIC_API_KEY', API_KEY);
    setEnv('ANTHROPIC_BASE_URL', standinUrl);
    server = restoreTestServer([
      'set -g default-size 120x40',
      `set -g @claude-sessions-claude-command ${shellQuote(claude)}`,
      `run-shell ${shellQuote(join(REPO_ROOT, 'claude-sessions.tmux'))}`,
    ]);
    setEnv('TMPDIR', join(home, 'tmp'));
    await server.start('placeholder');
  }, 60_000);

  afterAll(() => {
    server?.stop();
    endProcesses(claudes);
    standin?.kill();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  // The plugin's CLI as a user runs it (the shim and the bundle).
  const cs = (...args: string[]) => {
    const result = spawnSync(CLI, ['-S', server.socket, ...args], { encoding: 'utf8', env: testEnv({ CLAUDE_SESSIONS_TMUX: server.binary }), timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const agentPanes = (): Pane[] =>
    server
      .tmux('list-panes', '-a', '-F', '#{session_name}|#{pane_id}|#{@claude-state}|#{@claude-waiting-reason}|#{@claude-session-id}|#{pane_pid}')
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .filter(([session, , state, , id]) => session?.startsWith('claude-dev-') && (state !== '' || id !== ''))
      .map(([, id, state, reason, session, pid]) => ({ id: id ?? '', state: state ?? '', reason: reason ?? '', sessionId: session ?? '', pid: Number(pid) }));
  // The current pane's agent, read from the pane itself (a workspace pane or one started by hand).
  const agent = (): Pane => {
    const read = server.tryTmux('display-message', '-p', '-t', pane, '#{@claude-state}|#{@claude-waiting-reason}|#{@claude-session-id}|#{pane_pid}');
    if (read.status !== 0 || pane === '') return { id: pane, state: '(no pane)', reason: '', sessionId: '', pid: 0 };
    const [state = '', reason = '', id = '', pid = ''] = read.stdout.trim().split('|');
    return { id: pane, state, reason, sessionId: id, pid: Number(pid) };
  };
  const screen = () => server.tryTmux('capture-pane', '-p', '-t', pane).stdout;
  // Generous bounds for ordinary steps: this is not a timing test.
  const until = <T>(read: () => T, done: (value: T) => boolean, ms = 60_000) => waitFor(read, done, Math.ceil(ms / 100), 100);
  // Claude Code's own view of itself: its per-process file (status busy | shell | idle | waiting).
  const claudeStatus = () => {
    try {
      const dir = join(home, '.claude', 'sessions');
      const own = readdirSync(dir)
        .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { sessionId?: string; status?: string; waitingFor?: string })
        .find((entry) => entry.sessionId === sessionId);
      return own === undefined ? '(none)' : `${own.status ?? '?'}${own.waitingFor ? ` (${own.waitingFor})` : ''}`;
    } catch {
      return '(none)';
    }
  };
  // Claude Code's session file for our conversation (the reconcile's source), parsed.
  const sessionFile = (): Record<string, unknown> | undefined => {
    const dir = join(home, '.claude', SESSION_FILES.folder);
    for (const name of existsSync(dir) ? readdirSync(dir).filter((entry) => entry.endsWith('.json')) : []) {
      try {
        const entry = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
        if (entry['sessionId'] === sessionId) return entry;
      } catch {
        // being replaced
      }
    }
    return undefined;
  };
  // Reconcilers the server runs (scripts/claude-reconcile), by their command lines.
  const reconcilers = () =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          // The script itself (`sh SCRIPT`), not the `sh -c 'SCRIPT … || true'` run-shell wraps it in.
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(join(REPO_ROOT, 'scripts', 'claude-reconcile'));
        } catch {
          return false;
        }
      });
  const beat = () => server.tryTmux('show-options', '-gqv', RECONCILE_OPTIONS.beat).stdout.trim();
  // The payloads the recording hook stored (all of them, or only those not in `before`).
  const recordedFiles = () => readdirSync(payloads).filter((name) => name.endsWith('.json'));
  const recorded = (before: ReadonlySet<string> = new Set()): Record<string, unknown>[] =>
    recordedFiles()
      .filter((name) => !before.has(name))
      .flatMap((name) => {
        try {
          return [JSON.parse(readFileSync(join(payloads, name), 'utf8')) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  // Type a prompt, wait until Claude's input box shows it, then press Enter.
  const prompt = async (text: string) => {
    server.tmux('send-keys', '-t', pane, '-l', text);
    await until(screen, (shown) => shown.includes(text), 20_000);
    server.tmux('send-keys', '-t', pane, 'Enter');
  };
  const release = () => fetch(`${standinUrl}/standin/release`, { method: 'POST' }).then((response) => response.text());
  // Poll the pane's state from a key press until it is not `state` or CONVERGE_MS has passed.
  const stateAfterKey = async (key: string, state: string) => {
    server.tmux('send-keys', '-t', pane, key);
    const deadline = Date.now() + CONVERGE_MS;
    let seen = agent().state;
    while (seen === state && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = agent().state;
    }
    // How long it took, for the record (the assertion is the deadline, not this number).
    process.stdout.write(`test:claude: ${key} -> ${seen} after ${CONVERGE_MS - (deadline - Date.now())} ms (bound ${CONVERGE_MS} ms)\n`);
    return seen;
  };
  // The argv of the claude process under the pane's shell (`claude` or a path to it).
  const claudeArgv = (shellPid: number): string[] | undefined => {
    const queue = [shellPid];
    while (queue.length > 0) {
      const pid = queue.shift() ?? 0;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (basename(argv[0] ?? '') === 'claude') {
        const stamp = processStamp(pid);
        if (stamp !== undefined) claudes.push(stamp);
        return argv;
      }
      try {
        queue.push(...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      } catch {
        // gone
      }
    }
    return undefined;
  };

  it('a new workspace starts the real claude, which reports idle with its session id', async () => {
    const created = cs('new', project, '--template', 'generic', '--detach');
    expect(created, created.stderr).toMatchObject({ code: 0 });
    const started = await until(agentPanes, (panes) => panes.some((candidate) => candidate.state === 'idle' && UUID.test(candidate.sessionId)));
    expect(started.map(({ state }) => state)).toEqual(['idle']);
    pane = started[0]?.id ?? '';
    sessionId = started[0]?.sessionId ?? '';
    const argv = claudeArgv(started[0]?.pid ?? 0);
    // Started by @claude-sessions-claude-command (the binary's path), not a `claude` found on PATH.
    expect(argv?.[0]).toBe(claude);
    expect(argv?.slice(1, 3)).toEqual(['--session-id', sessionId]);
    expect(CLAUDE_CODE_VERSION).toBe(CLAUDE_CHECKED_VERSION);
  });

  it('a prompt makes it working, and the reply makes it idle', async () => {
    await until(screen, (shown) => shown.includes('❯'), 30_000);
    await prompt('Say hello, HOLD');
    expect((await until(agent, ({ state }) => state !== 'idle')).state).toBe('working');
    await release();
    expect(await until(agent, ({ state }) => state !== 'working')).toMatchObject({ state: 'idle', reason: '' });
    // With no agent working or waiting, no reconciler runs and its heartbeat is gone.
    expect(await until(() => [reconcilers().length, beat()], ([count, heartbeat]) => count === 0 && heartbeat === '', 10_000)).toEqual([0, '']);
  });

  it('a tool that needs permission makes it waiting, naming the tool', async () => {
    await prompt('RUN_TOOL now');
    expect(await until(agent, ({ state }) => state === 'waiting')).toMatchObject({ state: 'waiting', reason: 'permission: Bash' });
    await until(screen, (shown) => shown.includes('Do you want to proceed?'), 20_000);
    // The reconcile's source, as the contract describes it: the file of this conversation says waiting.
    const file = await until(sessionFile, (entry) => entry?.['status'] === 'waiting', 10_000);
    expect(Object.keys(file ?? {})).toEqual(expect.arrayContaining([...SESSION_FILES.fields]));
    expect(file).toMatchObject({ version: CLAUDE_CODE_VERSION, status: 'waiting', waitingFor: 'permission prompt', statusUpdatedAt: expect.any(Number), pid: expect.any(Number) });
    // While an agent waits, exactly one reconciler runs, started by our hook.
    expect(await until(reconcilers, (running) => running.length === 1, 10_000)).toHaveLength(1);
    // Claude Code's own permission_prompt notification (~6 s later), so the record holds it.
    await until(recorded, (all) => all.some((payload) => payload['notification_type'] === 'permission_prompt'), 30_000);
  });

  it('denying the permission (Esc) ends waiting within 2 s', async () => {
    const state = await stateAfterKey('Escape', 'waiting');
    expect(state, `Claude Code's own status: ${claudeStatus()}`).not.toBe('waiting');
    expect(existsSync(join(project, 'standin-tool-ran'))).toBe(false);
  });

  it('Esc during a streamed reply ends working within 2 s', async () => {
    await until(screen, (shown) => shown.includes('Interrupted'), 20_000);
    await prompt('SLOW reply please');
    await until(screen, (shown) => shown.includes('word3'), 30_000);
    expect(agent().state).toBe('working');
    const state = await stateAfterKey('Escape', 'working');
    expect(state, `Claude Code's own status: ${claudeStatus()}`).not.toBe('working');
  });

  it('approving the permission (Enter on "Yes") runs the tool: working, then idle', async () => {
    await prompt('RUN_TOOL and HOLD the answer');
    expect(await until(agent, ({ state, reason }) => state === 'waiting' && reason === 'permission: Bash')).toMatchObject({ state: 'waiting', reason: 'permission: Bash' });
    await until(screen, (shown) => /❯ 1\. Yes/.test(shown), 20_000);
    // Claude Code ignores keys for a moment after a dialog appears: press again until it goes.
    for (let tries = 0; tries < 10 && /Do you want to proceed\?/.test(screen()); tries++) {
      server.tmux('send-keys', '-t', pane, 'Enter');
      await until(screen, (shown) => !/Do you want to proceed\?/.test(shown), 2_000);
    }
    // The answer after the tool's result is held by the stand-in until released.
    expect((await until(agent, ({ state }) => state !== 'waiting')).state).toBe('working');
    expect(existsSync(join(project, 'standin-tool-ran'))).toBe(true);
    await release();
    expect((await until(agent, ({ state }) => state !== 'working')).state).toBe('idle');
  });

  it('a question to the user (AskUserQuestion) shows waiting (question) until it is answered', async () => {
    await prompt('ASK_USER please');
    expect(await until(agent, ({ state }) => state === 'waiting')).toMatchObject({ state: 'waiting', reason: 'question' });
    await until(screen, (shown) => shown.includes('Which colour should the marker be?'), 20_000);
    // Claude Code's own view agrees (waiting, input needed), so the reconcile leaves the pane as it is.
    expect(await until(sessionFile, (entry) => entry?.['status'] === 'waiting', 10_000)).toMatchObject({ status: 'waiting', waitingFor: 'input needed' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(agent()).toMatchObject({ state: 'waiting', reason: 'question' });
    // Enter picks the first answer (pressed again while the dialog still ignores keys).
    for (let tries = 0; tries < 10 && screen().includes('Which colour should the marker be?'); tries++) {
      server.tmux('send-keys', '-t', pane, 'Enter');
      await until(screen, (shown) => !shown.includes('Enter to select'), 2_000);
    }
    expect((await until(agent, ({ state }) => state !== 'waiting' && state !== 'working')).state).toBe('idle');
  });

  it('a turn the API refuses shows error', async () => {
    await prompt('FAIL_TURN here');
    expect((await until(agent, ({ state }) => state !== 'idle' && state !== 'working')).state).toBe('error');
  });

  it('save, kill-server and restore bring back the same conversation in a real claude', async () => {
    expect(cs('save')).toMatchObject({ code: 0 });
    server.kill();
    const before = new Set(recordedFiles());
    const restored = cs('restore');
    expect(restored, restored.stderr).toMatchObject({ code: 0 });
    // The restored claude's own SessionStart (source resume) reached the recorder and the pane.
    const resumed = await until(
      () => recorded(before).filter((payload) => payload['hook_event_name'] === 'SessionStart'),
      (starts) => starts.length > 0,
    );
    const shown = () =>
      server
        .tryTmux('list-panes', '-a', '-F', '#{pane_id}')
        .stdout.split('\n')
        .filter(Boolean)
        .map((id) => `${id}:\n${server.tryTmux('capture-pane', '-p', '-t', id).stdout.trim()}`)
        .join('\n---\n');
    expect(resumed.map((payload) => [payload['session_id'], payload['source']]), `restore: ${restored.stdout}${restored.stderr}\npanes: ${shown()}`).toEqual([[sessionId, 'resume']]);
    const panes = await until(agentPanes, (all) => all.some(({ state }) => state === 'idle'));
    expect(panes.map(({ state, sessionId: id }) => [state, id])).toEqual([['idle', sessionId]]);
    pane = panes[0]?.id ?? '';
    const argv = claudeArgv(panes[0]?.pid ?? 0) ?? [];
    // Restored with @claude-sessions-claude-command too, resuming the same conversation.
    expect(argv[0]).toBe(claude);
    expect(argv[argv.indexOf('--resume') + 1]).toBe(sessionId);
  });

  it('/exit ends the agent: exited', async () => {
    await until(screen, (shown) => shown.includes('❯'), 30_000);
    await prompt('/exit');
    expect((await until(agent, ({ state }) => state === 'exited', 30_000)).state).toBe('exited');
    // Claude Code removes its session file when it ends.
    expect(await until(sessionFile, (entry) => entry === undefined, 10_000)).toBeUndefined();
  });

  it('an agent started by hand after `hooks install` reports its state and converges after a denial too', async () => {
    const installed = cs('hooks', 'install');
    expect(installed, installed.stderr).toMatchObject({ code: 0 });
    // `claude` typed at a shell, outside any workspace: only the installed user-level hooks report it.
    pane = server.tmux('new-session', '-d', '-P', '-F', '#{pane_id}', '-s', 'by-hand', '-c', project).trim();
    await until(screen, (shown) => shown.trim() !== '', 10_000);
    server.tmux('send-keys', '-t', pane, '-l', 'claude');
    server.tmux('send-keys', '-t', pane, 'Enter');
    const started = await until(agent, ({ state, sessionId: id }) => state === 'idle' && UUID.test(id));
    expect(started.state).toBe('idle');
    sessionId = started.sessionId;
    await until(screen, (shown) => shown.includes('❯'), 30_000);
    await prompt('RUN_TOOL by hand');
    expect(await until(agent, ({ state }) => state === 'waiting')).toMatchObject({ state: 'waiting', reason: 'permission: Bash' });
    await until(screen, (shown) => shown.includes('Do you want to proceed?'), 20_000);
    const state = await stateAfterKey('Escape', 'waiting');
    expect(state, `Claude Code's own status: ${claudeStatus()}`).not.toBe('waiting');
    await prompt('/exit');
    expect((await until(agent, ({ state: now }) => now === 'exited', 30_000)).state).toBe('exited');
    expect(cs('hooks', 'uninstall')).toMatchObject({ code: 0 });
  });

  it('the hook payloads have the shapes recorded in recorded-hook-payloads.json', () => {
    const seen = shapesOf(recorded());
    if (process.env['RECORD_HOOK_PAYLOADS'] === '1') writeRecordedPayloads(CLAUDE_CODE_VERSION, seen);
    const record = readRecordedPayloads();
    expect(record.claudeCodeVersion).toBe(CLAUDE_CODE_VERSION);
    const events = [...new Set([...Object.keys(record.events), ...Object.keys(seen)])].sort();
    expect(shapeDifferences(record.events, seen, events), `refresh with: ${record.howToRefresh}`).toEqual([]);
  });
});
