// Restoring what is not a usable save: a clear message naming the problem, and the server
// exactly as it was; damaged lines cost only themselves.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, testEnv } from '../helpers/tmux-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crowdedSessionLines, paneLine, runRestoreCli, sessionLines, stateLine, windowLine, layoutOf, writeSave } from '../helpers/resurrect-lines.ts';
import { listed, namesSettled, privateXdgFolders, restoreTestServer, type RestoreServer } from '../helpers/restore-server.ts';
import { waitFor } from '../helpers/wait.ts';

const isRoot = process.getuid?.() === 0;

let restoreXdg: () => void;
let server: RestoreServer;
beforeAll(async () => {
  restoreXdg = privateXdgFolders();
  server = restoreTestServer();
  await server.start('keep');
  server.tmux('split-window', '-t', '=keep:0', '-c', server.dir);
  server.tmux('new-window', '-t', '=keep:', '-n', 'mine', '-c', server.dir);
  await namesSettled(server);
});
afterAll(() => {
  server.stop();
  restoreXdg();
});

// Everything a restore could change: sessions, windows, panes (by id and process) and its option.
function serverSnapshot() {
  return {
    sessions: listed(server, 'list-sessions', '#{session_id}\t#{session_name}\t#{session_windows}'),
    windows: listed(server, 'list-windows', '#{window_id}\t#{window_index}\t#{window_name}\t#{window_layout}', '-a'),
    panes: listed(server, 'list-panes', '#{pane_id}\t#{pane_pid}\t#{pane_current_path}', '-a'),
    restoring: server.tmux('show-options', '-gqv', '@claude-sessions-restoring'),
  };
}

// Restore FILE through the CLI; the server must be untouched and no temporary session left.
async function restoreUntouched(...args: string[]) {
  const before = serverSnapshot();
  const result = await runRestoreCli(server, ...args);
  expect(serverSnapshot()).toEqual(before);
  expect(listed(server, 'list-sessions', '#{session_name}').filter((name) => name.startsWith('claude-sessions-'))).toEqual([]);
  return result;
}

function file(name: string, content: string | Buffer): string {
  const path = join(server.dir, name);
  writeFileSync(path, content);
  return path;
}

