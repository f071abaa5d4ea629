// A throwaway tmux server for verify: its own socket in a private temp folder, no config
// (-f /dev/null: no plugin, no hooks, nothing of the user's), never the user's server.
// Removed with its folder when verify ends, also on an error, Ctrl-C or SIGTERM.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxClient } from '../tmux/index.ts';
import { isProcessAlive } from '../util/process-alive.ts';

// Temp folders of scratch servers start with this (tests look for leftovers by it).
export const SCRATCH_PREFIX = 'claude-sessions-verify-';

// A scratch server's client, folder, and the one way to remove both.
export interface ScratchServer {
  readonly dir: string;
  readonly client: TmuxClient;
  /** Kill the server, wait for it to go, remove the folder; safe to call twice. */
  remove(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_CODES: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const GONE_WAIT_MS = 5_000;
// In each scratch folder: the pid of the verify that made it (a folder whose verify is gone is stale).
const OWNER_FILE = 'owner';
const SOCKET_FILE = 'tmux.sock';
// A folder with no owner file yet is stale only past this age (its verify may be writing it).
const OWNERLESS_GRACE_MS = 60_000;

// What every scratch pane runs instead of a shell: nothing of the user's starts, and the
// pane's folder is the one the restore gave it.
export const IDLE_PANE: readonly string[] = ['sleep', '2147483647'];

// Start a server in a new private folder with one idle session named `hold` (the caller
// removes it once the restore has made its own); windows keep the names they are given.
export async function startScratchServer(hold: string): Promise<ScratchServer> {
  await removeStaleScratchServers();
  const dir = mkdtempSync(join(tmpdir(), SCRATCH_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  const client = scratchClient(dir);
  let pid: number | undefined;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', remove);
    killAndWait(client, pid);
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    remove();
    process.exit(SIGNAL_CODES[signal]);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  process.once('exit', remove);
  try {
    const output = await client.batch([
      ['new-session', '-d', '-s', hold, '--', ...IDLE_PANE],
      ['set-option', '-g', 'exit-empty', 'off'],
      ['set-option', '-g', 'automatic-rename', 'off'],
      ['display-message', '-p', '#{pid}'],
    ]);
    pid = Number(output.trim().split('\n').pop());
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, client, remove };
}

// kill-server returns before the server has gone: wait (briefly) for its process to end, then
// end it outright, so that nothing of verify outlives it. Synchronous, so that it also runs
// from an exit handler: TmuxClient runs tmux with spawnSync before its promise settles.
function killAndWait(client: TmuxClient, pid: number | undefined): void {
  void client.run(['kill-server']).catch(() => undefined);
  if (pid === undefined) return;
  const deadline = Date.now() + GONE_WAIT_MS;
  while (Date.now() < deadline && isProcessAlive(pid)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
}

function scratchClient(dir: string): TmuxClient {
  return new TmuxClient({ server: { socketPath: join(dir, SOCKET_FILE), configFile: '/dev/null' } });
}

// A verify killed outright (kill -9, the OOM killer) runs no handler: its scratch server, a
// daemon of its own with idle panes, would stay for good. The next verify removes each scratch
// folder of ours whose verify has gone, with the server on its socket. Folders of other users
// (unreadable) and of running verifies are left alone.
async function removeStaleScratchServers(): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(SCRATCH_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(tmpdir(), name);
    if (!isStale(dir)) continue;
    await scratchClient(dir).run(['kill-server']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function isStale(dir: string): boolean {
  try {
    if (statSync(dir).uid !== process.getuid?.()) return false;
    const owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    return Number.isInteger(owner) && owner > 0 && !isProcessAlive(owner);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    try {
      return Date.now() - statSync(dir).mtimeMs > OWNERLESS_GRACE_MS;
    } catch {
      return false;
    }
  }
}
