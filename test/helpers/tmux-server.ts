// A private tmux server per test file: its own socket in a temp folder, no config, a plain
// shell, a fixed size, and TMUX unset so nothing reaches the developer's own server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxClient } from '../../src/tmux/index.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface TestServer {
  readonly dir: string;
  readonly socket: string;
  readonly client: TmuxClient;
  /** Run tmux on this server; returns stdout, throws with stderr on failure. */
  tmux(...args: string[]): string;
  /** Like tmux() but never throws: { status, stdout, stderr }. */
  tryTmux(...args: string[]): { status: number; stdout: string; stderr: string };
  /** Create a detached session (120x40, plain sh) in dir (default: the temp folder). */
  newSession(name: string, dir?: string): void;
  /** Kill the server and remove the temp folder. */
  stop(): void;
  /** The server's log (startTestServer({ log: true })), '' without one. */
  serverLog(): string;
}

// The environment for anything a test runs: TMUX unset, a quiet shell.
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['TMUX'];
  delete env['TMUX_PANE'];
  return env;
}

// Start a server with one placeholder session (tmux exits when it has none). With log, the
// server logs (tmux -v) into its folder: serverLog() reads it, e.g. for the jobs it started.
export function startTestServer(options: { readonly log?: boolean } = {}): TestServer {
  const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-test-'));
  const socket = join(dir, 'tmux.sock');
  delete process.env['TMUX'];
  delete process.env['TMUX_PANE'];
  const run = (args: string[]) => {
    const result = spawnSync('tmux', ['-u', '-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: testEnv() });
    return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  };
  const tmux = (...args: string[]) => {
    const result = run(args);
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  const server: TestServer = {
    dir,
    socket,
    client: new TmuxClient({ server: { socketPath: socket } }),
    tmux,
    tryTmux: (...args) => run(args),
    newSession: (name, cwd = dir) => {
      tmux('new-session', '-d', '-s', name.replaceAll('#', '##'), '-x', '120', '-y', '40', '-c', cwd);
    },
    serverLog: () => {
      const log = readdirSync(dir).find((name) => /^tmux-server-\d+\.log$/.test(name));
      return log === undefined ? '' : readFileSync(join(dir, log), 'utf8');
    },
    stop: () => {
      const panes = paneProcesses(run(['list-panes', '-a', '-F', '#{pane_pid}']).stdout);
      endProcesses(serverJobs(serverProcess));
      run(['kill-server']);
      // Hung up, a pane's program may still write into the test's folders or its HOME (vim
      // its .viminfo) as they are removed: wait for each to go.
      waitForProcessesToEnd(panes);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const start = ['new-session', '-d', '-P', '-F', '#{pid}', '-s', 'placeholder', '-x', '120', '-y', '40', '-c', dir];
  const started = options.log
    ? spawnSync('tmux', ['-v', '-u', '-S', socket, '-f', '/dev/null', ...start], { encoding: 'utf8', env: testEnv(), cwd: dir })
    : { status: 0, stdout: tmux(...start), stderr: '' };
  if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`);
  const serverProcess = processStamp(Number(started.stdout));
  tmux('set-option', '-g', 'default-command', 'sh');
  tmux('set-option', '-g', 'default-size', '120x40');
  tmux('set-option', '-g', 'exit-empty', 'off');
  return server;
}

// A process by its PID and start time, so that a reused PID is not taken for it.
export interface ProcessStamp {
  readonly pid: number;
  readonly started: string;
}

// The process with this PID, stamped with its start time (undefined when there is none).
export function processStamp(pid: number): ProcessStamp | undefined {
  const started = statFields(pid)?.started;
  return started === undefined ? undefined : { pid, started };
}

// The run-shell jobs a tmux server started (hooks running the CLI) and their children: they
// outlive kill-server and can go on writing into the test's folders. Panes are left out: they
// have a terminal, which closes with the server (whose exit itself takes ~1.4 s, not waited
// for). Linux only (/proc); elsewhere none.
export function serverJobs(server: ProcessStamp | undefined): ProcessStamp[] {
  if (server === undefined || statFields(server.pid)?.started !== server.started) return [];
  const found: ProcessStamp[] = [];
  const queue = [server.pid];
  while (queue.length > 0 && found.length < 10_000) {
    const pid = queue.shift() ?? 0;
    for (const child of childrenOf(pid)) {
      const fields = statFields(child);
      if (fields === undefined || fields.hasTerminal) continue;
      found.push({ pid: child, started: fields.started });
      queue.push(child);
    }
  }
  return found;
}

// The processes of the panes whose PIDs are listed one a line, and every process under them.
export function paneProcesses(pids: string): ProcessStamp[] {
  const found: ProcessStamp[] = [];
  const queue = pids.split('\n').filter(Boolean).map(Number);
  while (queue.length > 0 && found.length < 10_000) {
    const pid = queue.shift() ?? 0;
    const stamp = processStamp(pid);
    if (stamp === undefined) continue;
    found.push(stamp);
    queue.push(...childrenOf(pid));
  }
  return found;
}

// Wait (at most 5 s) until none of PROCESSES runs any more (a zombie runs nothing: its
// parent, the dying server, reaps it only as it exits).
export function waitForProcessesToEnd(processes: readonly ProcessStamp[]): void {
  const running = () =>
    processes.some((process) => {
      const fields = statFields(process.pid);
      return fields?.started === process.started && fields.state !== 'Z';
    });
  for (let tries = 0; tries < 250 && running(); tries++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

// Kill PROCESSES (once the test is over, what a hook job was doing is of no use) and wait
// until they are gone.
export function endProcesses(processes: readonly ProcessStamp[]): void {
  for (const process of processes) {
    if (statFields(process.pid)?.started !== process.started) continue;
    try {
      globalThis.process.kill(process.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  waitForProcessesToEnd(processes);
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

// From /proc/PID/stat: the state (field 3), whether the process has a controlling terminal
// (field 7) and its start time (field 22); undefined when the process is gone.
function statFields(pid: number): { state: string; hasTerminal: boolean; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', hasTerminal: fields[4] !== '0', started: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
