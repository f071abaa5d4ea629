// Saving the server to a tmux-resurrect file: nothing is written when nothing changed, and
// at every moment `last` points at a complete save, whatever is killed when.
import { mkdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseOption, STATE_OPTIONS, USER_OPTIONS } from '../options/definitions.ts';
import type { TmuxClient, TmuxCommand } from '../tmux/index.ts';
import { removeLeftovers, replaceSymlink, syncFolder, writeFileAtomic } from '../util/atomic-write.ts';
import { readPreviousCapture, writePaneContents, type CapturedContents, type PaneContent } from '../resurrect/pane-contents.ts';
import { planResurrectArchive, type ArchivePlan } from '../resurrect/contents-reuse.ts';
import { pruneSaves, removeOrphans } from './prune.ts';
import { pruneHistories } from './prune-history.ts';
import { LAST_LINK, LOCK_FILE, lastSavePath, nextSaveName, paneContentsPath, resolveSaveDir, RESURRECT_CONTENTS_ARCHIVE, sidecarPath } from '../resurrect/save-dir.ts';
import { folderProblem, isCannotWrite, SaveFolderError } from './folder-errors.ts';
import { acquireSaveLock, type LockWait } from './lock.ts';
import { buildSidecar, serializeSidecar } from '../resurrect/sidecar.ts';
import { NothingToSaveError, snapshotServer, type ServerSnapshot } from './snapshot.ts';
import type { ProcessTable } from '../programs/pane-commands.ts';
import type { SavedServer } from '../resurrect/format.ts';
import { writeResurrectFile } from '../resurrect/write.ts';

// The errors a save reports to the user (no server or sessions; another save kept the lock;
// the folder cannot be written).
export { NothingToSaveError } from './snapshot.ts';
export { SaveLockedError } from './lock.ts';
export { SaveFolderError } from './folder-errors.ts';

// Where and when to save, what, and how long to wait for another save.
export interface SaveOptions {
  /** The save folder; default: @resurrect-dir, else resurrect's default folders (save-dir.ts). */
  readonly dir?: string | undefined;
  /** The time the save is named after; default: now. */
  readonly now?: Date | undefined;
  /** Save only this session's lines (exact name). */
  readonly sessionFilter?: string | undefined;
  /** Saves older than this many days are pruned; default: @claude-sessions-keep-days. */
  readonly keepDays?: number | undefined;
  /** How long to wait for another save to finish. */
  readonly lockWait?: LockWait | undefined;
  /** The process table to take full commands from (tests); default: read with ps. */
  readonly processTable?: ProcessTable | undefined;
  /** Keep pane contents with the save whatever the capture options say (a kill's save). */
  readonly captureContents?: boolean | undefined;
}

// What a save did: the file `last` names now, what it holds, and what was pruned.
export interface SaveResult {
  /** True when the server matched the save `last` points to, and nothing was written. */
  readonly unchanged: boolean;
  /** The save now named by `last` (the new one, or the unchanged one); for a one-session save, its file. */
  readonly file: string;
  readonly sessions: number;
  readonly panes: number;
  /** Saves deleted as too old. */
  readonly pruned: readonly string[];
  readonly warnings: readonly string[];
}

