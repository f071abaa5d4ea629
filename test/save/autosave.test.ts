// Saves nobody asked for: after a detach (only the newest of a burst) and on the timer
// chain's ticks (only the live chain's), reported in events.log and never on the screen.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { intervalMinutes, intervalSeconds, parseTimer } from '../../src/save/autosave.ts';
import { listSaves } from '../../src/resurrect/save-dir.ts';
import { endOfStaleRestoring, restoringMark } from '../../src/options/restoring.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startSaveServer } from '../helpers/settled.ts';
import type { TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const TIMER = '@claude-sessions-autosave-timer';

// The PID of a process that has ended.
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (pid === undefined) throw new Error('could not run true');
  return pid;
}
const SILENT = { code: 0, stdout: '', stderr: '' };

const stops: (() => void)[] = [];
const privateStateHome = process.env['XDG_STATE_HOME'];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  process.env['XDG_STATE_HOME'] = privateStateHome;
});

// A settled server saving into its own folder, logging into its own state folder, with a
// stand-in CLI that records the events tmux timers run.
async function setup(): Promise<{ server: TestServer; saves: string; log: () => string; scheduled: () => string[] }> {
  const { server, dir } = await startSaveServer(stops);
  process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
  server.tmux('set-option', '-g', '@resurrect-dir', dir);
  const calls = join(server.dir, 'calls');
  const bin = join(server.dir, 'claude-sessions');
  writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$*" >>'${calls}'\n`, { mode: 0o755 });
  server.tmux('set-option', '-g', '@claude-sessions-bin', bin);
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return {
    server,
    saves: dir,
    log: () => read(join(server.dir, 'state', 'claude-sessions', 'events.log')),
    scheduled: () => read(calls).split('\n').filter(Boolean),
  };
}

const event = (server: TestServer, ...args: string[]) => runCliCaptured(['-S', server.socket, 'event', ...args]);
const option = (server: TestServer, name: string) => server.tmux('show-options', '-gqv', name).trim();

describe('the autosave interval', () => {
  it('is minutes, fractions allowed, anything else meaning the default 15', () => {
    expect(intervalSeconds('15')).toBe(900);
    expect(intervalSeconds('0.05')).toBe(3);
    expect(intervalSeconds('.5')).toBe(30);
    expect(intervalSeconds('0')).toBe(0);
    expect(intervalSeconds('0.0')).toBe(0);
    expect(intervalMinutes('soon')).toBe('15');
    expect(intervalMinutes('-1')).toBe('15');
    expect(intervalMinutes(' 5')).toBe('15');
    expect(intervalMinutes('')).toBe('15');
    expect(intervalSeconds('')).toBe(900);
  });

  it('never ticks faster than once a second', () => {
    expect(intervalSeconds('0.001')).toBe(1);
  });

  it('is kept with the chain as "ID MINUTES DUE"', () => {
    expect(parseTimer('17-2-3 0.05 1700000000')).toEqual({ id: '17-2-3', minutes: '0.05', due: 1700000000 });
    expect(parseTimer('')).toBeUndefined();
    expect(parseTimer('17 0.05')).toBeUndefined();
    expect(parseTimer('17 0.05 soon')).toBeUndefined();
    expect(parseTimer("$(x) 0.05 1700000000")).toBeUndefined();
  });
});

describe('saving after a detach', () => {
  it('saves when no other detach came since, silently', async () => {
    const { server, saves, log } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-detach-seq', '3');

    expect(await event(server, 'client-detached', '', '3')).toEqual(SILENT);

    expect(listSaves(saves)).toHaveLength(1);
    expect(log()).toBe('');
  });

  it('leaves the save to the newer detach when the counter moved on', async () => {
    const { server, saves } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-detach-seq', '4');

    expect(await event(server, 'client-detached', '$0', '3')).toEqual(SILENT);

    expect(listSaves(saves)).toHaveLength(0);
    expect(existsSync(saves)).toBe(false);
  });

  it('does not save while a restore builds sessions', async () => {
    const { server, saves, log } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-detach-seq', '1');
    server.tmux('set-option', '-g', '@claude-sessions-restoring', restoringMark());

    expect(await event(server, 'client-detached', '', '1')).toEqual(SILENT);

    expect(listSaves(saves)).toHaveLength(0);
    expect(log()).toMatch(/client-detached: not saved while a restore runs/);
  });

  // A restore killed in the middle of its batch never clears its flag: every autosave would skip for good.
  it.each([
    ['its process gone for a minute', () => restoringMark(deadPid(), Date.now() - 61_000)],
    ['set half an hour ago', () => restoringMark(process.pid, Date.now() - 30 * 60_000)],
    ["a version before marks ('1')", () => '1'],
  ])('clears a restoring flag a restore left behind, %s, moves the layout epoch on, and saves', async (_, flag) => {
    const { server, saves, log } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-detach-seq', '1');
    server.tmux('set-option', '-g', '@claude-sessions-layout-epoch', '5');
    const value = flag();
    server.tmux('set-option', '-g', '@claude-sessions-restoring', value);

    expect(await event(server, 'client-detached', '', '1')).toEqual(SILENT);

    expect(option(server, '@claude-sessions-restoring')).toBe('');
    expect(option(server, '@claude-sessions-layout-epoch')).toBe('6');
    expect(listSaves(saves)).toHaveLength(1);
    expect(log()).toContain(`client-detached: cleared the restoring flag (${JSON.stringify(value)}) that a restore which did not end left set`);
  });

  it('clears a stale flag only while it still holds the value read: a restore begun since keeps its own', async () => {
    const { server } = await setup();
    const epoch = () => option(server, '@claude-sessions-layout-epoch');
    server.tmux('set-option', '-g', '@claude-sessions-layout-epoch', '5');
    const live = restoringMark();
    server.tmux('set-option', '-g', '@claude-sessions-restoring', live);

    await server.client.run(endOfStaleRestoring('1'));

    expect(option(server, '@claude-sessions-restoring')).toBe(live);
    expect(epoch()).toBe('5');
    // Any value, read as text: commas, braces, formats, quotes, ';', unicode.
    for (const [at, value] of ['1', 'a,b}c', '#{pid}', '#{?1,a,b}', `x'y"z;w`, 'ü 💥 ##', live].entries()) {
      server.tmux('set-option', '-g', '@claude-sessions-restoring', value);
      await server.client.run(endOfStaleRestoring(value));
      expect(option(server, '@claude-sessions-restoring')).toBe('');
      expect(epoch()).toBe(String(6 + at));
    }
  });

  it("leaves a restore's flag alone while its process lives, or for a minute after it is gone", async () => {
    const { server, saves } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-detach-seq', '1');
    const flag = restoringMark(deadPid(), Date.now() - 30_000);
    server.tmux('set-option', '-g', '@claude-sessions-restoring', flag);

    expect(await event(server, 'client-detached', '', '1')).toEqual(SILENT);

    expect(option(server, '@claude-sessions-restoring')).toBe(flag);
    expect(listSaves(saves)).toHaveLength(0);
  });

  it('logs "nothing to save" instead of showing it', async () => {
    const { server, log } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-detach-seq', '7');
    server.tmux('kill-session', '-t', '=main:');

    expect(await event(server, 'client-detached', '', '7')).toEqual(SILENT);

    expect(log()).toMatch(/client-detached 7: nothing to save: .* has no sessions/);
  });
});

