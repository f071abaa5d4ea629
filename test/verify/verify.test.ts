// `claude-sessions verify`: a save restored into a scratch server, compared and scored; the
// scratch server and its folder never outlive it, and no saved program is ever started.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { paneLine } from '../helpers/resurrect-lines.ts';
import { settled } from '../helpers/settled.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const SCRATCH_PREFIX = 'claude-sessions-verify-';

let server: TestServer;
let temp: string;
let saves: string;
const saved = { tmp: process.env['TMPDIR'], state: process.env['XDG_STATE_HOME'] };

beforeEach(() => {
  // A private TMPDIR: the scratch servers' folders land there, so leftovers can be counted.
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'cs-verify-test-')));
  mkdirSync(join(temp, 'tmp'));
  process.env['TMPDIR'] = join(temp, 'tmp');
  process.env['XDG_STATE_HOME'] = join(temp, 'state');
  server = startTestServer();
  saves = join(server.dir, 'saves');
  server.tmux('set-option', '-g', '@resurrect-dir', saves);
});

afterEach(() => {
  server.stop();
  rmSync(temp, { recursive: true, force: true });
  for (const [key, value] of [['TMPDIR', saved.tmp], ['XDG_STATE_HOME', saved.state]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);

// Scratch folders left in the private TMPDIR, and processes still using one.
function leftovers(): { folders: string[]; processes: string[] } {
  const folders = readdirSync(join(temp, 'tmp')).filter((name) => name.startsWith(SCRATCH_PREFIX));
  const processes: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(join(temp, 'tmp', SCRATCH_PREFIX))) processes.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return { folders, processes };
}

// A server worth restoring: two sessions, split and zoomed windows, a named window, a
// program in a pane, folders of their own.
async function buildWorkspace(): Promise<{ web: string; api: string }> {
  const web = join(server.dir, 'web project');
  const api = join(server.dir, 'api');
  mkdirSync(join(web, 'src'), { recursive: true });
  mkdirSync(api);
  server.newSession('web', web);
  server.tmux('split-window', '-h', '-t', '=web:0', '-c', join(web, 'src'));
  server.tmux('new-window', '-t', '=web:', '-n', 'editor', '-c', web);
  server.tmux('split-window', '-v', '-t', '=web:1', '-c', web);
  server.tmux('resize-pane', '-Z', '-t', '=web:1.0');
  server.newSession('api #1', api);
  server.tmux('kill-session', '-t', '=placeholder:');
  await settled(server);
  server.tmux('send-keys', '-t', '=web:1.1', 'tail -f /dev/null', 'Enter');
  await waitFor(
    () => server.tmux('list-panes', '-a', '-F', '#{pane_current_command}'),
    (text) => text.includes('tail'),
  );
  return { web, api };
}

describe('verify', () => {
  it('scores a good save 100% and leaves no scratch server or folder behind', async () => {
    await buildWorkspace();
    expect((await cli('save', '--quiet')).code).toBe(0);

    const result = await cli('verify');

    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/: fidelity 100% \((\d+) of \1 checks passed\)\n$/);
    expect(result.code).toBe(0);
    expect(leftovers()).toEqual({ folders: [], processes: [] });
  });

  it('compares sessions, windows, layouts, folders, flags and programs, and prints them as JSON', async () => {
    await buildWorkspace();
    await cli('save', '--quiet');

    const result = await cli('verify', '--json');
    const report = JSON.parse(result.stdout);

    expect(report).toMatchObject({ score: 100, differences: [] });
    // 2 sessions; 3 windows (window, name, layout, active, automatic-rename where set, zoom where split); 5 panes × 5 fields
    expect(report.checks).toBeGreaterThanOrEqual(2 + 3 * 4 + 5 * 5);
    expect(result.code).toBe(0);
  });

  it('reports a folder that is gone since the save, and the folder the pane got instead', async () => {
    const { web } = await buildWorkspace();
    await cli('save', '--quiet');
    rmSync(join(web, 'src'), { recursive: true });

    const result = await cli('verify', '--json');
    const report = JSON.parse(result.stdout);

    expect(result.code).toBe(1);
    expect(report.score).toBeLessThan(100);
    expect(report.differences).toEqual([{ where: 'web:0.1', field: 'folder', saved: join(web, 'src'), restored: web }]);
    const text = await cli('verify');
    expect(text.stdout).toContain(`web:0.1 folder: saved ${join(web, 'src')}, restored ${web}`);
    expect(leftovers()).toEqual({ folders: [], processes: [] });
  });

  it('gives a clear report for a save that is not a save, and cleans up', async () => {
    const file = join(server.dir, 'broken.txt');
    writeFileSync(file, 'this is not\x00a save\n');

    const result = await cli('verify', file);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${file} cannot be restored: ${file}: ${JSON.parse((await cli('verify', '--json', file)).stdout).error.slice(file.length + 2)}\n`);
    expect(result.stdout).toMatch(/cannot be restored/);
    expect(leftovers()).toEqual({ folders: [], processes: [] });
  });

  it('counts the damaged lines of a partly readable save as differences', async () => {
    const file = join(server.dir, 'damaged.txt');
    writeFileSync(file, [paneLine({ session: 'ok', path: server.dir, active: true, windowActive: true }), 'pane\tbroken', 'state\t\t'].join('\n') + '\n');

    const report = JSON.parse((await cli('verify', '--json', file)).stdout);

    expect(report.differences).toEqual([expect.objectContaining({ where: 'save file', field: 'line' })]);
    expect(report.score).toBeLessThan(100);
  });

  it('never starts a saved program: it compares the command a restore would type', async () => {
    const marker = join(server.dir, 'ran');
    server.tmux('set-option', '-g', '@resurrect-processes', ':all:');
    const file = join(server.dir, 'program.txt');
    const pane = paneLine({ session: 'tools', path: server.dir, active: true, windowActive: true, command: 'touch', fullCommand: `touch ${marker}` });
    writeFileSync(file, `${pane}\nstate\t\t\n`);

    const report = JSON.parse((await cli('verify', '--json', file)).stdout);

    expect(report).toMatchObject({ score: 100, differences: [] });
    expect(existsSync(marker)).toBe(false);
    // With the program not among @resurrect-processes, the pane would come back without it.
    server.tmux('set-option', '-g', '@resurrect-processes', 'false');
    const without = JSON.parse((await cli('verify', '--json', file)).stdout);
    expect(without.differences).toEqual([{ where: 'tools:0.0', field: 'program', saved: `touch ${marker}`, restored: '(not started: not in @resurrect-processes)' }]);
  });

  it('says so when there is no save to verify', async () => {
    const result = await cli('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/cannot be restored: no save to restore in /);
  });

  it('starts no server on the socket it was pointed at when none runs there', async () => {
    const socket = join(temp, 'no-server.sock');

    const result = await runCliCaptured(['-S', socket, 'verify', join(temp, 'missing.txt')]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/cannot be restored: .*missing\.txt/);
    expect(existsSync(socket)).toBe(false);
    expect(leftovers()).toEqual({ folders: [], processes: [] });
  });

  it('records the last result, which doctor shows', async () => {
    await buildWorkspace();
    await cli('save', '--quiet');
    await cli('verify');

    const doctor = await cli('doctor');
    expect(doctor.stdout).toMatch(/verify +tmux_resurrect_\S+\.txt: fidelity 100%, 0 differences \(0 min ago\)/);
    const json = JSON.parse((await cli('doctor', '--json')).stdout);
    expect(json.verify).toMatchObject({ score: 100, differences: 0 });
  });

  it('removes the scratch server a verify killed outright (kill -9) left behind, at the next verify', async () => {
    await buildWorkspace();
    await cli('save', '--quiet');
    const reached = join(temp, 'reached');
    const stalling = join(temp, 'tmux');
    writeFileSync(stalling, `#!/bin/sh\ncase " $* " in *" kill-session "*) : >'${reached}'; sleep 30;; esac\nexec tmux "$@"\n`, { mode: 0o755 });
    const child = spawn(join(REPO_ROOT, 'scripts', 'claude-sessions'), ['-S', server.socket, 'verify'], {
      env: testEnv({ TMPDIR: join(temp, 'tmp'), XDG_STATE_HOME: join(temp, 'state'), CLAUDE_SESSIONS_TMUX: stalling }),
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => existsSync(reached), Boolean);

    // No handler runs on SIGKILL: the scratch server (a daemon of its own) and its folder stay.
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;
    const left = leftovers();
    expect(left.folders).toHaveLength(1);
    expect(left.processes).not.toEqual([]);

    const result = await cli('verify');

    expect(result.stdout).toMatch(/: fidelity 100% /);
    expect(await waitFor(leftovers, (found) => found.processes.length === 0)).toEqual({ folders: [], processes: [] });
  });

  it('removes the scratch server and its folder when interrupted with Ctrl-C', async () => {
    await buildWorkspace();
    await cli('save', '--quiet');
    // A tmux that stalls where verify is mid-way (the scratch server up, the restore done).
    const reached = join(temp, 'reached');
    const stalling = join(temp, 'tmux');
    writeFileSync(stalling, `#!/bin/sh\ncase " $* " in *" kill-session "*) : >'${reached}'; sleep 30;; esac\nexec tmux "$@"\n`, { mode: 0o755 });
    const child = spawn(join(REPO_ROOT, 'scripts', 'claude-sessions'), ['-S', server.socket, 'verify'], {
      env: testEnv({ TMPDIR: join(temp, 'tmp'), XDG_STATE_HOME: join(temp, 'state'), CLAUDE_SESSIONS_TMUX: stalling }),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => existsSync(reached), Boolean);
    expect(leftovers().folders).toHaveLength(1);

    process.kill(-(child.pid as number), 'SIGINT');

    expect(await exited).not.toBe(0);
    expect(stderr).toMatch(/SIGINT/);
    expect(await waitFor(leftovers, (found) => found.processes.length === 0)).toEqual({ folders: [], processes: [] });
  });
});
