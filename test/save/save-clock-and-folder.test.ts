// Saves under a wrong clock and in folders that cannot be written: names come from the
// clock and a save named in the future is left aside; a read-only, full or forbidden save
// folder is a clear error naming it (and leaves no lock), and restores still work from it.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveServer } from '../../src/save/save.ts';
import { lastSavePath, listSaves, saveFileTime } from '../../src/resurrect/save-dir.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { CLI } from '../helpers/resurrect-peer.ts';
import { inMountNamespace, MOUNTS_ALLOWED, NEEDS_MOUNTS, startSavingServer } from '../helpers/saving-server.ts';
import { testEnv } from '../helpers/tmux-server.ts';

const T0 = new Date(2026, 0, 15, 12, 0, 0);
const FUTURE = 'tmux_resurrect_20990101T000000.txt';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

// What a failed save may not leave: its lock, or a temporary file.
const leftovers = (names: readonly string[]) => names.filter((name) => name.startsWith('save.lock') || /\.tmp\.\d+/.test(name));

describe('a save named in the future', () => {
  it('drags no later save into the future: names come from the clock, and pruning leaves it aside', async () => {
    const { server, dir } = await startSavingServer(stops);
    const first = await saveServer(server.client, { dir, now: T0 });
    copyFileSync(first.file, join(dir, FUTURE));
    const ours: string[] = [];
    for (let minute = 1; minute <= 12; minute++) {
      server.tmux('rename-window', '-t', '=main:0', `minute-${minute}`);
      const now = new Date(T0.getTime() + minute * 60_000);
      const saved = await saveServer(server.client, { dir, now, keepDays: 0 });
      expect(saveFileTime(basename(saved.file))).toEqual(now);
      ours.push(saved.file);
    }
    // keep-days 0: the 5 newest that can be dated stay, and the one named in the future.
    expect(listSaves(dir).map((save) => save.name)).toEqual([...ours.slice(-5).map((file) => basename(file)), FUTURE]);
    expect(lastSavePath(dir)).toBe(ours.at(-1));
  });

  it('is pointed out by `saves`', async () => {
    const { server, dir } = await startSavingServer(stops);
    const first = await saveServer(server.client, { dir, now: T0 });
    copyFileSync(first.file, join(dir, FUTURE));
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'saves']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: `claude-sessions: ${FUTURE} is named in the future; pruning leaves it alone (delete it if the clock was wrong)\n` });
  });
});

