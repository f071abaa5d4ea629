// tmux-resurrect's pane contents: one pane_contents.tar.gz in the save folder, rewritten by
// every save with capture on, so it goes with the newest save (the one `last` names). Its
// entries are ./pane_contents/pane-SESSION:WINDOW.PANE, each a pane's captured text.
// Read whole into memory (nothing is extracted), written atomically; loaded on demand, and
// node-tar only for reading and for the rare name a plain ustar header cannot hold.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { PaneContent } from './pane-contents.ts';
import { RESURRECT_CONTENTS_ARCHIVE } from './save-dir.ts';

// Larger archives are not read (a thousand panes of full scrollback are far less).
const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

const ENTRY = /^(?:\.\/)?pane_contents\/pane-(.+):(\d+)\.(\d+)$/;

// The archive's entry name for a pane; undefined for a session name tmux-resurrect cannot
// address safely (a `/` makes a sub-folder; a `'` breaks the quotes of its restore's `cat`).
export function archiveEntryName(content: Pick<PaneContent, 'session' | 'window' | 'pane'>): string | undefined {
  if (/['/\0]/.test(content.session)) return undefined;
  return `./pane_contents/pane-${content.session}:${content.window}.${content.pane}`;
}

// Write `panes` as the folder's pane_contents.tar.gz, in tmux-resurrect's layout. The blocks
// are laid out here with node-tar's header encoding (its Pack streams cost a save more).
export async function writeResurrectArchive(dir: string, panes: readonly PaneContent[]): Promise<void> {
  writeFileAtomic(join(dir, RESURRECT_CONTENTS_ARCHIVE), await buildResurrectArchive(panes));
}

// The bytes of a pane_contents.tar.gz holding `panes`.
export async function buildResurrectArchive(panes: readonly PaneContent[]): Promise<Buffer> {
  const mtime = new Date();
  const entries: Entry[] = [{ path: './pane_contents/', type: 'Directory', data: Buffer.alloc(0) }];
  for (const pane of panes) {
    const path = archiveEntryName(pane);
    if (path !== undefined) entries.push({ path, type: 'File', data: Buffer.from(pane.text, 'utf8') });
  }
  const header = plainHeaders(mtime);
  const headers = entries.map((entry) => header(entry.path, entry.type, entry.data.length, modeOf(entry.type)));
  const tar = headers.includes(undefined) ? await import('tar') : undefined;
  const blocks = entries.flatMap((entry, index) => entryBlocks(entry, headers[index], mtime, tar));
  // Two zero blocks end a tar archive.
  blocks.push(Buffer.alloc(2 * BLOCK));
  // The fastest level: tar and gzip (tmux-resurrect's restore) read any level alike.
  return gzipSync(Buffer.concat(blocks), { level: constants.Z_BEST_SPEED });
}

const BLOCK = 512;
// Padding, shared by every entry (Buffer.concat copies it).
const ZEROS = Buffer.alloc(BLOCK);

interface Entry {
  readonly path: string;
  readonly type: 'File' | 'Directory';
  readonly data: Buffer;
}

const modeOf = (type: Entry['type']) => (type === 'File' ? 0o600 : 0o700);

// One entry: its plain header, or (node-tar's) a pax header first when the name does not fit
// ustar (long, or not ASCII) and its header; then its data padded to whole blocks.
function entryBlocks({ path, type, data }: Entry, plain: Buffer | undefined, mtime: Date, tar: typeof import('tar') | undefined): Buffer[] {
  const padding = ZEROS.subarray(0, (BLOCK - (data.length % BLOCK)) % BLOCK);
  if (plain !== undefined) return [plain, data, padding];
  if (tar === undefined) throw new Error(`tar header of ${path} was not encoded`);
  const header = new tar.Header({ path, type, size: data.length, mode: modeOf(type), mtime });
  const needsPax = header.encode();
  if (header.block === undefined) throw new Error(`tar header of ${path} was not encoded`);
  return [...(needsPax ? [new tar.Pax({ path, mtime }).encode()] : []), header.block, data, padding];
}

// The ustar header node-tar's Header encodes, byte for byte, for the common entry: a name of
// under 100 printable ASCII characters and a size under 1 GiB (undefined otherwise). Written here because
// node-tar's encoder cost a save of a thousand panes more than the rest of the archive.
export function plainHeader(path: string, type: 'File' | 'Directory', size: number, mode: number, mtime: Date): Buffer | undefined {
  return plainHeaders(mtime)(path, type, size, mode);
}

// plainHeader for the entries of one archive, all of time `mtime`: the fields they share (mode,
// time, type, magic) are laid out and summed once per type, so each header copies that
// template and writes and sums only its name and size.
export function plainHeaders(mtime: Date): (path: string, type: 'File' | 'Directory', size: number, mode: number) => Buffer | undefined {
  const templates = new Map<string, { readonly block: Buffer; readonly sum: number }>();
  const inRange = mtime.getTime() >= 0 && mtime.getTime() < 8 ** 11 * 1000;
  return (path, type, size, mode) => {
    if (!inRange || path.length >= 100 || !/^[\x20-\x7e]*$/.test(path) || size >= 8 ** 10) return undefined;
    const key = `${type} ${mode}`;
    let template = templates.get(key);
    if (template === undefined) {
      const block = Buffer.alloc(BLOCK);
      block.write(octalField(8, mode), 100, 'latin1');
      block.write(octalField(12, mtime.getTime() / 1000), 136, 'latin1');
      block.write(type === 'File' ? '0' : '5', 156, 'latin1');
      block.write('ustar\u000000', 257, 'latin1');
      block.write(octalField(8, 0), 329, 'latin1');
      block.write(octalField(8, 0), 337, 'latin1');
      // The checksum counts its own field as eight spaces.
      block.write('        ', 148, 'latin1');
      template = { block, sum: byteSum(block) };
      templates.set(key, template);
    }
    const block = Buffer.allocUnsafe(BLOCK);
    template.block.copy(block);
    const sizeField = octalField(12, size);
    block.write(path, 0, 'latin1');
    block.write(sizeField, 124, 'latin1');
    block.write(octalField(8, template.sum + byteSum(path) + byteSum(sizeField)), 148, 'latin1');
    return block;
  };
}

// node-tar's number fields: all digits then NUL when they fill the field, else zero-padded to
// two short of it, then a space and NUL.
function octalField(width: number, value: number): string {
  const digits = Math.floor(value).toString(8);
  return digits.length === width - 1 ? `${digits}\u0000` : `${digits.padStart(width - 2, '0')} \u0000`;
}

// The sum of the bytes of a block, or of an ASCII text's characters (indexed: a Buffer's
// iterator costs a thousand headers several milliseconds).
function byteSum(bytes: Buffer | string): number {
  let sum = 0;
  if (typeof bytes === 'string') for (let at = 0; at < bytes.length; at++) sum += bytes.charCodeAt(at);
  else for (let at = 0; at < bytes.length; at++) sum += bytes[at] ?? 0;
  return sum;
}

// The panes of a pane_contents.tar.gz; [] when it cannot be read (missing, cut short while
// tmux-resurrect writes it in place, too large). Entries of other names or types are ignored.
export async function readResurrectArchive(file: string): Promise<PaneContent[]> {
  let data: Buffer;
  try {
    if (statSync(file).size > MAX_ARCHIVE_BYTES) return [];
    data = readFileSync(file);
  } catch {
    return [];
  }
  const panes = new Map<string, PaneContent>();
  const { Parser } = await import('tar');
  const parser = new Parser({ strict: true });
  parser.on('entry', (entry: ReadEntry) => {
    const match = ENTRY.exec(entry.path);
    if (entry.type !== 'File' && entry.type !== 'OldFile') return void entry.resume();
    if (match === null) return void entry.resume();
    const [, session = '', window = '', pane = ''] = match;
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() !== '') panes.set(entry.path, { session, window: Number(window), pane: Number(pane), text });
    });
  });
  const read = await new Promise<boolean>((resolve) => {
    parser.on('error', () => resolve(false));
    parser.on('end', () => resolve(true));
    parser.end(data);
  });
  return read ? [...panes.values()] : [];
}
