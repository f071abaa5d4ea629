// Old saves go as tmux-resurrect's remove_old_backups does: beyond the 5 newest, those older
// than the keep-days option are deleted (with their sidecars); `last` always stays. A save
// named in the future cannot be dated: it is neither deleted nor one of the 5 newest.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { companionSaveName, lastSavePath, listSaves, paneContentsPath, sidecarPath, type SaveFile } from '../resurrect/save-dir.ts';

// How many of the newest saves are kept whatever their age.
export const KEEP_NEWEST = 5;

const DAY_MS = 24 * 60 * 60 * 1000;

// Delete the saves in `dir` that are too old to keep at `now`; returns their paths.
export function pruneSaves(dir: string, now: Date, keepDays: number): string[] {
  const last = lastSavePath(dir);
  const oldest = now.getTime() - keepDays * DAY_MS;
  const candidates = listSaves(dir)
    .filter((save) => !isFuture(save, now))
    .slice(0, -KEEP_NEWEST);
  const pruned: string[] = [];
  for (const save of candidates) {
    if (save.path === last || save.time.getTime() >= oldest) continue;
    rmSync(save.path, { force: true });
    rmSync(sidecarPath(save.path), { force: true });
    rmSync(paneContentsPath(save.path), { force: true });
    pruned.push(save.path);
  }
  return pruned;
}

// True for a save named after `now` (a clock that was wrong, or another machine's).
export function isFuture(save: SaveFile, now: Date): boolean {
  return save.time.getTime() > now.getTime();
}

// A save killed between writing its sidecar (or contents) and its text leaves them without
// a save; run under the save lock, this removes such orphans. Returns their paths.
export function removeOrphans(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const present = new Set(names);
  for (const name of names) {
    const save = companionSaveName(name);
    if (save === undefined || present.has(save)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}