describe(`a read-only save folder${NEEDS_MOUNTS}`, () => {
  // Run the CLI with the save folder mounted read-only over itself.
  const readOnly = (dir: string, argv: readonly string[], env: NodeJS.ProcessEnv) =>
    inMountNamespace('mount --bind -o ro "$1" "$1" && shift && exec "$@"', [dir, ...argv], env);

  it.skipIf(!MOUNTS_ALLOWED)('restores from it, `last` or another file, and a save there says why it cannot', async () => {
    const { server, dir, env, cliArgv, sessions } = await startSavingServer(stops);
    server.tmux('rename-window', '-t', '=alpha:0', 'from-elsewhere');
    const elsewhere = join(server.dir, 'elsewhere.txt');
    copyFileSync((await saveServer(server.client, { dir })).file, elsewhere);
    server.tmux('rename-window', '-t', '=alpha:0', 'from-last');
    await saveServer(server.client, { dir });
    const before = readdirSync(dir).sort();

    server.tmux('kill-session', '-t', '=alpha:');
    expect(readOnly(dir, cliArgv('restore', '--session', 'alpha'), env)).toMatchObject({ code: 0, stderr: '', stdout: `restored 1 session, 2 panes from ${lastSavePath(dir)}\n` });
    expect(sessions()).toEqual(['alpha', 'beta', 'gamma', 'main']);
    expect(server.tmux('display-message', '-p', '-t', '=alpha:0', '#{window_name}').trim()).toBe('from-last');

    server.tmux('kill-session', '-t', '=alpha:');
    expect(readOnly(dir, cliArgv('restore', '--session', 'alpha', '--file', elsewhere), env)).toMatchObject({ code: 0, stderr: '', stdout: `restored 1 session, 2 panes from ${elsewhere}\n` });
    expect(server.tmux('display-message', '-p', '-t', '=alpha:0', '#{window_name}').trim()).toBe('from-elsewhere');

    server.tmux('rename-window', '-t', '=main:0', 'changed');
    expect(readOnly(dir, cliArgv('save'), env)).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-sessions: cannot save to ${dir}: it is on a read-only file system; earlier saves are untouched\n`,
    });
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe(`a full save folder${NEEDS_MOUNTS}`, () => {
  it.skipIf(!MOUNTS_ALLOWED)('fails the save naming the folder, leaves no lock or half file, and the next save (with room) goes through', async () => {
    const { server, dir, env, cliArgv } = await startSavingServer(stops);
    mkdirSync(dir);
    const results = join(server.dir, 'results');
    mkdirSync(results);
    // In one mount namespace: a 64 KiB folder, a save, the folder filled, a save, room made, a
    // save. "$@" is the CLI's argv up to its command.
    const script = [
      'dir=$1 out=$2 socket=$3',
      'shift 3',
      'mount -t tmpfs -o size=64k tmpfs "$dir" || exit 9',
      '"$@" save >"$out/1.out" 2>"$out/1.err"; echo $? >"$out/1.rc"',
      'head -c 1048576 /dev/zero >"$dir/filler" 2>/dev/null',
      'tmux -S "$socket" rename-window -t =main:0 when-full',
      '"$@" save >"$out/2.out" 2>"$out/2.err"; echo $? >"$out/2.rc"',
      'ls -A "$dir" >"$out/2.ls"',
      'rm "$dir/filler"',
      '"$@" save >"$out/3.out" 2>"$out/3.err"; echo $? >"$out/3.rc"',
      'ls -A "$dir" >"$out/3.ls"; readlink "$dir/last" >"$out/3.last"',
    ].join('\n');
    expect(inMountNamespace(script, [dir, results, server.socket, ...cliArgv()], env)).toMatchObject({ code: 0 });
    const read = (name: string) => readFileSync(join(results, name), 'utf8');
    expect([read('1.rc'), read('1.err')]).toEqual(['0\n', '']);
    expect([read('2.rc'), read('2.out'), read('2.err')]).toEqual(['1\n', '', `claude-sessions: cannot save to ${dir}: no space left on its device; earlier saves are untouched\n`]);
    const whenFull = read('2.ls').split('\n').filter(Boolean);
    expect(leftovers(whenFull)).toEqual([]);
    expect(whenFull.filter((name) => name.endsWith('.txt'))).toHaveLength(1);
    expect([read('3.rc'), read('3.err')]).toEqual(['0\n', '']);
    expect(read('3.out')).toMatch(/^saved 4 sessions, 7 panes to /);
    expect(read('3.out')).toContain(read('3.last').trim());
    expect(leftovers(read('3.ls').split('\n'))).toEqual([]);
  });
});

const isRoot = process.getuid?.() === 0;

describe('a save folder the user may not write', () => {
  it.skipIf(isRoot)('fails the save naming the folder (skipped as root, who writes anywhere; see the next test)', async () => {
    const { server, dir } = await startSavingServer(stops);
    mkdirSync(dir, { mode: 0o500 });
    try {
      await expect(saveServer(server.client, { dir })).rejects.toThrow(`cannot save to ${dir}: permission denied (${join(dir, 'save.lock')}); earlier saves are untouched`);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  // Root writes any folder, so as root this runs as nobody (setpriv), with nobody's own server.
  it.runIf(isRoot && existsSync('/usr/bin/setpriv'))('fails the save naming the folder (run as nobody)', () => {
    const root = mkdtempSync(join(tmpdir(), 'cs-nobody-save-'));
    stops.push(() => rmSync(root, { recursive: true, force: true }));
    chmodSync(root, 0o755);
    const home = join(root, 'home');
    mkdirSync(home);
    chownSync(home, 65534, 65534);
    const saves = join(root, 'saves');
    mkdirSync(saves, { mode: 0o755 });
    const socket = join(home, 'sock');
    const script = [
      'tmux -S "$1" -f /dev/null new-session -d -s main -x 80 -y 24 sh || exit 9',
      'tmux -S "$1" set-option -g @resurrect-dir "$2"',
      '"$3" "$4" -S "$1" save; code=$?',
      'tmux -S "$1" kill-server',
      'exit $code',
    ].join('\n');
    // nobody's login shell is nologin: without SHELL set (as on CI), tmux would start its pane with it and exit.
    const env = testEnv({ SHELL: '/bin/sh', HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') });
    const setpriv = ['--reuid', '65534', '--regid', '65534', '--clear-groups', '--'];
    const result = spawnSync('/usr/bin/setpriv', [...setpriv, 'sh', '-c', script, 'sh', socket, saves, process.execPath, CLI], { encoding: 'utf8', env, cwd: home });
    expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-sessions: cannot save to ${saves}: permission denied (${join(saves, 'save.lock')}); earlier saves are untouched\n`,
    });
    expect(readdirSync(saves)).toEqual([]);
  });
});
