// Where saves live, named and linked as tmux-resurrect does, so either tool restores the
// other's saves: tmux_resurrect_YYYYMMDDTHHMMSS.txt files and a relative `last` symlink.
// Ours add `_cs` (`_cs-2`, ... within one second): tmux-resurrect's save.sh names its file
// once, writes it in place for seconds and deletes it when it equals `last`, so a save of
// ours under the very same name would be overwritten, then deleted under `last`'s feet.
// Both forms match resurrect's `tmux_resurrect_*.txt`, so one pruning covers both tools.
import { existsSync, readdirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

// The symlink naming the newest save.
export const LAST_LINK = 'last';

// The file that serializes saves into one folder (see save/lock.ts).
export const LOCK_FILE = 'save.lock';

// tmux-resurrect keeps the pane contents of its newest save here (see contents-archive.ts).
export const RESURRECT_CONTENTS_ARCHIVE = 'pane_contents.tar.gz';

// A save's name without `.txt`: the time, then `_cs` and an optional `-N` for ours.
const SAVE_STEM = 'tmux_resurrect_(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(?:_cs(?:-([1-9]\\d{0,5}))?)?';
const SAVE_NAME = new RegExp(`^${SAVE_STEM}\\.txt$`);
// A sidecar or pane contents file, named after its save.
const COMPANION = new RegExp(`^(${SAVE_STEM})\\.(?:json|contents\\.gz)$`);

// One save file in the folder.
export interface SaveFile {
  readonly name: string;
  readonly path: string;
  /** The local time in its name (what `date '+%Y%m%dT%H%M%S'` printed). */
  readonly time: Date;
  /** Orders saves named in the same second: 0 for tmux-resurrect's form, 1 for `_cs`, N for `_cs-N`. */
  readonly sequence: number;
}

// The save folder: @resurrect-dir when set (with `~`, $HOME and $HOSTNAME expanded as
// resurrect does), else ~/.tmux/resurrect if it exists, else $XDG_DATA_HOME/tmux/resurrect.
export function resolveSaveDir(setting: string, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (setting !== '') return resolve(expandHome(setting, home));
  const legacy = join(home, '.tmux', 'resurrect');
  if (existsSync(legacy)) return legacy;
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'tmux', 'resurrect');
}

function expandHome(path: string, home: string): string {
  const expanded = path.replace(/\$\{?HOME\}?/g, home).replace(/\$\{?HOSTNAME\}?/g, hostname());
  return expanded === '~' || expanded.startsWith('~/') ? `${home}${expanded.slice(1)}` : expanded;
}

// The name tmux-resurrect's save.sh gives a save made at `time` (local time, like its `date` call).
export function saveFileName(time: Date): string {
  return `tmux_resurrect_${timeStamp(time)}.txt`;
}

// The name of our save made at `time`: the `sequence`th of ours in that second (1: `_cs`, N: `_cs-N`).
export function ownSaveFileName(time: Date, sequence = 1): string {
  return `tmux_resurrect_${timeStamp(time)}_cs${sequence === 1 ? '' : `-${sequence}`}.txt`;
}

function timeStamp(time: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${time.getFullYear()}${pad(time.getMonth() + 1)}${pad(time.getDate())}`;
  return `${day}T${pad(time.getHours())}${pad(time.getMinutes())}${pad(time.getSeconds())}`;
}

// The time in a save file's name (either form); undefined for any other file.
export function saveFileTime(name: string): Date | undefined {
  return parseSaveName(name)?.time;
}

function parseSaveName(name: string): { time: Date; sequence: number } | undefined {
  const match = SAVE_NAME.exec(name);
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const sequence = name.endsWith('_cs.txt') ? 1 : match[7] === undefined ? 0 : Number(match[7]);
  return { time: new Date(year, month - 1, day, hours, minutes, seconds), sequence };
}

// The save file a sidecar or pane contents file belongs to (its name), or undefined for other files.
export function companionSaveName(name: string): string | undefined {
  const stem = COMPANION.exec(name)?.[1];
  return stem === undefined ? undefined : `${stem}.txt`;
}

// The sidecar (exact values, see sidecar.ts) that belongs next to a save file.
export function sidecarPath(savePath: string): string {
  return `${withoutTxt(savePath)}.json`;
}

// The pane contents kept beside a save (the save's name with `.txt` turned into `.contents.gz`).
export function paneContentsPath(savePath: string): string {
  return `${withoutTxt(savePath)}.contents.gz`;
}

// A save's path without `.txt` (a file named otherwise keeps its whole name, never its own companion).
function withoutTxt(savePath: string): string {
  return savePath.endsWith('.txt') ? savePath.slice(0, -'.txt'.length) : savePath;
}

// The saves in a folder, oldest first; none when the folder does not exist (or is a file). File types
// come from the listing itself: a folder of a month of autosaves holds thousands.
export function listSaves(dir: string): SaveFile[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const saves: SaveFile[] = [];
  for (const entry of entries) {
    if (!entry.name.startsWith('tmux_resurrect_')) continue;
    const parsed = parseSaveName(entry.name);
    const path = join(dir, entry.name);
    if (parsed !== undefined && (entry.isFile() || (entry.isSymbolicLink() && isFile(path)))) saves.push({ name: entry.name, path, ...parsed });
  }
  // By time, then sequence; comparing names keeps saves of the same second (DST fall-back) ordered.
  return saves.sort((a, b) => a.time.getTime() - b.time.getTime() || a.sequence - b.sequence || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// The absolute path of the file `last` points to, if it is a link to an existing file.
export function lastSavePath(dir: string): string | undefined {
  const target = lastLinkTarget(dir);
  if (target === undefined) return undefined;
  // resurrect writes a bare file name; old versions wrote an absolute path.
  const path = isAbsolute(target) ? target : join(dir, target);
  return isFile(path) ? path : undefined;
}

// What the `last` link holds (a file name, or a path from old versions); undefined without a link.
export function lastLinkTarget(dir: string): string | undefined {
  try {
    return readlinkSync(join(dir, LAST_LINK));
  } catch {
    return undefined;
  }
}

// The name of our next save at `now` in `dir`: the clock's time, and the first sequence free
// in that second. Run under the save lock (no other save of ours picks a name meanwhile).
export function nextSaveName(now: Date, dir: string): string {
  for (let sequence = 1; ; sequence++) {
    const name = ownSaveFileName(now, sequence);
    if (!existsSync(join(dir, name))) return name;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
