// Bundle files on disk: a gzipped tar written atomically from a private staging folder,
// and read whole into memory, every entry checked, before anything is used.
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { create, Parser, type ReadEntry } from 'tar';
import { BundleError } from './manifest.ts';

// Larger bundles are refused before reading (transcripts can be big, but not this big).
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

// Entry types a bundle may hold: plain files and folders.
const ALLOWED_TYPES = new Set(['File', 'OldFile', 'Directory']);

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

// Read a bundle into memory: file path -> contents. Throws BundleError naming the first
// entry that is not a plain file or folder with a relative path inside the bundle.
export async function readBundle(file: string): Promise<Map<string, Buffer>> {
  let data: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_BUNDLE_BYTES) throw new BundleError(`${file} is larger than ${MAX_BUNDLE_BYTES} bytes`);
    data = readFileSync(file);
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const files = new Map<string, Buffer>();
  let problem: string | undefined;
  const parser = new Parser({ strict: true });
  parser.on('entry', (entry: ReadEntry) => {
    const reason = entryProblem(entry.type, entry.path);
    if (reason !== undefined || problem !== undefined) {
      problem ??= reason;
      entry.resume();
      return;
    }
    const path = normalPath(entry.path);
    if (entry.type === 'Directory') return void entry.resume();
    if (files.has(path)) problem ??= `entry ${JSON.stringify(entry.path)} appears twice`;
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => files.set(path, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('error', (error: Error) => reject(new BundleError(`${file} is not a readable .tar.gz bundle: ${error.message}`)));
    parser.on('end', () => resolve());
    parser.end(data);
  });
  if (problem !== undefined) throw new BundleError(`refusing ${file}: ${problem}; nothing was extracted or created`);
  return files;
}

// Why an entry may not be in a bundle, or undefined when it may.
export function entryProblem(type: string, path: string): string | undefined {
  const shown = JSON.stringify(path);
  if (!ALLOWED_TYPES.has(type)) return `entry ${shown} is a ${type}, not a plain file or folder`;
  if (path === '' || path.includes('\0')) return `an entry has an empty or invalid name`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return `entry ${shown} has an absolute path`;
  if (path.split('/').includes('..')) return `entry ${shown} has a '..' in its path`;
  return undefined;
}

function normalPath(path: string): string {
  return path.split('/').filter((part) => part !== '' && part !== '.').join('/');
}

function topLevel(paths: Iterable<string>): Set<string> {
  return new Set([...paths].map((path) => path.split('/')[0] as string));
}
