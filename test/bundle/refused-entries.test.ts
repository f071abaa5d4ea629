// A bundle entry import refuses is named with what is actually wrong with it (a backslash is
// not "an absolute path"), and nothing is made: on a real tmux server, from hand-made tars.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { smallManifest, writeTarGz, type TarEntry } from '../helpers/tar-bytes.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

let server: TestServer;
let work: string;
let root: string;

beforeAll(() => {
  server = startTestServer();
  work = mkdtempSync(join(tmpdir(), 'cs-refused-'));
  root = mkdtempSync(join(work, 'root-'));
});
afterAll(() => {
  server.stop();
  rmSync(work, { recursive: true, force: true });
});

const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trimEnd().split('\n');
const x = Buffer.from('x');

const CASES: readonly [string, TarEntry[], string][] = [
  ['a backslash', [{ path: '..\\x', data: x }], 'entry "..\\\\x" has a backslash in its name; bundle paths separate folders with /'],
  ['a drive letter', [{ path: 'C:/x', data: x }], 'entry "C:/x" starts with a drive letter (C:); bundle paths are relative'],
  ['an absolute path', [{ path: '/tmp/cs-evil', data: x }], 'entry "/tmp/cs-evil" has an absolute path; bundle paths are relative'],
  ["a '..' part", [{ path: 'a/../../x', data: x }], `entry "a/../../x" has a '..' in its path, which would reach outside the bundle`],
  ['a symbolic link', [{ path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }], 'entry "link" is a symbolic link to "/etc/passwd"; a bundle holds only plain files and folders'],
  ['a hard link', [{ path: 'hard', type: 'Link', linkpath: 'manifest.json' }], 'entry "hard" is a hard link to "manifest.json"; a bundle holds only plain files and folders'],
  ['a character device', [{ path: 'tty', type: 'CharacterDevice', devmaj: 5, devmin: 0 }], 'entry "tty" is a character device; a bundle holds only plain files and folders'],
  ['a block device', [{ path: 'disk', type: 'BlockDevice', devmaj: 8, devmin: 0 }], 'entry "disk" is a block device; a bundle holds only plain files and folders'],
  ['a FIFO', [{ path: 'pipe', type: 'FIFO' }], 'entry "pipe" is a FIFO (named pipe); a bundle holds only plain files and folders'],
  ['a second manifest', [{ path: './manifest.json', data: smallManifest() }], 'entry "./manifest.json" appears twice'],
  ['a name too long', [{ path: `${'d/'.repeat(600)}x`, data: x }], 'has a name of 1201 characters; at most 1024 are taken'],
  ['too many entries', Array.from({ length: 10_000 }, (_, n) => ({ path: `e/${n}`, data: x })), 'it has more than 10000 entries'],
];

describe('a refused entry is named with its actual problem', () => {
  it.each(CASES)('%s', async (_what, entries, message) => {
    const file = join(work, 'bundle.tar.gz');
    writeTarGz(file, [{ path: 'manifest.json', data: smallManifest() }, ...entries]);
    const before = sessions();
    const result = await runCliCaptured(['-S', server.socket, 'import', file, '--as', 'evil', '--root', root]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`refusing ${file}: `);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('nothing was extracted or created');
    expect(sessions()).toEqual(before);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(join(work, 'x')) || existsSync('/tmp/cs-evil')).toBe(false);
  });
});
