// The share record: one file per tmux socket in the state folder, written atomically and
// only under its lock, naming every share begun (finished or not) and the socket and folder
// permissions it replaced. share writes it before touching tmux's access list or the socket,
// so whatever a killed share left behind, unshare finds it here and takes it back.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { removeLeftovers, syncFolder, writeFileAtomic } from '../util/atomic-write.ts';
import { acquireSaveLock, SaveLockedError } from '../save/lock.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { stateDir } from '../util/state-dir.ts';
import { readLegacyShares, type SavedPermissions, type Share } from './state.ts';

// One share as recorded: finished once every step of share has run.
export interface RecordedShare extends Share {
  readonly finished: boolean;
}

// What sharing has begun on one server, and the permissions to put back when nothing is left.
export interface ShareRecord {
  readonly socket: string;
  readonly shares: readonly RecordedShare[];
  readonly saved?: SavedPermissions | undefined;
}

// The folder holding the records (and their locks).
export function recordDir(): string {
  return join(stateDir(), 'shares');
}

// The record file of the server at SOCKET (a resolved path).
export function recordPath(socket: string): string {
  return join(recordDir(), `${createHash('sha256').update(socket).digest('hex').slice(0, 24)}.json`);
}

// The record of SOCKET (empty when none was written); an unreadable one is refused, never guessed.
export function readRecord(socket: string): ShareRecord {
  let text: string;
  try {
    text = readFileSync(recordPath(socket), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { socket, shares: [] };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as ShareRecord;
    if (!Array.isArray(parsed.shares)) throw new Error('no shares');
    return { socket, shares: parsed.shares, saved: parsed.saved ?? undefined };
  } catch {
    throw new UserError(`the share record ${recordPath(socket)} cannot be read; check tmux's access list (tmux server-access -l) and the socket's permissions by hand, then remove it`);
  }
}

// Replace the record atomically; with no shares and nothing saved the file goes.
export function writeRecord(record: ShareRecord): void {
  const path = recordPath(record.socket);
  if (record.shares.length === 0 && record.saved === undefined) {
    rmSync(path, { force: true });
  } else {
    writeFileAtomic(path, `${JSON.stringify({ socket: record.socket, shares: record.shares, saved: record.saved ?? null }, null, 2)}\n`);
  }
  syncFolder(recordDir());
}

// Run FN holding SOCKET's share lock (one share/unshare per server at a time; a killed
// holder's lock is taken over). Shares recorded by older versions in server options move
// into the record first.
export async function withShareLock<T>(client: TmuxClient, socket: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(recordDir(), { recursive: true, mode: 0o700 });
  const lockPath = recordPath(socket).replace(/\.json$/, '.lock');
  let lock;
  try {
    lock = await acquireSaveLock(lockPath);
  } catch (error) {
    if (!(error instanceof SaveLockedError)) throw error;
    throw new UserError(`another share or unshare${error.ownerPid === undefined ? '' : ` (pid ${error.ownerPid})`} is still changing this server's sharing; try again, or remove ${lockPath} if none runs`);
  }
  try {
    removeLeftovers(recordDir());
    await adoptLegacy(client, socket);
    return await fn();
  } finally {
    lock.release();
  }
}

// SOCKET's record with the shares an older claude-sessions kept in server options added
// (finished), without writing anything; forget() drops those options once they are recorded.
export async function readRecordAndLegacy(client: TmuxClient, socket: string): Promise<ShareRecord & { forget?: () => Promise<void> }> {
  const record = readRecord(socket);
  const legacy = await readLegacyShares(client);
  if (!legacy) return record;
  const known = (share: Share) => record.shares.some((other) => other.user === share.user && other.session === share.session);
  const shares = [...record.shares, ...legacy.shares.filter((share) => !known(share)).map((share) => ({ ...share, finished: true }))];
  return { socket, shares, saved: record.saved ?? legacy.saved, forget: legacy.forget };
}

async function adoptLegacy(client: TmuxClient, socket: string): Promise<void> {
  const { forget, ...record } = await readRecordAndLegacy(client, socket);
  if (!forget) return;
  writeRecord(record);
  await forget();
}
