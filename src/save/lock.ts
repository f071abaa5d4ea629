// One save at a time per folder: an exclusive lock file holding its owner's PID, waited
// for while the owner lives and taken over when it died mid-save.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isProcessAlive } from '../util/process-alive.ts';
import { isCannotWrite } from './folder-errors.ts';
import { DomainError } from '../util/errors.ts';

// A lock this process holds; release() removes it only if it is still this one's.
export interface SaveLock {
  /** True when another save held the lock first, so the server may have changed meanwhile. */
  readonly waited: boolean;
  release(): void;
}

// How long and how often to check a lock held by a live save.
export interface LockWait {
  /** How long to wait for a live owner before giving up (default 10 s). */
  readonly waitMs?: number;
  readonly pollMs?: number;
}

// Another save kept the lock for the whole wait.
export class SaveLockedError extends DomainError {
  constructor(
    readonly path: string,
    readonly ownerPid: number | undefined,
  ) {
    const owner = ownerPid === undefined ? 'another save' : `another save (pid ${ownerPid})`;
    super(`${owner} is still writing to ${dirname(path)}; try again, or remove ${path} if no save is running`);
    this.name = 'SaveLockedError';
  }
}

interface Holder {
  readonly pid: number;
  readonly content: string;
}

// A lock file with no readable PID is a save killed between creating and writing it: stale after this.
const UNREADABLE_STALE_MS = 5_000;

// Take the lock file at `path` (created with open 'wx'), waiting while a live process holds it.
export async function acquireSaveLock(path: string, wait: LockWait = {}): Promise<SaveLock> {
  const waitMs = wait.waitMs ?? 10_000;
  const pollMs = wait.pollMs ?? 50;
  const content = `${process.pid} ${Math.random().toString(36).slice(2)}\n`;
  const deadline = Date.now() + waitMs;
  let waited = false;
  for (;;) {
    if (tryCreate(path, content)) return { waited, release: () => releaseLock(path, content) };
    const holder = readHolder(path);
    if (holder === undefined) continue; // released between our attempt and the read
    if (isStale(path, holder) && takeOver(path, holder)) continue;
    if (Date.now() >= deadline) throw new SaveLockedError(path, Number.isNaN(holder.pid) ? undefined : holder.pid);
    waited = true;
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

// For a reader that only needs saves to hold still (a restore): the lock of `path`'s folder,
// creating the folder, or no lock at all when the folder cannot be written, where no save can run.
export async function acquireSaveLockToRead(path: string, wait?: LockWait): Promise<SaveLock> {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return await acquireSaveLock(path, wait);
  } catch (error) {
    if (!isCannotWrite(error)) throw error;
    return { waited: false, release: () => {} };
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    // A lock without its owner's PID would make the next save wait for it (a full disk).
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
  return true;
}

function readHolder(path: string): Holder | undefined {
  try {
    const content = readFileSync(path, 'utf8');
    return { pid: Number(/^\d+/.exec(content)?.[0] ?? NaN), content };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(path: string, holder: Holder): boolean {
  if (!Number.isNaN(holder.pid)) return !isProcessAlive(holder.pid);
  try {
    return Date.now() - statSync(path).mtimeMs > UNREADABLE_STALE_MS;
  } catch {
    return false;
  }
}

// Move the stale lock aside (only one taker's rename can succeed), then check that what was
// moved is the stale lock and not one a faster taker created meanwhile; put that one back.
function takeOver(path: string, stale: Holder): boolean {
  const aside = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== stale.content) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone locked again meanwhile; the owner we moved finds its lock gone and removes nothing.
    }
  }
  unlinkSync(aside);
  return true;
}

function releaseLock(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
