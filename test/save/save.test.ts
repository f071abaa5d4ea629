// Saving a real server to tmux-resurrect files: what the file says, `last`, the lock, pruning.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseResurrectFile } from '../../src/resurrect/parse.ts';
import { NothingToSaveError, SaveLockedError, saveServer } from '../../src/save/save.ts';
import { lastSavePath, listSaves, ownSaveFileName, saveFileName, sidecarPath } from '../../src/resurrect/save-dir.ts';
import { sidecarBelongsTo, type SaveSidecar } from '../../src/resurrect/sidecar.ts';
import { TmuxClient } from '../../src/tmux/index.ts';
import { settled, startSaveServer } from '../helpers/settled.ts';
import type { TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const T0 = new Date(2026, 0, 15, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const later = (ms: number) => new Date(T0.getTime() + ms);

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const setup = () => startSaveServer(stops);

// What tmux itself reports, to compare a save with.
const PANE_FIELDS = {
  session: '#{session_name}',
  window: '#{window_index}',
  windowActive: '#{window_active}',
  windowFlags: '#{window_flags}',
  pane: '#{pane_index}',
  title: '#{pane_title}',
  path: '#{pane_current_path}',
  active: '#{pane_active}',
  command: '#{pane_current_command}',
} as const;
const WINDOW_FIELDS = {
  session: '#{session_name}',
  index: '#{window_index}',
  name: '#{window_name}',
  active: '#{window_active}',
  flags: '#{window_flags}',
  layout: '#{window_layout}',
} as const;

function parsedSave(file: string) {
  const { server, warnings } = parseResurrectFile(readFileSync(file, 'utf8'), file);
  expect(warnings).toEqual([]);
  return server;
}

function lastTarget(dir: string): string {
  return readlinkSync(join(dir, 'last'));
}

// The PID of a process that has exited.
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (pid === undefined) throw new Error('could not run true');
  return pid;
}

describe('a save of a real server', () => {
  it('holds every pane and window as tmux reports them, hostile names and spaced paths included', async () => {
    const { server, dir } = await setup();
    const spaced = join(server.dir, 'my project', 'sub dir');
    mkdirSync(spaced, { recursive: true });
    const names = ['with space', `it's "quoted"`, 'ünïcødé 🎉', 'semi;colon', '$(touch pwned)', '-leading'];
    for (const name of names) server.newSession(name, spaced);
    server.tmux('split-window', '-t', '=with space:0', '-c', server.dir);
    server.tmux('new-window', '-t', '=-leading:', '-n', 'editor', '-c', spaced);
    server.tmux('resize-pane', '-Z', '-t', '=with space:0.0');
    await settled(server);
    const result = await saveServer(server.client, { dir, now: T0 });
    expect(result).toMatchObject({ unchanged: false, sessions: names.length + 1, panes: names.length + 3, warnings: [] });
    const saved = parsedSave(result.file);

    const panes = await server.client.list({ command: ['list-panes', '-a'], fields: PANE_FIELDS });
    expect(saved.panes.map((p) => [p.sessionName, p.windowIndex, p.windowActive, p.windowFlags, p.paneIndex, p.title, p.path, p.active, p.command])).toEqual(
      panes.map((p) => [p.session, Number(p.window), p.windowActive === '1', p.windowFlags, Number(p.pane), p.title, p.path, p.active === '1', p.command]),
    );
    const windows = await server.client.list({ command: ['list-windows', '-a'], fields: WINDOW_FIELDS });
    expect(saved.windows.map((w) => [w.sessionName, w.index, w.name, w.active, w.flags, w.layout])).toEqual(
      windows.map((w) => [w.session, Number(w.index), w.name, w.active === '1', w.flags, w.layout]),
    );
    expect(new Set(saved.panes.map((p) => p.sessionName))).toEqual(new Set([...names, 'main']));
    expect(saved.panes.filter((p) => p.path === spaced)).toHaveLength(names.length + 1);
    expect(saved.windows.find((w) => w.sessionName === 'with space')?.zoomed).toBe(true);
  });

  it('is named by its local time, and `last` is a relative symlink to it', async () => {
    const { server, dir } = await setup();
    const result = await saveServer(server.client, { dir, now: T0 });
    expect(result.file).toBe(join(dir, 'tmux_resurrect_20260115T120000_cs.txt'));
    expect(lastTarget(dir)).toBe('tmux_resurrect_20260115T120000_cs.txt');
  });

  it('writes nothing when the server has not changed since the save `last` points to', async () => {
    const { server, dir } = await setup();
    const first = await saveServer(server.client, { dir, now: T0 });
    const second = await saveServer(server.client, { dir, now: later(60_000) });
    expect(second).toMatchObject({ unchanged: true, file: first.file });
    expect(listSaves(dir).map((save) => save.path)).toEqual([first.file]);
    expect(lastTarget(dir)).toBe(ownSaveFileName(T0));
  });

  it('writes a new save after a change and moves `last` to it', async () => {
    const { server, dir } = await setup();
    const first = await saveServer(server.client, { dir, now: T0 });
    server.tmux('rename-window', '-t', '=main:0', 'renamed');
    const second = await saveServer(server.client, { dir, now: later(60_000) });
    expect(second.unchanged).toBe(false);
    expect(second.file).not.toBe(first.file);
    expect(listSaves(dir).map((save) => save.path)).toEqual([first.file, second.file]);
    expect(lastTarget(dir)).toBe(ownSaveFileName(later(60_000)));
    expect(parsedSave(second.file).windows[0]).toMatchObject({ name: 'renamed', automaticRename: 'off' });
  });

  it('keeps both saves made within one second, the later one named _cs-2', async () => {
    const { server, dir } = await setup();
    await saveServer(server.client, { dir, now: T0 });
    server.tmux('rename-window', '-t', '=main:0', 'renamed');
    const second = await saveServer(server.client, { dir, now: later(300) });
    expect(second.file).toBe(join(dir, ownSaveFileName(T0, 2)));
    expect(listSaves(dir).map((save) => save.path)).toEqual([join(dir, ownSaveFileName(T0)), second.file]);
    expect(lastSavePath(dir)).toBe(second.file);
  });
});

describe('nothing to save', () => {
  it('refuses a server with no sessions and leaves `last` alone', async () => {
    const { server, dir } = await setup();
    const first = await saveServer(server.client, { dir, now: T0 });
    server.tmux('kill-session', '-t', '=main:');
    await expect(saveServer(server.client, { dir, now: later(60_000) })).rejects.toThrow(NothingToSaveError);
    await expect(saveServer(server.client, { dir, now: later(60_000) })).rejects.toThrow(/nothing to save: .* has no sessions/);
    expect(lastTarget(dir)).toBe(ownSaveFileName(T0));
    expect(listSaves(dir).map((save) => save.path)).toEqual([first.file]);
  });

  it('refuses a socket with no server, starting none, and creates no folder', async () => {
    const { server, dir } = await setup();
    const socket = join(server.dir, 'nobody.sock');
    await expect(saveServer(new TmuxClient({ server: { socketPath: socket } }), { dir, now: T0 })).rejects.toThrow(
      /nothing to save: no tmux server is running/,
    );
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a session name that matches no session exactly', async () => {
    const { server, dir } = await setup();
    await expect(saveServer(server.client, { dir, sessionFilter: 'placehold' })).rejects.toThrow(/no session named "placehold"/);
  });
});

describe('saves of one session', () => {
  it('hold only that session', async () => {
    const { server, dir } = await setup();
    server.newSession('alpha');
    server.tmux('split-window', '-t', '=alpha:0');
    await settled(server);
    const result = await saveServer(server.client, { dir, now: T0, sessionFilter: 'alpha' });
    const saved = parsedSave(result.file);
    expect(new Set(saved.panes.map((p) => p.sessionName))).toEqual(new Set(['alpha']));
    expect(saved.panes).toHaveLength(2);
    expect(saved.windows.map((w) => w.sessionName)).toEqual(['alpha']);
    expect(result).toMatchObject({ sessions: 1, panes: 2 });
  });

  it('save a grouped session as a grouped_session line pointing at its original, without its windows twice', async () => {
    const { server, dir } = await setup();
    server.newSession('original');
    server.tmux('new-window', '-t', '=original:');
    server.tmux('new-session', '-d', '-s', 'follower', '-t', '=original');
    server.tmux('select-window', '-t', '=follower:0');
    server.tmux('select-window', '-t', '=follower:1');
    await settled(server);
    const whole = parsedSave((await saveServer(server.client, { dir, now: T0 })).file);
    expect(whole.groupedSessions).toEqual([{ sessionName: 'follower', originalSession: 'original', alternateWindowIndex: 0, activeWindowIndex: 1 }]);
    expect(whole.windows.filter((w) => w.sessionName === 'follower')).toEqual([]);
    const one = parsedSave((await saveServer(server.client, { dir, now: later(60_000), sessionFilter: 'follower' })).file);
    expect(one.groupedSessions.map((g) => g.sessionName)).toEqual(['follower']);
    expect(new Set(one.windows.map((w) => w.sessionName))).toEqual(new Set(['original']));
  });
});

describe('the attached client', () => {
  it("is saved as the state line: its session and the one it was in before", async () => {
    const { server, dir } = await setup();
    server.newSession('alpha');
    server.newSession('beta');
    server.newSession('terminal');
    // A client attached from inside a pane of another session, as a terminal would be.
    server.tmux('send-keys', '-t', '=terminal:0', `env -u TMUX tmux -S '${server.socket}' attach -t '=alpha:'`, 'Enter');
    const attached = () => server.tmux('list-clients', '-F', '#{client_session}').trim();
    await waitFor(attached, (session) => session === 'alpha');
    server.tmux('switch-client', '-c', server.tmux('list-clients', '-F', '#{client_name}').trim(), '-t', '=beta:');
    await waitFor(attached, (session) => session === 'beta');
    await settled(server);
    const whole = parsedSave((await saveServer(server.client, { dir, now: T0 })).file);
    expect(whole.state).toEqual({ clientSession: 'beta', clientLastSession: 'alpha' });
    const one = parsedSave((await saveServer(server.client, { dir, now: later(60_000), sessionFilter: 'alpha' })).file);
    expect(one.state).toEqual({ clientSession: undefined, clientLastSession: 'alpha' });
  });
});

describe('window options and pane commands', () => {
  it('saves automatic-rename as tmux-resurrect does: off for a named window, unset where tmux names it', async () => {
    const { server, dir } = await setup();
    server.newSession('names');
    server.tmux('new-window', '-t', '=names:', '-n', 'editor');
    server.tmux('new-window', '-t', '=names:');
    await settled(server);
    const saved = parsedSave((await saveServer(server.client, { dir, now: T0, sessionFilter: 'names' })).file);
    expect(saved.windows.map((w) => [w.index, w.automaticRename])).toEqual([[0, undefined], [1, 'off'], [2, undefined]]);
  });

  it('saves `on` for a window that turned automatic-rename on when the global value is off', async () => {
    const { server, dir } = await setup();
    server.newSession('names');
    server.tmux('set-option', '-gw', 'automatic-rename', 'off');
    server.tmux('new-window', '-t', '=names:');
    server.tmux('set-option', '-w', '-t', '=names:1', 'automatic-rename', 'on');
    await settled(server);
    const saved = parsedSave((await saveServer(server.client, { dir, now: T0, sessionFilter: 'names' })).file);
    expect(saved.windows.map((w) => [w.index, w.automaticRename])).toEqual([[0, undefined], [1, 'on']]);
  });

  it('saves the full command line running in a pane, spaces in its argument included', async () => {
    const { server, dir } = await setup();
    const file = join(server.dir, 'some file');
    writeFileSync(file, 'one\ntwo\n');
    server.newSession('reader');
    server.tmux('split-window', '-t', '=reader:0');
    server.tmux('send-keys', '-t', '=reader:0.0', `less '${file}'`, 'Enter');
    await waitFor(() => server.tmux('display-message', '-p', '-t', '=reader:0.0', '#{pane_current_command}').trim(), (command) => command === 'less');
    await settled(server);
    const saved = parsedSave((await saveServer(server.client, { dir, now: T0, sessionFilter: 'reader' })).file);
    expect(saved.panes.map((p) => [p.command, p.fullCommand])).toEqual([
      ['less', `less ${file}`],
      ['sh', ''],
    ]);
  });

  it('saves the same full commands run under $TMUX (as a key or the autosave runs it), of this server or of another', async () => {
    const { server, dir } = await setup();
    server.newSession('reader');
    server.tmux('split-window', '-t', '=reader:0');
    server.tmux('send-keys', '-t', '=reader:0.1', 'sleep 1000', 'Enter');
    await waitFor(() => server.tmux('display-message', '-p', '-t', '=reader:0.1', '#{pane_current_command}').trim(), (command) => command === 'sleep');
    await settled(server);
    const pid = server.tmux('display-message', '-p', '#{pid}').trim();
    const outside = process.env['TMUX'];
    const commandsUnder = async (tmux: string | undefined) => {
      if (tmux === undefined) delete process.env['TMUX'];
      else process.env['TMUX'] = tmux;
      try {
        return parsedSave((await saveServer(server.client, { dir, sessionFilter: 'reader' })).file).panes.map((p) => [p.command, p.fullCommand]);
      } finally {
        if (outside === undefined) delete process.env['TMUX'];
        else process.env['TMUX'] = outside;
      }
    };

    const expected = [['sh', ''], ['sleep', 'sleep 1000']];
    expect(await commandsUnder(undefined)).toEqual(expected);
    expect(await commandsUnder(`${server.socket},${pid},0`)).toEqual(expected);
    expect(await commandsUnder(`/tmp/a,b/socket,${pid},3`)).toEqual(expected);
    // Another server's PID (here this test's own process): its children are not this server's panes.
    expect(await commandsUnder(`/tmp/other/default,${process.pid},0`)).toEqual(expected);
    expect(await commandsUnder('not,a,pid')).toEqual(expected);
  });
});

describe('the sidecar', () => {
  it('names its save, matches its sha256, and holds the values the file cannot', async () => {
    const { server, dir } = await setup();
    const tabbed = join(server.dir, 'tab\there');
    mkdirSync(tabbed);
    server.newSession('odd', tabbed);
    await settled(server);
    const result = await saveServer(server.client, { dir, now: T0, sessionFilter: 'odd' });
    const sidecar = JSON.parse(readFileSync(sidecarPath(result.file), 'utf8')) as SaveSidecar;
    const text = readFileSync(result.file, 'utf8');
    expect(sidecar.saveFile).toBe(ownSaveFileName(T0));
    expect(sidecarBelongsTo(sidecar, ownSaveFileName(T0), text)).toBe(true);
    expect(sidecarBelongsTo(sidecar, ownSaveFileName(T0), `${text}x`)).toBe(false);
    expect(parsedSave(result.file).panes[0]?.path).toBe(join(server.dir, 'tab here'));
    expect(sidecar.limitations).toEqual([`pane "odd":0.0 path ${JSON.stringify(tabbed)} is saved as ${JSON.stringify(join(server.dir, 'tab here'))}`]);
    expect(sidecar.exact).toEqual([
      expect.objectContaining({ kind: 'pane', line: 1, session: 'odd', window: 0, pane: 0, record: expect.objectContaining({ path: tabbed }) }),
    ]);
  });
});

describe('saves that overlap or were killed', () => {
  it('runs two whole-server saves started at once one after the other: one writes, the other finds nothing changed', async () => {
    const { server, dir } = await setup();
    server.newSession('alpha');
    await settled(server);
    const results = await Promise.all([saveServer(server.client, { dir, now: T0 }), saveServer(server.client, { dir, now: later(60_000) })]);
    expect(results.map((result) => result.unchanged).sort()).toEqual([false, true]);
    expect(results[0]?.file).toBe(results[1]?.file);
    expect(lastSavePath(dir)).toBe(results[0]?.file);
    expect(parsedSave(lastSavePath(dir) ?? '').panes.map((pane) => pane.sessionName).sort()).toEqual(['alpha', 'main']);
    expect(existsSync(join(dir, 'save.lock'))).toBe(false);
  });

  it('runs two one-session saves started at once one after the other; both complete, `last` untouched', async () => {
    const { server, dir } = await setup();
    server.newSession('alpha');
    server.newSession('beta');
    await settled(server);
    const [first, second] = await Promise.all([
      saveServer(server.client, { dir, now: T0, sessionFilter: 'alpha' }),
      saveServer(server.client, { dir, now: later(60_000), sessionFilter: 'beta' }),
    ]);
    expect(first?.unchanged).toBe(false);
    expect(second?.unchanged).toBe(false);
    expect(first?.file).not.toBe(second?.file);
    expect(lastSavePath(dir)).toBeUndefined();
    expect(parsedSave(first?.file ?? '').panes[0]?.sessionName).toBe('alpha');
    expect(parsedSave(second?.file ?? '').panes[0]?.sessionName).toBe('beta');
    expect(existsSync(join(dir, 'save.lock'))).toBe(false);
  });

  it('takes over the lock and cleans up after a save that was killed, and `last` names a complete file', async () => {
    const { server, dir } = await setup();
    const first = await saveServer(server.client, { dir, now: T0 });
    const dead = deadPid();
    writeFileSync(join(dir, 'save.lock'), `${dead} killed\n`);
    const half = `${join(dir, saveFileName(later(30_000)))}.tmp.${dead}`;
    writeFileSync(half, 'pane\tmain\t0');
    expect(lastSavePath(dir)).toBe(first.file);
    server.tmux('rename-window', '-t', '=main:0', 'after');
    const second = await saveServer(server.client, { dir, now: later(60_000), lockWait: { waitMs: 2000 } });
    expect(lastSavePath(dir)).toBe(second.file);
    expect(parsedSave(second.file).windows[0]?.name).toBe('after');
    expect(readdirSync(dir).filter((name) => name.includes('.tmp.') || name.startsWith('save.lock'))).toEqual([]);
  });

  it('waits for a live save, then gives up with a message naming the lock', async () => {
    const { server, dir } = await setup();
    mkdirSync(dir);
    writeFileSync(join(dir, 'save.lock'), `${process.pid} busy\n`);
    const saving = saveServer(server.client, { dir, now: T0, lockWait: { waitMs: 200 } });
    await expect(saving).rejects.toThrow(SaveLockedError);
    await expect(saving).rejects.toThrow(`another save (pid ${process.pid}) is still writing to ${dir}`);
    expect(existsSync(join(dir, 'last'))).toBe(false);
  });
});

describe('pruning', () => {
  // Saves named `days` before T0, each with a sidecar.
  function oldSaves(dir: string, days: readonly number[]): string[] {
    mkdirSync(dir, { recursive: true });
    return days.map((age) => {
      const path = join(dir, saveFileName(new Date(T0.getTime() - age * DAY)));
      writeFileSync(path, `pane\told-${age}\t0\t1\t:*\t0\tvm\t:/tmp\t1\tsh\t:\nstate\t\t\n`);
      writeFileSync(sidecarPath(path), '{}\n');
      return path;
    });
  }

  it('deletes saves older than keep-days with their sidecars, keeping the 5 newest', async () => {
    const { server, dir } = await setup();
    const [d60, d50, d45, d40, d35, d25, d20, d12, d11, d10] = oldSaves(dir, [60, 50, 45, 40, 35, 25, 20, 12, 11, 10]);
    const result = await saveServer(server.client, { dir, now: T0, keepDays: 30 });
    expect([...result.pruned].sort()).toEqual([d60, d50, d45, d40, d35].sort());
    expect(listSaves(dir).map((save) => save.path)).toEqual([d25, d20, d12, d11, d10, result.file]);
    for (const path of result.pruned) expect(existsSync(sidecarPath(path))).toBe(false);
    expect(existsSync(sidecarPath(d25 ?? ''))).toBe(true);
  });

  it('removes a sidecar or contents file left without its save by a save killed between the two', async () => {
    const { server, dir } = await setup();
    const [kept] = oldSaves(dir, [1]);
    const orphan = join(dir, saveFileName(new Date(T0.getTime() - 2 * DAY)));
    writeFileSync(sidecarPath(orphan), '{}\n');
    writeFileSync(orphan.replace(/\.txt$/, '.contents.gz'), 'x');
    await saveServer(server.client, { dir, now: T0 });
    expect(existsSync(sidecarPath(orphan))).toBe(false);
    expect(existsSync(orphan.replace(/\.txt$/, '.contents.gz'))).toBe(false);
    expect(existsSync(sidecarPath(kept ?? ''))).toBe(true);
  });

  it('reads keep-days from @claude-sessions-keep-days, and still keeps the 5 newest', async () => {
    const { server, dir } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-keep-days', '7');
    const [d12, d11, d10, d9, d8, d6] = oldSaves(dir, [12, 11, 10, 9, 8, 6]);
    const result = await saveServer(server.client, { dir, now: T0 });
    expect([...result.pruned].sort()).toEqual([d12, d11].sort());
    expect(listSaves(dir).map((save) => save.path)).toEqual([d10, d9, d8, d6, result.file]);
  });

  it('never deletes the save `last` points to, however old', async () => {
    const { server, dir } = await setup();
    const current = await saveServer(server.client, { dir, now: new Date(T0.getTime() - 60 * DAY) });
    const [d70] = oldSaves(dir, [70, 50, 49, 48, 47, 46]);
    const result = await saveServer(server.client, { dir, now: T0, keepDays: 30 });
    expect(result).toMatchObject({ unchanged: true, file: current.file, pruned: [d70] });
    expect(existsSync(current.file)).toBe(true);
  });
});
