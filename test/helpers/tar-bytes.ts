// Hand-made .tar.gz bundles for import tests: any entry type or name, and entries of gigabytes
// that stay small on disk (one gzip member of a 64 MiB block, repeated: gunzip joins members).
import { closeSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Header, Pax, type HeaderData } from 'tar';

// One tar entry to write: its header fields, and its contents (bytes, or a block repeated to `size`).
export interface TarEntry extends HeaderData {
  readonly path: string;
  readonly data?: Buffer;
  /** With `size`: the contents are this block repeated (cut to size); default zeros. */
  readonly block?: Buffer;
}

const BIG_BLOCK = 64 * 1024 * 1024;

// A manifest with one window of one pane, and whatever else `extra` adds.
export function smallManifest(extra: Record<string, unknown> = {}): Buffer {
  const pane = { index: 0, cwd: '.', command: '', title: '', active: true };
  return Buffer.from(JSON.stringify({ version: 1, session: 'evil', windows: [{ index: 0, name: 'w', layout: '', active: true, panes: [pane] }], ...extra }));
}

// The header of one entry: 512 bytes, after a pax header when the name is too long for ustar.
export function headerBlock(fields: HeaderData): Buffer {
  const header = new Header({ mode: fields.type === 'Directory' ? 0o755 : 0o644, mtime: new Date(0), uid: 0, gid: 0, size: 0, ...fields });
  const needsPax = header.encode();
  const block = header.block as Buffer;
  return needsPax ? Buffer.concat([new Pax({ ...fields, mtime: new Date(0) }).encode(), block]) : block;
}

// Write `entries` as a gzipped tar to `file`; big repeated contents cost one compressed block,
// small pieces are gathered into one gzip member. `trailing` zero bytes follow the end marker.
export function writeTarGz(file: string, entries: readonly TarEntry[], trailing = 0): void {
  const fd = openSync(file, 'w');
  let pending: Buffer[] = [];
  const flush = () => {
    if (pending.length > 0) writeSync(fd, gzipSync(Buffer.concat(pending), { level: 9 }));
    pending = [];
  };
  try {
    for (const { data, block, ...fields } of entries) {
      const size = data?.length ?? fields.size ?? 0;
      pending.push(headerBlock({ ...fields, size }));
      if (data) pending.push(data);
      else if (size > 0) {
        flush();
        writeRepeated(fd, block ?? Buffer.alloc(BIG_BLOCK), size);
      }
      pending.push(padding(size));
    }
    pending.push(Buffer.alloc(1024));
    flush();
    writeRepeated(fd, Buffer.alloc(BIG_BLOCK), trailing);
  } finally {
    closeSync(fd);
  }
}

// `size` bytes of `block` repeated: whole blocks share one compressed member, the rest its own.
function writeRepeated(fd: number, block: Buffer, size: number): void {
  if (size === 0) return;
  const whole = Math.floor(size / block.length);
  if (whole > 0) {
    const compressed = gzipSync(block, { level: 9 });
    for (let i = 0; i < whole; i++) writeSync(fd, compressed);
  }
  const rest = size - whole * block.length;
  if (rest > 0) writeSync(fd, gzipSync(block.subarray(0, rest), { level: 9 }));
}

function padding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}
