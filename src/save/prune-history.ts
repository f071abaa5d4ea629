// Per-pane history files go once nothing can give them back: no pane runs with them, no save
// left in the folder names them (a kill's save still can), and they were not written for as
// long as saves are kept. Run when saves were pruned, the only time a save's names go away.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { listSaves, sidecarPath } from '../resurrect/save-dir.ts';
import { readSidecar } from '../resurrect/sidecar.ts';
import { stateDir } from '../util/state-dir.ts';
import { isHistoryId } from '../workspace/pane-history.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

// Delete the history files of ids in no live pane and no save of `saveDir`, untouched for
// `keepDays`; returns the paths deleted.
export function pruneHistories(saveDir: string, now: Date, keepDays: number, live: ReadonlySet<string>): string[] {
  const oldest = now.getTime() - keepDays * DAY_MS;
  const candidates = historyFiles().filter((file) => !live.has(file.id) && modifiedBefore(file.path, oldest));
  if (candidates.length === 0) return [];
  const named = idsInSaves(saveDir);
  const deleted: string[] = [];
  for (const file of candidates) {
    if (named.has(file.id)) continue;
    rmSync(file.path, { force: true });
    deleted.push(file.path);
  }
  return deleted;
}

interface HistoryFile {
  readonly id: string;
  readonly path: string;
}

// bash and zsh files under the state folder, and fish's own in its data folder.
function historyFiles(): HistoryFile[] {
  const fishDir = join(process.env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'fish');
  const ours = namesIn(join(stateDir(), 'history')).filter(isHistoryId).map((id) => ({ id, path: join(stateDir(), 'history', id) }));
  const fish = namesIn(fishDir).flatMap((name) => {
    const id = /^claude_sessions_([0-9a-f]{16})_history$/.exec(name)?.[1];
    return id === undefined ? [] : [{ id, path: join(fishDir, name) }];
  });
  return [...ours, ...fish];
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function modifiedBefore(path: string, time: number): boolean {
  try {
    return statSync(path).mtimeMs < time;
  } catch {
    return false;
  }
}

// Every history id a save left in the folder names in its sidecar.
function idsInSaves(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const save of listSaves(dir)) {
    for (const pane of readSidecar(sidecarPath(save.path))?.extras?.panes ?? []) {
      if (pane.historyId) ids.add(pane.historyId);
    }
  }
  return ids;
}
