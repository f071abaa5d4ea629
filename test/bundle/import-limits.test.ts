// import reads a bundle as a stream: its memory stays bounded whatever the bundle expands to,
// unused entries are skipped unread, a transcript goes to disk as it is read, and a bundle
// expanding past the limit is refused, naming the limit and how to raise it, with nothing made.
// Each import runs the built CLI (dist/) in its own node, whose peak RSS (getrusage) is measured.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyFiles, readBundle } from '../../src/bundle/archive.ts';
import { smallManifest, writeTarGz } from '../helpers/tar-bytes.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
// The bound the issue sets for any bundle.
const PEAK_RSS_LIMIT_KIB = 150 * 1024;

let server: TestServer;
let work: string;

const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trimEnd().split('\n');

// Run `claude-sessions import ARGS…` from dist/ in its own node; its exit code, stderr and peak RSS (KiB).
function importMeasured(args: string[], env: Record<string, string> = {}): { code: number; stderr: string; peakKiB: number } {
  const peakFile = join(work, `peak-${Math.random().toString(36).slice(2)}`);
  const result = spawnSync(process.execPath, ['--require', join(REPO_ROOT, 'test', 'helpers', 'peak-rss.cjs'), join(REPO_ROOT, 'dist', 'claude-sessions.cjs'), '-S', server.socket, 'import', ...args], {
    encoding: 'utf8',
    env: testEnv({ PEAK_RSS_FILE: peakFile, ...env }),
    timeout: 120_000,
  });
  if (result.signal !== null) throw new Error(`import was stopped by ${result.signal} (timed out?): ${result.stderr}`);
  const peakKiB = Number(readFileSync(peakFile, 'utf8'));
  rmSync(peakFile);
  return { code: result.status ?? 1, stderr: result.stderr, peakKiB };
}

