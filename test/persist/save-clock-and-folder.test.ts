// Saves under a wrong clock: names come from the clock and a save named in the future is left aside.
import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveServer } from '../../src/persist/save.ts';
import { lastSavePath, listSaves, saveFileTime } from '../../src/persist/save-dir.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startSavingServer } from '../helpers/saving-server.ts';

const T0 = new Date(2026, 0, 15, 12, 0, 0);
const FUTURE = 'tmux_resurrect_20990101T000000.txt';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

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
