// Pane contents kept with a save (`@claude-sessions-capture-pane-contents on`, or
// tmux-resurrect's `@resurrect-capture-pane-contents on`): captured with history and colours
// in one tmux call, stored gzipped beside the save and tied to it by sha256, and shown again
// in the restored pane before its shell starts. A save without contents of its own (one
// tmux-resurrect wrote) is shown with resurrect's pane_contents.tar.gz when that archive
// goes with it: see resurrectArchiveFor.
//
// No race: each restored pane gets its own copy in a private folder, made before the pane
// exists, and the pane's start script is the only thing that deletes it (after showing it),
// so "No such file" cannot happen however saves are pruned meanwhile.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseOption, USER_OPTIONS } from '../options/definitions.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { SavedPane } from './format.ts';
import { previousCaptureOf, reusableText, type ArchivePlan, type CaptureBasis, type CapturedPane, type CaptureRecord, type PreviousCapture } from './contents-reuse.ts';
import { lastSavePath, paneContentsPath, RESURRECT_CONTENTS_ARCHIVE } from './save-dir.ts';
import { sha256Of } from './sidecar.ts';

const CONTENTS_FORMAT = 'claude-sessions-pane-contents/1';

// One pane's captured text (with escape sequences for colours), addressed as in the save.
export interface PaneContent {
  readonly session: string;
  readonly window: number;
  readonly pane: number;
  readonly text: string;
}

interface ContentsFile {
  readonly format: typeof CONTENTS_FORMAT;
  readonly saveFile: string;
  readonly sha256: string;
  readonly panes: readonly PaneContent[];
  /** Absent in files of older versions, and when the server's identity was not read. */
  readonly capture?: CaptureRecord;
  /** The sha256 of tmux-resurrect's archive written with these contents. */
  readonly archive?: string;
}

// True when either tool's capture option is on.
export function capturesContents(ours: string, resurrects: string): boolean {
  return parseOption(USER_OPTIONS.capturePaneContents, ours) || (ours === '' && resurrects === 'on');
}

// A listed pane to capture: its tmux id, its address in the save, and its screen state
// (contents-reuse.ts; undefined: captured whatever the previous save holds).
export interface PaneToCapture extends Omit<PaneContent, 'text'> {
  readonly id: string;
  readonly screen?: string | undefined;
}

// The contents a save holds, and the record that lets the next save reuse them.
export interface CapturedContents {
  readonly panes: readonly PaneContent[];
  readonly record?: CaptureRecord | undefined;
  /** How many panes were asked of tmux (the others were taken from the previous save). */
  readonly captured: number;
  /** What the previous save captured, when it could be read. */
  readonly previous?: PreviousCapture | undefined;
  /** tmux-resurrect's archive that goes with these contents (a save of the whole server). */
  readonly archive?: ArchivePlan | undefined;
}

// Capture every listed pane (visible area and history), except those whose screen provably did
// not change since the previous save (their text is taken from it): a few tmux calls, run at
// once (capture changes nothing, so their order does not matter), started before this returns.
export async function capturePaneContents(client: TmuxClient, panes: readonly PaneToCapture[], basis?: CaptureBasis): Promise<CapturedContents> {
  const texts: (string | undefined)[] = panes.map((pane) => reusableText(basis, pane));
  const toCapture = panes.flatMap((pane, index) => (texts[index] === undefined ? [{ ...pane, index }] : []));
  const captured = await capturePanes(client, toCapture);
  for (const content of captured) texts[content.index] = content.text;
  const contents: PaneContent[] = [];
  const recorded = new Map<string, CapturedPane>();
  panes.forEach((pane, index) => {
    const text = texts[index];
    if (text === undefined) return;
    if (text !== '') contents.push({ session: pane.session, window: pane.window, pane: pane.pane, text });
    // A window linked into two sessions lists its panes twice: recorded once.
    if (pane.screen !== undefined && pane.screen !== '' && !recorded.has(pane.id)) recorded.set(pane.id, { id: pane.id, screen: pane.screen, text: text === '' ? -1 : contents.length - 1 });
  });
  const record = basis === undefined || basis.server === '' ? undefined : { server: basis.server, listedAt: basis.listedAt, panes: [...recorded.values()] };
  return { panes: contents, record, captured: toCapture.length, previous: basis?.previous };
}

