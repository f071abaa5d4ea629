// What each save in the folder holds, for `saves` to list and `restore --file` to pick from;
// one damaged file is reported as such, never the end of the listing.
import { accessSync, constants, lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { UserError } from '../util/errors.ts';
import { TmuxError, type TmuxClient } from '../tmux/index.ts';
import { parseResurrectFile } from '../resurrect/parse.ts';
import { chooseDefaultSave } from './default-save.ts';
import { isFuture } from './prune.ts';
import { ResurrectFormatError } from '../resurrect/format.ts';
import { LAST_LINK, lastSavePath, listSaves, paneContentsPath, resolveSaveDir, sidecarPath, type SaveFile } from '../resurrect/save-dir.ts';
import { sidecarBelongsTo, type SaveSidecar } from '../resurrect/sidecar.ts';

// What is known of every save, readable or not.
interface SaveFacts extends SaveFile {
  /** Bytes of the save, its sidecar and its pane contents, whichever exist. */
  readonly bytes: number;
  /** True for the save the `last` link points to. */
  readonly last: boolean;
  /** True for the save a restore uses instead of `last`, because `last` is missing or broken. */
  readonly fallback: boolean;
  /** True when a sidecar next to it was written for exactly this text. */
  readonly sidecar: boolean;
}

// A save that reads as a tmux-resurrect file (warnings about damaged lines aside).
export interface ReadableSave extends SaveFacts {
  /** Distinct session names of its grouped_session lines, then of its pane lines (save.sh's order). */
  readonly sessions: readonly string[];
  /** Distinct (session, window index) pairs from its pane and window lines. */
  readonly windows: number;
  readonly panes: number;
}

// A save that cannot be read (empty, binary, no readable pane line, or not readable at all).
export interface UnreadableSave extends SaveFacts {
  readonly error: string;
}

// One save in the folder; tell the two apart with `'error' in summary`.
export type SaveSummary = ReadableSave | UnreadableSave;


// Every save in `dir`, oldest first (listSaves order); each file is read once.
export function summarizeSaves(dir: string): SaveSummary[] {
  return summarizeFolder(dir).saves;
}

// The saves in `dir` (summarizeSaves), and what a user should be told about them: a broken
// `last` and the save a restore uses instead, saves named after `now` that pruning keeps.
export function summarizeFolder(dir: string, now = new Date()): { saves: SaveSummary[]; notes: string[] } {
  const last = lastSavePath(dir);
  const lastResolved = last === undefined ? undefined : resolve(last);
  const all = listSaves(dir);
  const chosen = all.length === 0 ? { file: undefined } : chooseDefaultSave(dir);
  const fallback = chosen.note === undefined || chosen.file === undefined ? undefined : chosen.file;
  const saves = all.map((save) => {
    const path = resolve(save.path);
    return summarizeSave({ ...save, path }, path === lastResolved, path === fallback);
  });
  const notes = [
    ...(chosen.note === undefined ? [] : [fallback === undefined ? chosen.note : `${chosen.note} (restore uses it; the next save moves \`last\` on)`]),
    ...all.filter((save) => isFuture(save, now)).map((save) => `${save.name} is named in the future; pruning leaves it alone (delete it if the clock was wrong)`),
  ];
  return { saves, notes };
}

function summarizeSave(save: SaveFile, last: boolean, fallback: boolean): SaveSummary {
  const sidecar = readBytes(sidecarPath(save.path));
  const extraBytes = (sidecar?.length ?? 0) + (sizeOf(paneContentsPath(save.path)) ?? 0);
  let bytes: Buffer;
  try {
    bytes = readFileSync(save.path);
  } catch (error) {
    return { ...save, bytes: (sizeOf(save.path) ?? 0) + extraBytes, last, fallback, sidecar: false, error: `cannot be read: ${(error as Error).message}` };
  }
  const text = bytes.toString('utf8');
  const facts = { ...save, bytes: bytes.length + extraBytes, last, fallback, sidecar: sidecar !== undefined && belongs(sidecar, save.name, text) };
  try {
    const { server } = parseResurrectFile(text, save.path);
    const sessions = new Set([...server.groupedSessions.map((group) => group.sessionName), ...server.panes.map((pane) => pane.sessionName)]);
    const windows = new Set([
      ...server.panes.map((pane) => JSON.stringify([pane.sessionName, pane.windowIndex])),
      ...server.windows.map((window) => JSON.stringify([window.sessionName, window.index])),
    ]);
    return { ...facts, sessions: [...sessions], windows: windows.size, panes: server.panes.length };
  } catch (error) {
    if (error instanceof ResurrectFormatError) return { ...facts, error: error.reason };
    throw error;
  }
}

// A sidecar that is not even JSON belongs to nothing.
function belongs(sidecar: Buffer, saveFile: string, text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(sidecar.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && sidecarBelongsTo(parsed as SaveSidecar, saveFile, text);
  } catch {
    return false;
  }
}

function readBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function sizeOf(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

// The save file `restore --file ARGUMENT` means, as an absolute path: a path (relative to
// cwd) to an existing file, else `last` in the save folder (as a path to the link, which
// may point nowhere: default-save.ts chooses), else a file of that name (with or without
// .txt) in the save folder. Throws a UserError naming every place tried.
export function resolveSaveFile(dir: string, argument: string, cwd: string): string {
  if (argument === '') throw new UserError('no save file given: name a file, a save in the folder, or `last`');
  const asPath = resolve(cwd, argument);
  const tried = [asPath];
  if (statOf(asPath) !== undefined) return readableFile(asPath);
  // A `last` that points nowhere: the restore falls back to the newest complete save beside it.
  if (basename(asPath) === LAST_LINK && isSymlink(asPath)) return asPath;
  if (argument === LAST_LINK) return resolve(dir, LAST_LINK);
  if (isBareName(argument)) {
    for (const name of argument.endsWith('.txt') ? [argument] : [argument, `${argument}.txt`]) {
      const inFolder = resolve(dir, name);
      if (statOf(inFolder) !== undefined) return readableFile(inFolder);
      tried.push(inFolder);
    }
  }
  throw new UserError(`no save file ${JSON.stringify(argument)}: tried ${tried.join(', ')}`);
}

// A name with no folder part: the only kind looked up in the save folder.
function isBareName(argument: string): boolean {
  return !argument.includes('/') && !argument.includes(sep) && argument !== '.' && argument !== '..';
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// Undefined when nothing is there (or a symlink points nowhere); other failures are the user's to see.
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UserError(`cannot read save file ${path}: ${(error as Error).message}`);
  }
}

function readableFile(path: string): string {
  const stats = statOf(path);
  if (stats?.isDirectory()) throw new UserError(`${path} is a folder, not a save file`);
  if (stats !== undefined && !stats.isFile()) throw new UserError(`${path} is not a regular file, so not a save file`);
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UserError(`cannot read save file ${path}: ${reason}`);
  }
  return path;
}

// The save folder of the client's server: its @resurrect-dir, read without starting a
// server; resurrect's default folders when no server runs (or tmux is not installed).
export async function readSaveDir(client: TmuxClient): Promise<string> {
  let setting = '';
  try {
    // list-commands needs no session; -N keeps it from starting a server (and the user's config).
    const [records] = await client.listMany([{ command: ['list-commands'], fields: { dir: '#{@resurrect-dir}' } }], { startServer: false });
    setting = records?.[0]?.['dir'] ?? '';
  } catch (error) {
    if (!(error instanceof TmuxError && (error.kind === 'no-server' || error.kind === 'not-installed'))) throw error;
  }
  return resolveSaveDir(setting);
}
