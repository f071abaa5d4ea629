// Files and links that are either the old version or the whole new one, never half of
// either: written beside the target as NAME.tmp.PID, flushed, then renamed over it.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.ts';

const LEFTOVER = /\.(?:tmp|stale)\.(\d+)(?:\.[a-z0-9]+)?$/;

// Write `text` to `path` atomically (mode 0600: saves hold commands and paths).
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const temporary = temporaryFor(path);
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// Point the symlink `path` at `target` (kept relative as given), replacing any old link in one rename.
export function replaceSymlink(path: string, target: string): void {
  const temporary = temporaryFor(path);
  rmSync(temporary, { force: true });
  try {
    symlinkSync(target, temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// Flush a folder's entries (the renames) to disk; some systems cannot, which costs only durability.
export function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here (some file systems, other platforms).
  }
}

// Delete what killed writers left behind (NAME.tmp.PID, save.lock.stale.PID.X of dead PIDs).
export function removeLeftovers(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = LEFTOVER.exec(name)?.[1];
    if (pid === undefined || isProcessAlive(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Not a plain file (a folder someone named so): not ours to remove.
    }
  }
  return removed;
}

// Where an atomic write of `path` stages its bytes: NAME.tmp.PID beside it (removeLeftovers knows the shape).
export function temporaryFor(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp.${process.pid}`);
}