describe('a file that is not a usable save', () => {
  it('cut short inside its first line: says it was cut short', async () => {
    const path = file('truncated.txt', 'pane\tcut\t0\t1\t:*\t0\tvm\t:/tm');
    expect(await restoreUntouched('--file', path)).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-sessions: ${path}: none of its 1 pane lines could be read (${path}:1: last line has no newline, the file was cut short (skipped))\n`,
    });
  });

  it('binary garbage: says it looks binary', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, at) => (at * 131 + 7) % 256));
    const path = file('garbage.txt', garbage);
    const { code, stdout, stderr } = await restoreUntouched('--file', path);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(new RegExp(`^claude-sessions: ${path}: looks binary \\(\\d+ NUL bytes, \\d+ invalid UTF-8 sequences\\), so it is not a tmux-resurrect save\\n$`));
  });

  it('lines with the wrong number of fields: names the first and the count expected', async () => {
    const good = paneLine({ session: 'few', path: '/tmp' });
    const path = file('fields.txt', `${good.split('\t').slice(0, 10).join('\t')}\n${good.replace('\t0\t', '\tx\ty\t')}\n${stateLine()}\n`);
    expect(await restoreUntouched('--file', path)).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-sessions: ${path}: none of its 2 pane lines could be read (${path}:1: pane line has 10 fields, expected 11 (skipped))\n`,
    });
  });

  it('only unknown line types: says it is not a tmux-resurrect save', async () => {
    const path = file('unknown.txt', 'panes\tone\t0\nsession\ttwo\n# comment\n');
    expect(await restoreUntouched('--file', path)).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-sessions: ${path}: has no pane lines, so it is not a tmux-resurrect save\n`,
    });
  });

  it('an empty file, or one of blank lines: says it is empty', async () => {
    for (const content of ['', '\n\n  \n']) {
      const path = file('empty.txt', content);
      expect(await restoreUntouched('--file', path)).toEqual({
        code: 1,
        stdout: '',
        stderr: `claude-sessions: ${path}: is empty, so it is not a tmux-resurrect save\n`,
      });
    }
  });

  it('a missing file: names every place it looked', async () => {
    const missing = join(server.dir, 'nowhere.txt');
    expect(await restoreUntouched('--file', missing)).toEqual({ code: 1, stdout: '', stderr: `claude-sessions: no save file "${missing}": tried ${missing}\n` });
    const bare = await restoreUntouched('--file', 'tmux_resurrect_19990101T000000');
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(`tried `);
    expect(bare.stderr).toContain(`${join(server.saves, 'tmux_resurrect_19990101T000000.txt')}\n`);
  });

  it('a folder given as the file: says it is a folder', async () => {
    const folder = join(server.dir, 'a-folder.txt');
    mkdirSync(folder, { recursive: true });
    expect(await restoreUntouched('--file', folder)).toEqual({ code: 1, stdout: '', stderr: `claude-sessions: ${folder} is a folder, not a save file\n` });
  });

  it('a save folder that is not a folder: says there is no save in it', async () => {
    const notFolder = file('not-a-folder', 'x');
    server.tmux('set-option', '-g', '@resurrect-dir', notFolder);
    try {
      expect(await restoreUntouched()).toEqual({ code: 1, stdout: '', stderr: `claude-sessions: no save to restore in ${notFolder} (\`last\` is missing)\n` });
    } finally {
      server.tmux('set-option', '-g', '@resurrect-dir', server.saves);
    }
  });

  it.skipIf(isRoot)('an unreadable file: says permission denied (skipped as root, who reads any file)', async () => {
    const path = writeSave(join(server.dir, 'private.txt'), [...sessionLines('secret', '/tmp'), stateLine()]);
    chmodSync(path, 0o000);
    expect(await restoreUntouched('--file', path)).toEqual({ code: 1, stdout: '', stderr: `claude-sessions: cannot read save file ${path}: permission denied\n` });
  });

  it.skipIf(isRoot)('an unreadable save folder: says permission denied (skipped as root, who reads any folder)', async () => {
    const folder = join(server.dir, 'locked');
    mkdirSync(folder);
    writeSave(join(folder, 'tmux_resurrect_20260101T000000.txt'), [...sessionLines('secret', '/tmp'), stateLine()]);
    chmodSync(folder, 0o000);
    const { code, stderr } = await restoreUntouched('--file', join(folder, 'tmux_resurrect_20260101T000000.txt'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/permission denied/);
  });

  it('a save naming only sessions that exist: restores nothing, says which were skipped, and exits 0', async () => {
    const path = writeSave(join(server.dir, 'existing.txt'), [...sessionLines('keep', '/tmp', 2), stateLine()]);
    expect(await restoreUntouched('--file', path)).toEqual({
      code: 0,
      stdout: `nothing restored from ${path}\n`,
      stderr: 'claude-sessions: skipped keep: a session by that name exists (left as it is)\n',
    });
  });
});

// Root reads any file, so as root these run the CLI as nobody (setpriv), against nobody's
// own server on a private socket: the files are root's, mode 0600 / 0700.
describe.runIf(isRoot && existsSync('/usr/bin/setpriv'))('a save the user may not read (run as nobody)', () => {
  const NOBODY = 65534;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-nobody-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'home'));
    chownSync(join(dir, 'home'), NOBODY, NOBODY);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function asNobody(...args: string[]) {
    const home = join(dir, 'home');
    const env = testEnv({ HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache') });
    // As on a fresh machine's CI runner: no SHELL, so tmux takes nobody's, /usr/sbin/nologin,
    // which exits at once; the restore must not depend on the user's shell staying up.
    delete env['SHELL'];
    const setpriv = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', '--'];
    const run = (argv: string[]) => spawnSync('/usr/bin/setpriv', [...setpriv, ...argv], { encoding: 'utf8', env, cwd: home });
    const result = run([process.execPath, join(REPO_ROOT, 'dist', 'claude-sessions.cjs'), '-S', join(home, 'sock'), ...args]);
    // Nothing is left behind: the server the restore started for itself is gone again.
    // A server whose last session was just killed exits a moment later: give it that moment.
    let left = run(['tmux', '-S', join(home, 'sock'), 'list-sessions']);
    for (let tries = 0; tries < 100 && left.status === 0; tries++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      left = run(['tmux', '-S', join(home, 'sock'), 'list-sessions']);
    }
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, serverLeft: left.status === 0 };
  }

  it('an unreadable file: says permission denied, and leaves no server or session behind', () => {
    const path = writeSave(join(dir, 'private.txt'), [...sessionLines('secret', '/tmp'), stateLine()]);
    chmodSync(path, 0o600);
    expect(asNobody('restore', '--file', path)).toEqual({
      code: 1,
      stdout: '',
      stderr: `claude-sessions: cannot read save file ${path}: permission denied\n`,
      serverLeft: false,
    });
  });

  it('a save inside an unreadable folder: says permission denied', () => {
    const folder = join(dir, 'locked');
    mkdirSync(folder, { mode: 0o700 });
    const path = writeSave(join(folder, 'tmux_resurrect_20260101T000000.txt'), [...sessionLines('secret', '/tmp'), stateLine()]);
    const result = asNobody('restore', '--file', path);
    expect(result).toMatchObject({ code: 1, stdout: '', serverLeft: false });
    expect(result.stderr).toMatch(/permission denied/);
  });
});