// Save the server (or one session) into the save folder, under its lock.
export async function saveServer(client: TmuxClient, options: SaveOptions = {}): Promise<SaveResult> {
  const now = options.now ?? new Date();
  let snapshot = await snapshotWithPanes(client, options);
  const dir = options.dir ?? resolveSaveDir(snapshot.settings.resurrectDir);
  const { keepDays, warning } = keepDaysOf(options.keepDays, snapshot.settings.keepDays);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const lock = await acquireSaveLock(join(dir, LOCK_FILE), options.lockWait);
    try {
      // Another save ran while this one waited: what it read may be out of date.
      if (lock.waited) snapshot = await snapshotWithPanes(client, options);
      removeLeftovers(dir);
      removeOrphans(dir);
      // Being captured since the snapshot's read; awaited before anything is written (a failure
      // leaves no file of this save behind), after the save's text is built. A save of the whole
      // server plans tmux-resurrect's archive too, before the contents that record it are written.
      const contents = snapshot.contents !== undefined && options.sessionFilter === undefined ? withResurrectArchive(dir, snapshot.contents) : snapshot.contents;
      // A save of one session is kept beside the others but never becomes `last`, which a
      // restore (or tmux-resurrect) reads as the whole server.
      const written = options.sessionFilter === undefined ? await writeSave(dir, snapshot, now, contents) : await writeSessionSave(dir, snapshot, now, contents, options.sessionFilter);
      const warnings = [...snapshot.warnings, ...(warning ? [warning] : [])];
      // tmux-resurrect restores `last` with this archive: kept current, even when nothing else changed.
      const archive = (await contents)?.archive;
      if (archive !== undefined) warnings.push(...updateResurrectArchive(dir, archive));
      const pruned = pruneSaves(dir, now, keepDays);
      if (pruned.length > 0 && options.sessionFilter === undefined) pruneHistoriesQuietly(dir, now, keepDays, snapshot);
      return { unchanged: written.unchanged, file: written.file, ...counts(snapshot.server), pruned, warnings };
    } finally {
      lock.release();
    }
  } catch (error) {
    if (isCannotWrite(error)) throw new SaveFolderError(dir, error);
    throw error;
  }
}

// History files of panes long gone; never a reason for the save to fail.
function pruneHistoriesQuietly(dir: string, now: Date, keepDays: number, snapshot: ServerSnapshot): void {
  const live = new Set(snapshot.extras.panes.flatMap((pane) => (pane.historyId ? [pane.historyId] : [])));
  try {
    pruneHistories(dir, now, keepDays, live);
  } catch {
    // a file that cannot be removed now is tried again at the next prune
  }
}

// A save file without panes is not a save (parseResurrectFile refuses it): never write one.
async function snapshotWithPanes(client: TmuxClient, options: SaveOptions): Promise<ServerSnapshot> {
  const snapshot = await snapshotServer(client, {
    sessionFilter: options.sessionFilter,
    processTable: options.processTable,
    before: [lastSaveCommand(options.now ?? new Date())],
    contents: options.captureContents ? 'always' : 'when-on',
    previousCapture: (settings) => readPreviousCapture(options.dir ?? resolveSaveDir(settings.resurrectDir)),
  });
  if (snapshot.server.panes.length === 0) throw new NothingToSaveError(`${client.serverLabel()} has no panes`);
  return snapshot;
}

// Write the save and move `last` to it, unless the save `last` names holds the same text and
// sidecar (a file tmux-resurrect wrote has none: ours replaces it, keeping exact values and extras).
async function writeSave(dir: string, snapshot: ServerSnapshot, now: Date, capturing: Promise<CapturedContents> | undefined): Promise<Written> {
  const text = writeResurrectFile(snapshot.server);
  // Built once: only the file name differs between `last`'s sidecar and a new one's.
  const sidecar = buildSidecar(snapshot.server, '', text, snapshot.extras);
  const sidecarText = (path: string) => serializeSidecar({ ...sidecar, saveFile: basename(path) });
  const last = lastSavePath(dir);
  const same = last !== undefined && isSameSave(last, text, sidecarText);
  const file = same ? last : join(dir, nextSaveName(now, dir));
  const sidecarOfNew = same ? '' : sidecarText(file);
  // Everything above overlaps the capture; nothing is written before it is done.
  const contents = await capturing;
  if (same) {
    // Kept with the save `last` names even when the layout did not change: contents did.
    if (contents !== undefined) await writePaneContents(file, text, contents);
    return { unchanged: true, file };
  }
  await writeSaveFiles(file, text, sidecarOfNew, contents, () => {
    replaceSymlink(join(dir, LAST_LINK), basename(file));
  });
  syncFolder(dir);
  return { unchanged: false, file };
}

interface Written {
  readonly unchanged: boolean;
  readonly file: string;
}