// Capture the listed panes in a few tmux calls run at once; each pane's text ('' when empty),
// with its position in `panes`.
async function capturePanes<P extends { readonly id: string }>(client: TmuxClient, panes: readonly P[]): Promise<(P & { text: string })[]> {
  if (panes.length === 0) return [];
  // Short words: every pane's two commands count against the 16 KiB of each tmux call, so
  // a thousand panes take a few calls rather than eight.
  const tag = `~${randomBytes(6).toString('hex')}`;
  const commands = panes.flatMap((pane, index) => [
    ['display', '-p', `${tag} ${index}`],
    ['capture-pane', '-peJS-', '-t', pane.id],
  ]);
  const output = await client.batchConcurrently(commands);
  const parts = output.split(new RegExp(`^${tag} (\\d+)\\n`, 'm'));
  const captured: (P & { text: string })[] = [];
  for (let at = 1; at + 1 < parts.length; at += 2) {
    const pane = panes[Number(parts[at])];
    const text = (parts[at + 1] ?? '').replace(/\s+$/, '');
    if (pane !== undefined) captured.push({ ...pane, text: text === '' ? '' : `${text}\n` });
  }
  return captured;
}

// Store contents beside the save whose text is `saveText` (atomically, private).
export async function writePaneContents(savePath: string, saveText: string, contents: CapturedContents): Promise<void> {
  // Loaded on demand: only saves with contents pay for zlib.
  const { constants, gzipSync } = await import('node:zlib');
  const { panes, record, archive } = contents;
  const file: ContentsFile = {
    format: CONTENTS_FORMAT,
    saveFile: basename(savePath),
    sha256: sha256Of(saveText),
    panes,
    ...(record === undefined ? {} : { capture: record }),
    ...(archive === undefined ? {} : { archive: archive.sha256 }),
  };
  // The fastest level: any level reads back the same, and a save of a thousand panes waits less.
  writeFileAtomic(paneContentsPath(savePath), gzipSync(JSON.stringify(file), { level: constants.Z_BEST_SPEED }));
}

// The contents stored with this save, when they were written for exactly this text.
export async function readPaneContents(savePath: string, saveSha256: string): Promise<readonly PaneContent[]> {
  if (!existsSync(paneContentsPath(savePath))) return [];
  const { gunzipSync } = await import('node:zlib');
  try {
    const file = JSON.parse(gunzipSync(readFileSync(paneContentsPath(savePath))).toString('utf8')) as Partial<ContentsFile>;
    const matches = file.format === CONTENTS_FORMAT && file.saveFile === basename(savePath) && file.sha256 === saveSha256;
    return matches && Array.isArray(file.panes) ? file.panes : [];
  } catch {
    return [];
  }
}

// What the save `last` names in `dir` captured, when its contents file is intact and was
// written for exactly that save's text; undefined otherwise (then everything is captured).
export async function readPreviousCapture(dir: string): Promise<PreviousCapture | undefined> {
  const last = lastSavePath(dir);
  if (last === undefined) return undefined;
  try {
    const { gunzipSync } = await import('node:zlib');
    const text = readFileSync(last, 'utf8');
    const file = JSON.parse(gunzipSync(readFileSync(paneContentsPath(last))).toString('utf8')) as Partial<ContentsFile>;
    return file.format === CONTENTS_FORMAT ? previousCaptureOf(file, basename(last), sha256Of(text)) : undefined;
  } catch {
    return undefined;
  }
}

// Contents staged for one restore: each pane's start command, and cleanup if the restore fails.
export interface StagedContents {
  /** The argv a pane starts with to show its contents first (undefined: no contents). */
  startCommandFor(defaultShell: string, defaultCommand: string): (pane: SavedPane) => readonly string[] | undefined;
  discard(): void;
}