describe('a tick of the autosave timer chain', () => {
  it('saves, records when the next tick is due and schedules it', async () => {
    const { server, saves, log, scheduled } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-save-interval', '0.02');
    server.tmux('set-option', '-g', TIMER, 'chain-1 0.02 1');
    const before = Math.floor(Date.now() / 1000);

    expect(await event(server, 'autosave-tick', 'chain-1', '4')).toEqual(SILENT);

    expect(listSaves(saves)).toHaveLength(1);
    expect(log()).toMatch(/autosave-tick chain-1 4: saved 1 session to /);
    const chain = parseTimer(option(server, TIMER));
    expect(chain).toMatchObject({ id: 'chain-1', minutes: '0.02' });
    expect(chain?.due).toBeGreaterThanOrEqual(before + 2);
    // the stand-in CLI shows what tmux ran when the delay was over
    expect(await waitFor(scheduled, (calls) => calls.length > 0)).toEqual(['event autosave-tick chain-1 5']);
  });

  it('takes the interval from the option at every tick', async () => {
    const { server } = await setup();
    server.tmux('set-option', '-g', TIMER, 'chain-1 0.02 1');
    server.tmux('set-option', '-g', '@claude-sessions-save-interval', '30');

    await event(server, 'autosave-tick', 'chain-1', '2');

    expect(parseTimer(option(server, TIMER))?.minutes).toBe('30');
  });

  it('does nothing but log when another chain is the live one', async () => {
    const { server, saves, log } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-save-interval', '0.02');
    server.tmux('set-option', '-g', TIMER, 'chain-2 0.02 1');

    expect(await event(server, 'autosave-tick', 'chain-1', '9')).toEqual(SILENT);

    // a tick is scheduled in the same tmux call that rewrites the option
    expect(option(server, TIMER)).toBe('chain-2 0.02 1');
    expect(existsSync(saves)).toBe(false);
    expect(log()).toMatch(/autosave-tick chain-1 9: stopped, not the live chain/);
  });

  it('stops the chain when the interval was set to 0', async () => {
    const { server, saves, log } = await setup();
    server.tmux('set-option', '-g', TIMER, 'chain-1 15 1');
    server.tmux('set-option', '-g', '@claude-sessions-save-interval', '0');

    expect(await event(server, 'autosave-tick', 'chain-1', '3')).toEqual(SILENT);

    expect(option(server, TIMER)).toBe('');
    expect(existsSync(saves)).toBe(false);
    expect(log()).toMatch(/autosave-tick chain-1 3: stopped, @claude-sessions-save-interval is 0/);
  });

  it('keeps the chain going but does not save while a restore runs', async () => {
    const { server, saves, log, scheduled } = await setup();
    server.tmux('set-option', '-g', '@claude-sessions-save-interval', '0.02');
    server.tmux('set-option', '-g', TIMER, 'chain-1 0.02 1');
    server.tmux('set-option', '-g', '@claude-sessions-restoring', restoringMark());

    expect(await event(server, 'autosave-tick', 'chain-1', '1')).toEqual(SILENT);

    expect(existsSync(saves)).toBe(false);
    expect(log()).toMatch(/autosave-tick chain-1 1: not saved while a restore runs/);
    expect(await waitFor(scheduled, (calls) => calls.length > 0)).toEqual(['event autosave-tick chain-1 2']);
  });
});