beforeAll(() => {
  server = startTestServer();
  work = mkdtempSync(join(tmpdir(), 'cs-import-limits-'));
});
afterEach(() => {
  for (const name of readdirSync(work)) rmSync(join(work, name), { recursive: true, force: true });
  server.tryTmux('set-option', '-gu', '@claude-sessions-import-max-size');
});
afterAll(() => {
  server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('a bundle expanding past the limit', () => {
  it('is refused at the entry that would pass it, naming the limit and how to raise it, in under 150 MB', () => {
    const file = join(work, 'bomb.tar.gz');
    writeTarGz(file, [{ path: 'manifest.json', data: smallManifest() }, { path: 'transcripts/bomb.jsonl', size: 3 * GiB }]);
    expect(statSync(file).size).toBeLessThan(4 * MiB);
    const before = sessions();
    const result = importMeasured([file, '--as', 'bomb', '--root', work]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('entry "transcripts/bomb.jsonl" expands to 3G, more than the import limit of 1G; nothing was extracted or created');
    expect(result.stderr).toContain('raise the limit: import --max-size SIZE, or set -g @claude-sessions-import-max-size SIZE');
    expect(result.peakKiB).toBeLessThanOrEqual(PEAK_RSS_LIMIT_KIB);
    expect(sessions()).toEqual(before);
  }, 60_000);

  it('is refused once all its entries together pass the limit, --max-size taking precedence over the tmux option', () => {
    const file = join(work, 'many.tar.gz');
    const entries = [1, 2, 3].map((n) => ({ path: `junk/${n}`, size: 200 * MiB }));
    writeTarGz(file, [{ path: 'manifest.json', data: smallManifest() }, ...entries]);
    server.tmux('set-option', '-g', '@claude-sessions-import-max-size', '100M');
    const before = sessions();
    const result = importMeasured([file, '--as', 'many', '--root', work, '--max-size', '500M']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('it expands to more than the import limit of 500M; nothing was extracted or created');
    expect(result.peakKiB).toBeLessThanOrEqual(PEAK_RSS_LIMIT_KIB);
    expect(sessions()).toEqual(before);
  }, 60_000);

  it('says a limit that is not a size is not one', () => {
    const file = join(work, 'small.tar.gz');
    writeTarGz(file, [{ path: 'manifest.json', data: smallManifest() }]);
    const result = importMeasured([file, '--as', 'small', '--root', work, '--max-size', 'lots']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--max-size "lots" is not a size: use a number of bytes, or with a unit K, M, G or T');
  });
});

describe('a big bundle within the limit', () => {
  it('is read only up to its tar end marker: 3 GiB of zeros after it are neither read nor held', () => {
    const file = join(work, 'trailing.tar.gz');
    writeTarGz(file, [{ path: 'manifest.json', data: smallManifest() }], 3 * GiB);
    const result = importMeasured([file, '--as', 'trailing', '--root', work]);
    expect(result.code, result.stderr).toBe(0);
    expect(sessions()).toContain('claude-dev-trailing');
    expect(result.peakKiB).toBeLessThanOrEqual(PEAK_RSS_LIMIT_KIB);
    server.tmux('kill-session', '-t', '=claude-dev-trailing');
  }, 60_000);

  it('imports with unused entries skipped and a 160 MB transcript written as it is read, in under 150 MB', async () => {
    const config = mkdtempSync(join(work, 'claude-config-'));
    const id = '0b7e8c4e-1111-4222-8333-444455556666';
    const line = Buffer.from(`{"type":"user","message":{"role":"user","content":"${'x'.repeat(200)}"}}\n`);
    const block = Buffer.concat(Array.from({ length: Math.ceil(MiB / line.length) }, () => line)).subarray(0, MiB);
    const transcriptSize = 160 * MiB;
    const manifest = smallManifest({ claude: [{ pane: '0.0', sessionId: id, args: [], transcript: `${id}.jsonl` }], transcripts: [`${id}.jsonl`] });
    const file = join(work, 'big.tar.gz');
    writeTarGz(file, [
      { path: 'manifest.json', data: manifest },
      { path: 'unused/zeros', size: 700 * MiB },
      { path: `transcripts/${id}.jsonl`, size: transcriptSize, block },
    ]);
    const result = importMeasured([file, '--as', 'big', '--root', work, '--yes'], { CLAUDE_CONFIG_DIR: config });
    expect(result.code, result.stderr).toBe(0);
    expect(sessions()).toContain('claude-dev-big');
    expect(result.peakKiB).toBeLessThanOrEqual(PEAK_RSS_LIMIT_KIB);

    const installed = join(config, 'projects', work.replace(/[^A-Za-z0-9]/g, '-'), `${id}.jsonl`);
    expect(statSync(installed).size).toBe(transcriptSize);
    const expected = createHash('sha256');
    for (let i = 0; i < transcriptSize / MiB; i++) expected.update(block);
    const actual = createHash('sha256');
    for await (const chunk of createReadStream(installed)) actual.update(chunk as Buffer);
    expect(actual.digest('hex')).toBe(expected.digest('hex'));
    // Nothing left beside it: the temporary copy was linked into place and removed.
    expect(readdirSync(join(installed, '..'))).toEqual([`${id}.jsonl`]);
    expect(existsSync(join(work, 'unused'))).toBe(false);
    server.tmux('kill-session', '-t', '=claude-dev-big');
  }, 90_000);
});

describe('transcripts copied after the check', () => {
  it('are not copied from a bundle file replaced since it was checked', async () => {
    const file = join(work, 'swap.tar.gz');
    const entries = [{ path: 'manifest.json', data: smallManifest() }, { path: 'transcripts/a.jsonl', data: Buffer.from('{}\n') }];
    writeTarGz(file, entries);
    const bundle = await readBundle(file);
    writeTarGz(`${file}.new`, [entries[0]!, { path: 'transcripts/a.jsonl', data: Buffer.from('evil\n') }]);
    renameSync(`${file}.new`, file);
    const target = join(work, 'a.jsonl');
    await expect(copyFiles(bundle, new Map([['transcripts/a.jsonl', [target]]]))).rejects.toThrow(`${file} changed while it was being imported`);
    expect(readdirSync(work).sort()).toEqual(['swap.tar.gz']);
  });
});