describe('a save tmux refuses halfway through the batch', () => {
  it('is undone: the startup session it moved aside is back, nothing it built is left', async () => {
    const fresh = restoreTestServer();
    try {
      await fresh.start('work');
      const before = listed(fresh, 'list-sessions', '#{session_id}\t#{session_name}\t#{session_windows}');
      // Three panes saved side by side in a window one row high: tmux has no room to split it.
      const crowded = crowdedSessionLines('crowded', fresh.dir);
      const path = writeSave(join(fresh.dir, 'crowded.txt'), [...sessionLines('work', fresh.dir, 2), ...crowded, stateLine()]);
      const { code, stdout, stderr } = await runRestoreCli(fresh, '--file', path);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toMatch(/^claude-sessions: restore failed, nothing was changed: .*no space for new pane/);
      expect(listed(fresh, 'list-sessions', '#{session_id}\t#{session_name}\t#{session_windows}')).toEqual(before);
      expect(fresh.tmux('show-options', '-gqv', '@claude-sessions-restoring')).toBe('');
    } finally {
      fresh.stop();
    }
  });
});

describe('a bad file when no server runs', () => {
  it('leaves no server behind', async () => {
    const fresh = restoreTestServer();
    try {
      const path = join(fresh.dir, 'empty.txt');
      writeFileSync(path, '');
      const { code, stderr } = await runRestoreCli(fresh, '--file', path);
      expect({ code, stderr }).toEqual({ code: 1, stderr: `claude-sessions: ${path}: is empty, so it is not a tmux-resurrect save\n` });
      // A server whose last session was just killed exits a moment later: give it that moment.
      expect(await waitFor(() => fresh.running(), (running) => !running, 100, 20)).toBe(false);
    } finally {
      fresh.stop();
    }
  });
});

describe('a damaged file whose other lines are readable', () => {
  it('restores what it can read and reports each skipped line', async () => {
    const fresh = restoreTestServer();
    try {
      const path = join(fresh.dir, 'damaged.txt');
      const bad = paneLine({ session: 'bad', path: '/tmp' }).replace('\t0\t0\t', '\tx\t0\t');
      const text = [
        paneLine({ session: 'good', path: fresh.dir, active: true, windowActive: true, windowFlags: '*' }),
        bad,
        'bogus\tline',
        windowLine({ session: 'good', name: 'kept', active: true, flags: '*', layout: layoutOf(160, 48), automaticRename: 'off' }),
        windowLine({ session: 'good', index: 1, name: 'short', layout: layoutOf(160, 48) }).split('\t').slice(0, 7).join('\t'),
        stateLine(),
        paneLine({ session: 'cut', path: '/tmp' }).slice(0, 20),
      ].join('\n');
      writeFileSync(path, text);
      const { code, stdout, stderr } = await runRestoreCli(fresh, '--file', path);
      expect(code).toBe(0);
      expect(stdout).toBe(`restored 1 session, 1 pane from ${path}\n`);
      expect(stderr.split('\n')).toEqual([
        `claude-sessions: ${path}:2: pane line has window_index "x", expected a number (skipped)`,
        `claude-sessions: ${path}:3: unknown line type "bogus" (skipped)`,
        `claude-sessions: ${path}:5: window line has 7 fields, expected 8 (skipped)`,
        `claude-sessions: ${path}:7: last line has no newline, the file was cut short (skipped)`,
        '',
      ]);
      expect(listed(fresh, 'list-windows', '#{session_name}\t#{window_index}\t#{window_name}', '-a')).toEqual(['good\t0\tkept']);
    } finally {
      fresh.stop();
    }
  });
});
