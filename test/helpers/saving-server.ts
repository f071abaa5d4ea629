// A private server that the built CLI (dist/) saves and restores as a user runs it: saves go
// to SERVER_DIR/saves (@resurrect-dir), and the CLI gets a HOME of its own, whose .tmux.conf
// is what a server started by `restore` loads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, run, type Finished } from './resurrect-peer.ts';
import { settled } from './settled.ts';
import { startTestServer, testEnv, type TestServer } from './tmux-server.ts';

export interface SavingServer {
  readonly server: TestServer;
  /** The save folder. */
  readonly dir: string;
  /** The CLI's environment: private HOME and XDG folders. */
  readonly env: NodeJS.ProcessEnv;
  /** Run `node dist/claude-sessions.cjs -S SOCKET ARGS...`. */
  cli(...args: string[]): Promise<Finished>;
  /** The same, run in folder `cwd`. */
  cliIn(cwd: string, ...args: string[]): Promise<Finished>;
  /** The argv of that command, for running it elsewhere (a mount namespace). */
  cliArgv(...args: string[]): string[];
  /** Kill the server and wait until it has gone (the folder stays). */
  kill(): void;
  /** The server's session names, sorted. */
  sessions(): string[];
}

// Sessions `main` (one pane) and `alpha`, `beta`, `gamma` (two panes each), settled; the
// server is stopped by the caller's `stops`. `settings` are more global options.
export async function startSavingServer(stops: (() => void)[], settings: readonly (readonly [string, string])[] = []): Promise<SavingServer> {
  const { server, dir, env } = startEmptySavingServer(stops, settings);
  server.newSession('main');
  for (const name of ['alpha', 'beta', 'gamma']) {
    server.newSession(name);
    server.tmux('split-window', '-t', `=${name}:0`);
  }
  server.tmux('kill-session', '-t', '=placeholder:');
  await settled(server);
  const cliArgv = (...args: string[]) => [process.execPath, CLI, '-S', server.socket, ...args];
  return {
    server,
    dir,
    env,
    cli: (...args) => run(process.execPath, cliArgv(...args).slice(1), env),
    cliIn: (cwd, ...args) => run(process.execPath, cliArgv(...args).slice(1), env, cwd),
    cliArgv,
    kill: () => {
      server.tmux('kill-server');
      // kill-server returns before the server has gone; a client meanwhile reaches the dying one.
      for (let tries = 0; tries < 250 && !/no server running|error connecting/.test(server.tryTmux('list-sessions').stderr); tries++) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    },
    sessions: () => server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort(),
  };
}

// The same server with only its placeholder session: the save folder and the CLI's
// environment (private HOME, whose .tmux.conf holds `settings` too, and XDG folders).
export function startEmptySavingServer(stops: (() => void)[], settings: readonly (readonly [string, string])[] = []): { server: TestServer; dir: string; env: NodeJS.ProcessEnv } {
  const server = startTestServer();
  stops.push(() => server.stop());
  const dir = join(server.dir, 'saves');
  const home = join(server.dir, 'home');
  mkdirSync(home);
  const all = [['default-command', 'sh'], ['default-size', '120x40'], ['exit-empty', 'off'], ['@resurrect-dir', dir], ...settings];
  writeFileSync(join(home, '.tmux.conf'), all.map(([name, value]) => `set-option -g ${name} '${value}'\n`).join(''));
  for (const [name, value] of all) server.tmux('set-option', '-g', name as string, value as string);
  const env = testEnv({ HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), XDG_DATA_HOME: join(home, '.data') });
  return { server, dir, env };
}

// True when this process may make a mount namespace and mount in it (root, or allowed by the
// container); tests that need one skip, saying so, where it is not.
export const MOUNTS_ALLOWED = (() => {
  // Over /tmp inside the namespace only: private propagation keeps it from the rest of the machine.
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /tmp'], { stdio: 'ignore' });
  return probe.status === 0;
})();

// Appended to the names of tests that need a mount namespace.
export const NEEDS_MOUNTS = MOUNTS_ALLOWED ? '' : ' (skipped: unshare -m or mount is not permitted here)';

// Run a shell script in a private mount namespace (its mounts vanish with it); "$@" are `args`.
export function inMountNamespace(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Finished {
  const result = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
