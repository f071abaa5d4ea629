// Bundle files on disk: a gzipped tar written atomically from a private staging folder, and
// read as a stream: every entry checked and the expanded size capped before anything is used,
// only the manifest held in memory, files copied out later straight to disk.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, createReadStream, fstatSync, fsyncSync, linkSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { create, Parser, type ReadEntry } from 'tar';
import { optionDefault, parseOption, USER_OPTIONS } from '../options/definitions.ts';
import { temporaryFor } from '../util/atomic-write.ts';
import { formatByteSize, SIZE_FORMS } from '../util/byte-size.ts';
import { BundleError, MANIFEST_FILE } from './manifest.ts';

// The tmux option that sets how far a bundle may expand (import --max-size overrides it).
export const MAX_SIZE_OPTION = USER_OPTIONS.importMaxSize;

// Held in memory and parsed whole, so capped well below any limit a user sets.
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

// A bundle holds a manifest and a transcript per Claude pane: more entries than this is not one.
export const MAX_ENTRIES = 10_000;

// Longest entry name taken (the names of all entries are kept while a bundle is checked).
export const MAX_NAME_LENGTH = 1024;

// How far reading a bundle may go: its expanded bytes, all entries together (so any one too).
export interface BundleLimits {
  readonly maxBytes: number;
}

// The limit when neither --max-size nor the option says otherwise.
export const DEFAULT_LIMITS: BundleLimits = { maxBytes: parseOption(MAX_SIZE_OPTION, optionDefault(MAX_SIZE_OPTION)) as number };

// The limits from --max-size when given, else from the tmux option's value; BundleError for a bad size.
export function bundleLimits(maxSizeFlag: string | undefined, optionSetting: string): BundleLimits {
  const [text, where] = maxSizeFlag === undefined ? [optionSetting, MAX_SIZE_OPTION] : [maxSizeFlag, '--max-size'];
  const maxBytes = parseOption(MAX_SIZE_OPTION, text);
  if (maxBytes === undefined) throw new BundleError(`${where} ${JSON.stringify(text)} is not a size: use ${SIZE_FORMS}`);
  return { maxBytes };
}

// Entry types a bundle may hold: plain files and folders.
const ALLOWED_TYPES = new Set(['File', 'OldFile', 'Directory']);

// Why an entry of another type is refused, in words.
const TYPE_WORDS: Readonly<Record<string, string>> = {
  SymbolicLink: 'a symbolic link',
  Link: 'a hard link',
  CharacterDevice: 'a character device',
  BlockDevice: 'a block device',
  FIFO: 'a FIFO (named pipe)',
  ContiguousFile: 'a contiguous file',
};

// A bundle read through once and found sound: its manifest, and which files it holds.
export interface CheckedBundle {
  readonly file: string;
  readonly limits: BundleLimits;
  /** manifest.json's bytes, or undefined when the bundle has none. */
  readonly manifest: Buffer | undefined;
  /** Each file the bundle holds (path without ./ or trailing /) and its size. */
  readonly files: ReadonlyMap<string, number>;
  /** The file as it was checked (device, inode, size, mtime): copyFiles refuses it changed. */
  readonly identity: string;
}

