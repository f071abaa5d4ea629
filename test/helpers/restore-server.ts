// A private tmux server for restore tests. Unlike startTestServer it may not be running yet:
// a restore that finds no server starts one itself, so the server's settings live in a
// config file that a tmux wrapper (also given to the CLI as CLAUDE_SESSIONS_TMUX) loads.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxClient } from '../../src/tmux/index.ts';
import { endProcesses, paneProcesses, processStamp, serverJobs, testEnv, waitForProcessesToEnd } from './tmux-server.ts';
import { waitFor } from './wait.ts';

// The shell the fixtures were made with: no rc files (root's .bashrc hangs here), named `bash`.
export const FIXTURE_SHELL = 'bash --norc --noprofile';

// The -F formats of test/resurrect/fixtures/resurrect/README.md.
export const SESSION_FORMAT = '#{session_name}\t#{session_group}\t#{session_windows}';
export const WINDOW_FORMAT = '#{session_name}\t#{window_index}\t#{window_name}\t#{window_active}\t#{window_flags}\t#{window_layout}\t#{window_zoomed_flag}';
export const PANE_FORMAT = '#{session_name}\t#{window_index}\t#{pane_index}\t#{pane_current_path}\t#{pane_active}\t#{pane_current_command}\t#{pane_title}';

export interface RestoreServer {
  readonly dir: string;
  readonly socket: string;
  /** The save folder (@resurrect-dir in the config). */
  readonly saves: string;
  /** A tmux that loads the config when it starts a server. */
  readonly binary: string;
  readonly client: TmuxClient;
  /** Run tmux on this server; returns stdout, throws with stderr on failure. */
  tmux(...args: string[]): string;
  tryTmux(...args: string[]): { status: number; stdout: string; stderr: string };
  /** Start the server with one untouched shell session (tmux's own name `0` unless given). */
  start(name?: string): Promise<void>;
  /** True when a server answers on the socket. */
  running(): boolean;
  /** Attach a control-mode client to a session; it stays attached until the server goes. */
  attachControlClient(session: string): Promise<string>;
  /** Kill the server (if any) and wait until it is gone; the folder stays for the next start. */
  kill(): void;
  /** Kill the server and remove the folder. */
  stop(): void;
}

// A server folder with config and wrapper; nothing runs until start() or a restore.
export function restoreTestServer(config: readonly string[] = []): RestoreServer {
  const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-restore-'));
  const socket = join(dir, 'tmux.sock');
  const saves = join(dir, 'saves');
  const configFile = join(dir, 'tmux.conf');
  const lines = [`set -g default-command "${FIXTURE_SHELL}"`, `set -g @resurrect-dir "${saves}"`, ...config];
  writeFileSync(configFile, `${lines.join('\n')}\n`);
  const binary = join(dir, 'tmux');
  writeFileSync(binary, `#!/bin/sh\nexec tmux -f '${configFile}' "$@"\n`);
  chmodSync(binary, 0o755);
  delete process.env['TMUX'];
  delete process.env['TMUX_PANE'];
  const clients: ChildProcess[] = [];
  const run = (args: string[]) => {
    const result = spawnSync('tmux', ['-u', '-S', socket, '-f', configFile, ...args], { encoding: 'utf8', env: testEnv() });
    return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  };
  const tmux = (...args: string[]) => {
    const result = run(args);
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  // The server's run-shell jobs (see serverJobs), found through its PID.
  const jobs = () => {
    const pid = run(['display-message', '-p', '#{pid}']);
    return pid.status === 0 ? serverJobs(processStamp(Number(pid.stdout))) : [];
  };
  // kill-server returns before the server is gone; a client started meanwhile reaches the dying one.
  // The panes' programs, hung up, may still write (a shell its history) into the test's
  // folders: waited for too.
  const kill = () => {
    for (const client of clients.splice(0)) client.kill();
    const started = [...jobs(), ...paneProcesses(run(['list-panes', '-a', '-F', '#{pane_pid}']).stdout)];
    run(['kill-server']);
    for (let tries = 0; tries < 250 && !/no server running|error connecting/.test(run(['list-sessions']).stderr); tries++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    waitForProcessesToEnd(started);
  };
  return {
    dir,
    socket,
    saves,
    binary,
    client: new TmuxClient({ server: { socketPath: socket }, binary }),
    tmux,
    tryTmux: (...args) => run(args),
    start: async (name) => {
      tmux('new-session', '-d', ...(name === undefined ? [] : ['-s', name]), '-c', dir);
      // Untouched means its shell is up: the pane runs bash, not the starting process.
      await waitFor(
        () => tmux('list-panes', '-a', '-F', '#{pane_current_command}').trim(),
        (command) => command === 'bash',
      );
    },
    running: () => run(['list-sessions']).status === 0,
    attachControlClient: async (session) => {
      const child = spawn(binary, ['-S', socket, '-C', 'attach', '-t', `=${session}:`], { env: testEnv(), stdio: ['pipe', 'ignore', 'ignore'] });
      clients.push(child);
      const names = await waitFor(
        () => run(['list-clients', '-F', '#{client_name}']).stdout.trim(),
        (text) => text !== '',
      );
      if (names === '') throw new Error(`control client did not attach to ${session}`);
      return names.split('\n')[0] ?? '';
    },
    kill,
    stop: () => {
      endProcesses(jobs());
      kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Private XDG state and data folders for this test file, so nothing touches the real home.
export function privateXdgFolders(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'claude-sessions-xdg-'));
  const saved = { state: process.env['XDG_STATE_HOME'], data: process.env['XDG_DATA_HOME'] };
  mkdirSync(join(root, 'state'));
  mkdirSync(join(root, 'data'));
  process.env['XDG_STATE_HOME'] = join(root, 'state');
  process.env['XDG_DATA_HOME'] = join(root, 'data');
  return () => {
    for (const [key, value] of [['XDG_STATE_HOME', saved.state], ['XDG_DATA_HOME', saved.data]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(root, { recursive: true, force: true });
  };
}

// tmux's answer to a list command with -F, one line per item, in tmux's order.
export function listed(server: RestoreServer, command: string, format: string, ...flags: string[]): string[] {
  return server.tmux(command, ...flags, '-F', format).split('\n').filter((line) => line !== '');
}

// Every pane's shell up and every automatically named window named after its program.
export async function namesSettled(server: RestoreServer): Promise<void> {
  const read = () => listed(server, 'list-panes', '#{automatic-rename}|#{window_name}|#{pane_current_command}|#{pane_active}', '-a');
  const settledLine = (line: string) => {
    const [automatic, name, command, active] = line.split('|');
    return command !== 'tmux' && (automatic !== '1' || active !== '1' || name === command);
  };
  await waitFor(read, (lines) => lines.every(settledLine));
}

// For a test file: private XDG folders for the whole file, and a maker of servers that are
// stopped after each test.
export function restoreServersPerTest(): (config?: readonly string[]) => RestoreServer {
  let restoreXdg: () => void = () => {};
  beforeAll(() => {
    restoreXdg = privateXdgFolders();
  });
  afterAll(() => restoreXdg());
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });
  return (config = []) => {
    const server = restoreTestServer(config);
    stops.push(() => server.stop());
    return server;
  };
}
