// Which save a restore uses when given none, or `last`: the one the `last` link names; when
// `last` points at nothing, or at a file cut short or not a save, the newest complete save
// of the whole server, with a note naming it (no link at all: nothing to restore). Any
// other link is followed to its file, whose name finds the sidecar and pane contents.
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseResurrectFile } from '../resurrect/parse.ts';
import { ResurrectFormatError } from '../resurrect/format.ts';
import { LAST_LINK, lastLinkTarget, lastSavePath, listSaves, sidecarPath } from '../resurrect/save-dir.ts';
import { readSidecar } from '../resurrect/sidecar.ts';

// The save chosen, and why it is not the one `last` names (when it is not).
export interface ChosenSave {
  /** Undefined when there is nothing to restore (the note says why, unless there is no `last` at all). */
  readonly file: string | undefined;
  readonly note?: string;
}

// The file to restore for `file` as resolved from --file (undefined: none given), in save folder `dir`.
export function chooseSaveToRestore(dir: string, file: string | undefined): ChosenSave {
  if (file === undefined) return chooseDefaultSave(dir);
  if (basename(file) === LAST_LINK && isLinkOrMissing(file)) return chooseDefaultSave(dirname(file));
  return { file: followLink(file) };
}

// The save `last` names in `dir`, or the newest complete one when `last` is broken.
export function chooseDefaultSave(dir: string): ChosenSave {
  // No link at all: no save of the whole server was made here (one-session saves are not one).
  const target = lastLinkTarget(dir);
  if (target === undefined) return { file: undefined };
  const last = lastSavePath(dir);
  const problem = last === undefined ? undefined : incompleteness(last);
  if (last !== undefined && problem === undefined) return { file: resolve(last) };
  const lastPath = last === undefined ? undefined : resolve(last);
  const fallback = listSaves(dir)
    .reverse()
    .find((save) => resolve(save.path) !== lastPath && !isOneSessionSave(save.path) && incompleteness(save.path) === undefined);
  const why = last === undefined ? `\`last\` points at ${target}, which does not exist` : `\`last\` points at ${basename(last)}, which ${problem}`;
  // Without a complete save, `last` as it is: the restore says what is wrong with it.
  if (fallback === undefined) return lastPath === undefined ? { file: undefined, note: `${why}, and no other save here is complete` } : { file: lastPath };
  return { file: resolve(fallback.path), note: `${why}; using ${fallback.name}, the newest complete save` };
}

// Why the save at `path` is not complete (every writer ends a save with its state line and a
// newline), or undefined when it is.
export function incompleteness(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  try {
    parseResurrectFile(text, path);
  } catch (error) {
    if (error instanceof ResurrectFormatError) return `is not a save: ${error.reason}`;
    throw error;
  }
  if (!text.endsWith('\n') || !/^state(\t|$)/m.test(text)) return 'was cut short';
  return undefined;
}

// A save of one session (its sidecar says so): never what a restore of the server falls back to.
function isOneSessionSave(path: string): boolean {
  return readSidecar(sidecarPath(path))?.session !== undefined;
}

function isLinkOrMissing(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return true;
  }
}

// A symlink's file (its name finds the sidecar and contents); any other path as it is.
function followLink(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}