// Shows the contents (the text itself when given, else the file, which it then deletes),
// then becomes the shell tmux would have started (a login shell, or default-shell -c
// default-command). Constant text: data arrives as arguments.
// $0 of the wrapper a restored pane starts with: tells it from the pane's own start command.
const RESTORE_PANE_NAME = 'claude-sessions-restore-pane';

// True when tmux's #{pane_start_command} is the wrapper a restore started the pane with
// (its arguments may hold the saved contents): a save never records it as the pane's command.
export function isRestoreWrapper(startCommand: string): boolean {
  return startCommand.startsWith('/bin/sh -c ') && startCommand.includes(` ${RESTORE_PANE_NAME} `);
}

const SHOW_THEN_SHELL = [
  'file=$1 shell=$2 command=$3 text=$4',
  'if [ -z "$file" ]; then printf %s "$text"; else [ -f "$file" ] && cat -- "$file"; rm -f -- "$file"; fi',
  '[ -n "$shell" ] || shell=${SHELL:-/bin/sh}',
  'if [ -n "$command" ]; then exec "$shell" -c "$command"; fi',
  'exec "$shell" -l',
].join('\n');

const STALE_MS = 24 * 60 * 60 * 1000;

// Contents up to this size go to the pane as an argument, shown by the shell's own printf:
// no file, and no cat or rm per pane (a restore of a thousand panes starts thousands fewer
// processes); larger ones go through a file, as an argument counts against a tmux call's 16 KiB.
export const INLINE_CONTENTS_BYTES = 2048;

// tmux-resurrect's archive in the save's folder when it goes with this save, as tmux-resurrect
// itself uses it: the save is the one `last` names, and the archive was written after it
// (so not left over from before capture was turned off). Undefined otherwise.
export function resurrectArchiveFor(savePath: string): string | undefined {
  const archive = join(dirname(savePath), RESURRECT_CONTENTS_ARCHIVE);
  const last = lastSavePath(dirname(savePath));
  if (last === undefined || resolve(last) !== resolve(savePath)) return undefined;
  try {
    return statSync(archive).mtimeMs >= statSync(savePath).mtimeMs ? archive : undefined;
  } catch {
    return undefined;
  }
}

// The contents a restore of this save shows: its own, else tmux-resurrect's archive that goes with it.
export async function contentsForRestore(savePath: string, saveSha256: string): Promise<readonly PaneContent[]> {
  const own = await readPaneContents(savePath, saveSha256);
  if (own.length > 0) return own;
  const archive = resurrectArchiveFor(savePath);
  if (archive === undefined) return [];
  const { readResurrectArchive } = await import('./contents-archive.ts');
  return readResurrectArchive(archive);
}

// Prepare the contents of a save for restoring its panes, in a private folder under `root`.
export async function stagePaneContents(savePath: string, saveSha256: string, root: string): Promise<StagedContents> {
  const contents = await contentsForRestore(savePath, saveSha256);
  if (contents.length === 0) return { startCommandFor: () => () => undefined, discard: () => {} };
  removeStale(root);
  const dir = join(root, `${process.pid}-${randomBytes(4).toString('hex')}`);
  const byPane = new Map(contents.map((content) => [`${content.session}\t${content.window}\t${content.pane}`, content.text]));
  let count = 0;
  return {
    startCommandFor: (defaultShell, defaultCommand) => (pane) => {
      const text = byPane.get(`${pane.sessionName}\t${pane.windowIndex}\t${pane.paneIndex}`);
      if (text === undefined) return undefined;
      if (Buffer.byteLength(text) <= INLINE_CONTENTS_BYTES) {
        return ['/bin/sh', '-c', SHOW_THEN_SHELL, RESTORE_PANE_NAME, '', defaultShell, defaultCommand, text];
      }
      // Made with the first file: a restore whose contents all go inline leaves no folder.
      if (count === 0) mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, String(count++));
      writeFileSync(file, text, { mode: 0o600 });
      return ['/bin/sh', '-c', SHOW_THEN_SHELL, RESTORE_PANE_NAME, file, defaultShell, defaultCommand];
    },
    discard: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Folders of restores whose panes never started (a day old) are removed.
function removeStale(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(root, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone meanwhile
    }
  }
}
