// A private tmux server per test file: its own socket in a temp folder, no config, a plain
// shell, a fixed size, and TMUX unset so nothing reaches the developer's own server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
}

// The environment for anything a test runs: TMUX unset, a quiet shell.
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['TMUX'];
  delete env['TMUX_PANE'];
  return env;
}

// Start a server with one placeholder session (tmux exits when it has none).
export function startTestServer(): TestServer {
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
    stop: () => {
      run(['kill-server']);
      waitForServerProcesses(socket);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  tmux('new-session', '-d', '-s', 'placeholder', '-x', '120', '-y', '40', '-c', dir);
  tmux('set-option', '-g', 'default-command', 'sh');
  tmux('set-option', '-g', 'default-size', '120x40');
  tmux('set-option', '-g', 'exit-empty', 'off');
  return server;
}

// Wait (at most 5 s) until nothing the server on SOCKET started still runs: after kill-server
// its run-shell jobs (hooks running the CLI) can go on writing into the test's folders.
// Linux only (/proc); elsewhere it returns at once.
export function waitForServerProcesses(socket: string): void {
  if (!existsSync('/proc/self/environ')) return;
  const entry = `TMUX=${socket},`;
  for (let tries = 0; tries < 250 && anyProcessWith(entry); tries++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

function anyProcessWith(entry: string): boolean {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').some((variable) => variable.startsWith(entry))) return true;
    } catch {
      // gone, or not ours to read
    }
  }
  return false;
}
