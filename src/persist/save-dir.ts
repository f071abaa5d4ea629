// Where saves live, named and linked as tmux-resurrect does, so either tool restores the
// other's saves: tmux_resurrect_YYYYMMDDTHHMMSS.txt files and a relative `last` symlink.
import { existsSync, readdirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

// The symlink naming the newest save.
export const LAST_LINK = 'last';

// The file that serializes saves into one folder (see save-lock.ts).
export const LOCK_FILE = 'save.lock';

const SAVE_NAME = /^tmux_resurrect_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.txt$/;

// One save file in the folder.
export interface SaveFile {
  readonly name: string;
  readonly path: string;
  /** The local time in its name (what `date '+%Y%m%dT%H%M%S'` printed). */
  readonly time: Date;
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

// The file name of a save made at `time`, in local time like resurrect's `date` call.
export function saveFileName(time: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${time.getFullYear()}${pad(time.getMonth() + 1)}${pad(time.getDate())}`;
  return `tmux_resurrect_${day}T${pad(time.getHours())}${pad(time.getMinutes())}${pad(time.getSeconds())}.txt`;
}

// The time in a save file's name; undefined for any other file.
export function saveFileTime(name: string): Date | undefined {
  const match = SAVE_NAME.exec(name);
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(year, month - 1, day, hours, minutes, seconds);
}

// The sidecar (exact values, see sidecar.ts) that belongs next to a save file.
export function sidecarPath(savePath: string): string {
  return savePath.replace(/\.txt$/, '.json');
}

// The pane contents kept beside a save (the save's name with `.txt` turned into `.contents.gz`).
export function paneContentsPath(savePath: string): string {
  return savePath.replace(/\.txt$/, '.contents.gz');
}

// The saves in a folder, oldest first; none when the folder does not exist. File types
// come from the listing itself: a folder of a month of autosaves holds thousands.
export function listSaves(dir: string): SaveFile[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const saves: SaveFile[] = [];
  for (const entry of entries) {
    if (!entry.name.startsWith('tmux_resurrect_')) continue;
    const time = saveFileTime(entry.name);
    const path = join(dir, entry.name);
    if (time !== undefined && (entry.isFile() || (entry.isSymbolicLink() && isFile(path)))) saves.push({ name: entry.name, path, time });
  }
  // Names sort by time; comparing them keeps saves of the same second (DST fall-back) ordered.
  return saves.sort((a, b) => a.time.getTime() - b.time.getTime() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// The absolute path of the file `last` points to, if it is a link to an existing file.
export function lastSavePath(dir: string): string | undefined {
  let target: string;
  try {
    target = readlinkSync(join(dir, LAST_LINK));
  } catch {
    return undefined;
  }
  // resurrect writes a bare file name; old versions wrote an absolute path.
  const path = isAbsolute(target) ? target : join(dir, target);
  return isFile(path) ? path : undefined;
}

// The save name to use at `now`: never at or before the newest existing save, so that the
// newest by name is always the one `last` points to (even after a clock step or a wait).
export function nextSaveName(now: Date, saves: readonly SaveFile[]): string {
  const newest = saves.at(-1);
  if (newest === undefined || now.getTime() >= newest.time.getTime() + 1000) return saveFileName(now);
  return saveFileName(new Date(newest.time.getTime() + 1000));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