// Write `files` (bundle path -> contents) to `target` as .tar.gz: temp file beside it, then rename.
export async function writeBundle(target: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  const stage = mkdtempSync(join(tmpdir(), 'claude-sessions-bundle-'));
  const temporary = join(dirname(target), `.${basename(target)}.tmp.${process.pid}`);
  try {
    for (const [path, contents] of files) {
      mkdirSync(dirname(join(stage, path)), { recursive: true, mode: 0o700 });
      writeFileSync(join(stage, path), contents, { mode: 0o600 });
    }
    await create({ gzip: true, file: temporary, cwd: stage, portable: true, noDirRecurse: false }, [...topLevel(files.keys())]);
    chmodSync(temporary, 0o600);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

// Read a bundle through once as a stream: every entry checked, the expansion capped, the
// manifest kept, other entries skipped unread. Throws BundleError naming the first problem.
export async function readBundle(file: string, limits: BundleLimits = DEFAULT_LIMITS): Promise<CheckedBundle> {
  const files = new Map<string, number>();
  let manifest: Buffer | undefined;
  const identity = await walkBundle(file, limits, undefined, (entry, path) => {
    if (files.has(path)) return `entry ${shown(entry.path)} appears twice`;
    files.set(path, entry.size);
    if (path !== MANIFEST_FILE) return void entry.resume();
    if (entry.size > MAX_MANIFEST_BYTES) return `${MANIFEST_FILE} is ${formatByteSize(entry.size)}; a manifest may be at most ${formatByteSize(MAX_MANIFEST_BYTES)}`;
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => (manifest = Buffer.concat(chunks)));
    return undefined;
  });
  return { file, limits, manifest, files, identity };
}

// Copy files out of a checked bundle (bundle path -> destinations), each streamed to a temporary
// file beside its destination and linked into place: an existing destination is left as it is.
export async function copyFiles(bundle: CheckedBundle, wanted: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const copies: { temporary: string; fd: number | undefined }[] = [];
  try {
    let left = wanted.size;
    await walkBundle(bundle.file, bundle.limits, bundle.identity, (entry, path, stop) => {
      const destinations = wanted.get(path);
      if (destinations === undefined) return void entry.resume();
      const targets = destinations.map((destination) => {
        const copy = { destination, temporary: `${temporaryFor(destination)}.${randomBytes(3).toString('hex')}`, fd: undefined as number | undefined };
        copies.push(copy);
        copy.fd = openSync(copy.temporary, 'wx', 0o600);
        return copy;
      });
      const guarded = (step: () => void) => {
        try {
          step();
        } catch (error) {
          stop(error as Error);
        }
      };
      entry.on('data', (chunk: Buffer) => guarded(() => targets.forEach((target) => writeSync(target.fd as number, chunk))));
      entry.on('end', () =>
        guarded(() => {
          for (const target of targets) {
            const fd = target.fd as number;
            target.fd = undefined;
            placeFile(fd, target.temporary, target.destination);
          }
          // The rest of the bundle was checked by readBundle: no need to read on.
          left -= 1;
          if (left === 0) stop();
        }),
      );
      return undefined;
    });
  } finally {
    for (const copy of copies) {
      if (copy.fd !== undefined) closeSync(copy.fd);
      rmSync(copy.temporary, { force: true });
    }
  }
}

// Why an entry may not be in a bundle, or undefined when it may: the first thing wrong with it.
export function entryProblem(type: string, path: string, linkpath?: string): string | undefined {
  const name = shown(path);
  if (!ALLOWED_TYPES.has(type)) {
    const what = TYPE_WORDS[type] ?? `a tar entry of type ${type}`;
    const target = linkpath ? ` to ${shown(linkpath)}` : '';
    return `entry ${name} is ${what}${target}; a bundle holds only plain files and folders`;
  }
  if (path === '') return 'an entry has an empty name';
  if (path.length > MAX_NAME_LENGTH) return `entry ${name} has a name of ${path.length} characters; at most ${MAX_NAME_LENGTH} are taken`;
  if (path.includes('\0')) return `entry ${name} has a NUL character in its name`;
  if (path.includes('\\')) return `entry ${name} has a backslash in its name; bundle paths separate folders with /`;
  if (/^[A-Za-z]:/.test(path)) return `entry ${name} starts with a drive letter (${path.slice(0, 2)}); bundle paths are relative`;
  if (path.startsWith('/')) return `entry ${name} has an absolute path; bundle paths are relative`;
  if (path.split('/').includes('..')) return `entry ${name} has a '..' in its path, which would reach outside the bundle`;
  return undefined;
}

// The refusal when a bundle would expand past its limit, naming the limit and how to raise it.
function limitError(file: string, what: string, limits: BundleLimits): BundleError {
  const limit = formatByteSize(limits.maxBytes);
  return new BundleError(
    `refusing ${file}: ${what} more than the import limit of ${limit}; nothing was extracted or created. ` +
      `To import it anyway, raise the limit: import --max-size SIZE, or set -g ${MAX_SIZE_OPTION} SIZE`,
  );
}

// Handles one allowed file entry: consumes or resumes it, or returns why the bundle is refused;
// `stop` ends the reading early (with an error: the walk fails with it).
type FileHandler = (entry: ReadEntry, path: string, stop: (error?: Error) => void) => string | undefined;

// Stream `file` through gunzip (counting expanded bytes) and the tar parser, checking each entry
// and handing files to `onFile`; stops at the tar end, the first problem, or the limit.
// Resolves to the file's identity, and refuses a file whose identity is not `expected`.
function walkBundle(file: string, limits: BundleLimits, expected: string | undefined, onFile: FileHandler): Promise<string> {
  let fd: number;
  let identity: string;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new BundleError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    identity = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (!stat.isFile()) throw new BundleError(`${file} is not a regular file`);
    if (expected !== undefined && identity !== expected) throw new BundleError(`${file} changed while it was being imported`);
    if (stat.size > limits.maxBytes) throw limitError(file, `it is ${formatByteSize(stat.size)},`, limits);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const source = createReadStream(file, { fd });
  const gunzip = createGunzip();
  const parser = new Parser({ strict: true });
  const refuse = (problem: string) => new BundleError(`refusing ${file}: ${problem}; nothing was extracted or created`);
  const unreadable = (error: Error) => new BundleError(`${file} is not a readable .tar.gz bundle: ${error.message}`);
  let expanded = 0;
  let entries = 0;
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      source.unpipe(gunzip);
      source.destroy();
      gunzip.destroy();
      if (error) reject(error);
      else resolve(identity);
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (done) return void entry.resume();
      entries += 1;
      let problem = entries > MAX_ENTRIES ? `it has more than ${MAX_ENTRIES} entries` : entryProblem(entry.type, entry.path, entry.linkpath);
      if (problem === undefined && entry.size > limits.maxBytes) {
        entry.resume();
        return finish(limitError(file, `entry ${shown(entry.path)} expands to ${formatByteSize(entry.size)},`, limits));
      }
      if (problem !== undefined || entry.type === 'Directory') entry.resume();
      else {
        try {
          problem = onFile(entry, normalPath(entry.path), finish);
        } catch (error) {
          entry.resume();
          return finish(error as Error);
        }
      }
      if (problem !== undefined) {
        entry.resume();
        finish(refuse(problem));
      }
    });
    parser.on('error', (error: Error) => finish(unreadable(error)));
    // Past the end marker the parser would buffer whatever follows: stop reading there.
    parser.on('eof', () => finish());
    parser.on('end', () => finish());
    gunzip.on('data', (chunk: Buffer) => {
      if (done) return;
      expanded += chunk.length;
      if (expanded > limits.maxBytes) return finish(limitError(file, 'it expands to', limits));
      if (!parser.write(chunk)) {
        gunzip.pause();
        parser.once('drain', () => gunzip.resume());
      }
    });
    gunzip.on('end', () => parser.end());
    gunzip.on('error', (error: Error) => finish(unreadable(error)));
    source.on('error', (error: Error) => finish(new BundleError(`cannot read ${file}: ${error.message}`)));
    source.pipe(gunzip);
  });
}

// Flush a copied file and link it into place (never over an existing file), then drop the temporary.
function placeFile(fd: number, temporary: string, destination: string): void {
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

// An entry name for messages: quoted with escapes, and cut short when long.
function shown(path: string): string {
  return JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
}

function normalPath(path: string): string {
  return path.split('/').filter((part) => part !== '' && part !== '.').join('/');
}

function topLevel(paths: Iterable<string>): Set<string> {
  return new Set([...paths].map((path) => path.split('/')[0] as string));
}