// A one-session save: always a new file, `last` untouched.
async function writeSessionSave(dir: string, snapshot: ServerSnapshot, now: Date, capturing: Promise<CapturedContents> | undefined, session: string): Promise<Written> {
  const text = writeResurrectFile(snapshot.server);
  const file = join(dir, nextSaveName(now, dir));
  const sidecar = serializeSidecar(buildSidecar(snapshot.server, basename(file), text, snapshot.extras, session));
  await writeSaveFiles(file, text, sidecar, await capturing, () => {});
  syncFolder(dir);
  return { unchanged: false, file };
}

// Sidecar, contents, text, then `finish` (the link): each atomic, the text last so that a
// save killed halfway leaves only orphans (removed by the next save); one that fails
// (a full disk) removes what it wrote.
async function writeSaveFiles(file: string, text: string, sidecar: string, contents: CapturedContents | undefined, finish: () => void): Promise<void> {
  try {
    writeFileAtomic(sidecarPath(file), sidecar);
    if (contents !== undefined) await writePaneContents(file, text, contents);
    writeFileAtomic(file, text);
    finish();
  } catch (error) {
    for (const path of [file, sidecarPath(file), paneContentsPath(file)]) {
      try {
        rmSync(path, { force: true });
      } catch {
        // The folder went read-only meanwhile: the next save removes orphans.
      }
    }
    throw error;
  }
}

// True when the save at `path` has this text and the sidecar this save would write for it.
function isSameSave(path: string, text: string, sidecarText: (path: string) => string): boolean {
  if (readText(path) !== text) return false;
  return readText(sidecarPath(path)) === sidecarText(path);
}

// The contents with tmux-resurrect's archive planned: the folder's own kept when it already
// holds exactly these panes (contents-reuse.ts), else built.
async function withResurrectArchive(dir: string, capturing: Promise<CapturedContents>): Promise<CapturedContents> {
  const contents = await capturing;
  // Loaded (tar) only when the archive is built.
  const build = async (panes: readonly PaneContent[]) => await (await import('../resurrect/contents-archive.ts')).buildResurrectArchive(panes);
  return { ...contents, archive: await planResurrectArchive(join(dir, RESURRECT_CONTENTS_ARCHIVE), contents.panes, contents.previous, build) };
}

// tmux-resurrect's pane_contents.tar.gz, rewritten (or, kept, made newer than the save it goes
// with, as resurrectArchiveFor asks); a warning instead when it cannot be.
function updateResurrectArchive(dir: string, archive: ArchivePlan): string[] {
  const path = join(dir, RESURRECT_CONTENTS_ARCHIVE);
  try {
    if (archive.bytes !== undefined) writeFileAtomic(path, archive.bytes);
    else utimesSync(path, new Date(), new Date());
    return [];
  } catch (error) {
    if (!isCannotWrite(error)) throw error;
    return [`tmux-resurrect's ${RESURRECT_CONTENTS_ARCHIVE} in ${dir} could not be updated: ${folderProblem(error)}`];
  }
}

// The time of this save for #{claude_sessions_last_save}: written into an option (so the
// status line shows it without running anything) by the save's own first tmux call.
function lastSaveCommand(now: Date): TmuxCommand {
  const pad = (value: number) => String(value).padStart(2, '0');
  return ['set-option', '-g', STATE_OPTIONS.lastSave, `${pad(now.getHours())}:${pad(now.getMinutes())}`];
}

// The sessions and panes a save holds (a grouped session counts as one).
function counts(server: SavedServer): { sessions: number; panes: number } {
  const names = new Set([...server.panes.map((pane) => pane.sessionName), ...server.groupedSessions.map((group) => group.sessionName)]);
  return { sessions: names.size, panes: server.panes.length };
}

function keepDaysOf(given: number | undefined, setting: string): { keepDays: number; warning?: string } {
  if (given !== undefined) return { keepDays: given };
  const { days, warning } = parseOption(USER_OPTIONS.keepDays, setting);
  return warning === undefined ? { keepDays: days } : { keepDays: days, warning };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
