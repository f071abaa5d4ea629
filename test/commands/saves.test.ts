// `claude-sessions saves` against a real server: the saves `save` made, newest first.
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatLocalTime } from '../../src/commands/saves.ts';
import { listSaves } from '../../src/resurrect/save-dir.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { settled, startSaveServer } from '../helpers/settled.ts';
import type { TestServer } from '../helpers/tmux-server.ts';

const SIZE = /^\d+ B$|^\d+\.\d KB$/;

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

// A server saved twice into SERVER_DIR/saves (@resurrect-dir): one pane, then two.
async function twoSaves(): Promise<{ server: TestServer; dir: string; older: string; newer: string }> {
  const { server, dir } = await startSaveServer(stops);
  server.tmux('set-option', '-g', '@resurrect-dir', dir);
  expect((await runCliCaptured(['-S', server.socket, 'save', '--quiet'])).code).toBe(0);
  server.tmux('split-window', '-t', '=main:0');
  await settled(server);
  expect((await runCliCaptured(['-S', server.socket, 'save', '--quiet'])).code).toBe(0);
  const [older, newer] = listSaves(dir).map((save) => save.name);
  if (older === undefined || newer === undefined) throw new Error(`expected two saves in ${dir}`);
  expect(readlinkSync(join(dir, 'last'))).toBe(newer);
  return { server, dir, older, newer };
}

describe('claude-sessions saves', () => {
  it('lists the saves newest first, with `last` marked, and the folder below', async () => {
    const { server, dir, older, newer } = await twoSaves();
    const { code, stdout, stderr } = await runCliCaptured(['-S', server.socket, 'saves']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const [olderSave, newerSave] = listSaves(dir);
    const cells = (line: string | undefined) => (line ?? '').split(/ {2,}/);
    expect(cells(lines[0])).toEqual(['TIME', 'SESSIONS', 'PANES', 'SIZE', 'FILE']);
    expect(cells(lines[1])).toEqual([formatLocalTime(newerSave?.time ?? new Date(0)), '1', '2', expect.stringMatching(SIZE), 'last', newer]);
    expect(cells(lines[2])).toEqual([formatLocalTime(olderSave?.time ?? new Date(0)), '1', '1', expect.stringMatching(SIZE), older]);
    // Aligned: every column starts where its header does.
    for (const header of ['SESSIONS', 'PANES', 'SIZE', 'FILE']) {
      const at = lines[0]?.indexOf(header);
      expect(lines[1]?.[(at ?? 0) - 1]).toBe(' ');
      expect(lines[1]?.[at ?? 0]).not.toBe(' ');
    }
    expect(lines[1]?.indexOf(newer)).toBe(lines[0]?.indexOf('FILE'));
    expect(lines[2]?.indexOf(older)).toBe(lines[0]?.indexOf('FILE'));
    expect(lines[3]).toBe(`2 saves in ${dir}`);
  });

  it('prints the summaries as JSON with --json, newest first', async () => {
    const { server, dir, older, newer } = await twoSaves();
    const { code, stdout } = await runCliCaptured(['-S', server.socket, 'saves', '--json']);
    expect(code).toBe(0);
    const saves = JSON.parse(stdout) as Record<string, unknown>[];
    expect(saves.map((save) => save['name'])).toEqual([newer, older]);
    expect(saves[0]).toMatchObject({ path: join(dir, newer), sessions: 1, sessionNames: ['main'], windows: 1, panes: 2, last: true, sidecar: true, error: null });
    expect(saves[1]).toMatchObject({ path: join(dir, older), sessions: 1, sessionNames: ['main'], windows: 1, panes: 1, last: false, sidecar: true, error: null });
    expect(new Date(saves[0]?.['time'] as string).getTime()).toBe(listSaves(dir)[1]?.time.getTime());
    expect(saves[0]?.['bytes']).toBeGreaterThan(0);
    expect(Object.keys(saves[0] ?? {})).toEqual(['name', 'path', 'time', 'sessions', 'sessionNames', 'windows', 'panes', 'bytes', 'last', 'fallback', 'sidecar', 'error']);
  });

  it('lists a damaged save with question marks and says what is wrong with it on stderr', async () => {
    const { server, dir } = await twoSaves();
    writeFileSync(join(dir, 'tmux_resurrect_20000101T000000.txt'), 'not a save\n');
    const { code, stdout, stderr } = await runCliCaptured(['-S', server.socket, 'saves']);
    expect(code).toBe(0);
    const damaged = stdout.split('\n').find((line) => line.endsWith('tmux_resurrect_20000101T000000.txt'));
    expect(damaged?.split(/ {2,}/)).toEqual(['2000-01-01 00:00:00', '?', '?', '11 B', 'tmux_resurrect_20000101T000000.txt']);
    expect(stdout).toMatch(/\n3 saves in /);
    expect(stderr).toBe('claude-sessions: tmux_resurrect_20000101T000000.txt: has no pane lines, so it is not a tmux-resurrect save\n');
    const json = JSON.parse((await runCliCaptured(['-S', server.socket, 'saves', '--json'])).stdout) as Record<string, unknown>[];
    expect(json[2]).toMatchObject({ sessions: null, sessionNames: null, windows: null, panes: null, error: expect.stringContaining('no pane lines') });
  });

  it('says there are no saves in the folder when it is empty', async () => {
    const { server, dir } = await startSaveServer(stops);
    server.tmux('set-option', '-g', '@resurrect-dir', dir);
    expect(await runCliCaptured(['-S', server.socket, 'saves'])).toEqual({ code: 0, stdout: `no saves in ${dir}\n`, stderr: '' });
    expect(await runCliCaptured(['-S', server.socket, 'saves', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it("uses resurrect's default folder when no server runs", async () => {
    const home = mkdtempSync(join(tmpdir(), 'claude-sessions-saves-home-'));
    const saved = { HOME: process.env['HOME'], XDG_DATA_HOME: process.env['XDG_DATA_HOME'] };
    process.env['HOME'] = home;
    process.env['XDG_DATA_HOME'] = join(home, 'data');
    try {
      const { code, stdout } = await runCliCaptured(['-S', join(home, 'no-server.sock'), 'saves']);
      expect({ code, stdout }).toEqual({ code: 0, stdout: `no saves in ${join(home, 'data', 'tmux', 'resurrect')}\n` });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('sizes and times in the table', () => {
  it('are human sizes and local times', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(5 * 1024 * 1024 + 1)]).toEqual(['0 B', '1023 B', '1.5 KB', '5.0 MB']);
    expect(formatLocalTime(new Date(2024, 0, 2, 3, 4, 5))).toBe('2024-01-02 03:04:05');
  });
});
