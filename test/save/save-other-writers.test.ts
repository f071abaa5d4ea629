// Saves beside tmux-resurrect's: its save.sh writes its file in place for a while, then
// deletes it when it equals `last`. Ours never share a name with it, so `last` always names
// a complete save; a broken `last` is never the end (saves and restore use the newest
// complete save and say so); and a save is "unchanged" only when its sidecar is too.
import { copyFileSync, existsSync, readFileSync, rmSync, symlinkSync, truncateSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveServer } from '../../src/save/save.ts';
import { lastSavePath, listSaves, saveFileName, sidecarPath } from '../../src/resurrect/save-dir.ts';
import { readSidecar, sidecarBelongsTo } from '../../src/resurrect/sidecar.ts';
import { NEEDS_RESURRECT, RESURRECT, raceRound, runResurrect } from '../helpers/resurrect-peer.ts';
import { startSavingServer } from '../helpers/saving-server.ts';

const SESSIONS = ['alpha', 'beta', 'gamma', 'main'];

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const fourSessions = () => startSavingServer(stops);

describe(`our save and tmux-resurrect's save.sh started together${NEEDS_RESURRECT}`, () => {
  // [offset in ms, tmux-resurrect started first], spread over a second. Both name their file
  // in the same second up to ~900 ms; ours is written before save.sh starts from ~150 ms.
  const ROUNDS: readonly (readonly [number, boolean])[] = [
    [0, false],
    [0, true],
    [100, false],
    [200, false],
    [300, true],
    [400, false],
    [500, false],
    [700, true],
    [900, false],
  ];

  it.skipIf(RESURRECT === undefined)(`leave \`last\` on a complete save of every session, and lose no save of ours (${ROUNDS.length} rounds)`, async () => {
    const { server, dir, env } = await fourSessions();
    const failures: string[] = [];
    for (const [round, [offset, resurrectFirst]] of ROUNDS.entries()) {
      // A change each round, so that both write a new file.
      server.tmux('rename-window', '-t', '=main:0', `round-${round}`);
      const result = await raceRound(server.socket, dir, offset, resurrectFirst, env);
      const what = `round ${round} (${resurrectFirst ? 'tmux-resurrect' : 'ours'} first, ${offset} ms)`;
      expect(result.resurrect.code, `${what}: save.sh ${result.resurrect.stderr}`).toBe(0);
      if (result.lastProblem !== undefined) failures.push(`${what}: \`last\` ${result.lastProblem}`);
      else if (result.lastSessions.join() !== SESSIONS.join()) failures.push(`${what}: \`last\` holds ${result.lastSessions.join()}`);
      if (result.oursProblem !== undefined) failures.push(`${what}: our save ${basename(result.ours.file)} ${result.oursProblem}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('a `last` that is broken', () => {
  it('pointing at a deleted save: `saves` and `restore` use the newest complete save, and say which', async () => {
    const { server, dir, cli, kill, sessions } = await fourSessions();
    expect((await cli('save', '--quiet')).code).toBe(0);
    const older = lastSavePath(dir) ?? '';
    server.tmux('kill-session', '-t', '=gamma:');
    expect((await cli('save', '--quiet')).code).toBe(0);
    const newer = lastSavePath(dir) ?? '';
    expect(newer).not.toBe(older);
    // What tmux-resurrect's save.sh did to `last`'s file when both saved in the same second.
    rmSync(newer);

    const saves = await cli('saves');
    expect(saves.code).toBe(0);
    expect(saves.stderr).toBe(
      `claude-sessions: \`last\` points at ${basename(newer)}, which does not exist; using ${basename(older)}, the newest complete save (restore uses it; the next save moves \`last\` on)\n`,
    );
    expect(saves.stdout).toMatch(new RegExp(`restore +${basename(older)}\\n`));

    kill();
    const restored = await cli('restore');
    expect(restored).toMatchObject({ code: 0, stdout: `restored 4 sessions, 7 panes from ${older}\n` });
    expect(restored.stderr).toBe(`claude-sessions: \`last\` points at ${basename(newer)}, which does not exist; using ${basename(older)}, the newest complete save\n`);
    expect(sessions()).toEqual(SESSIONS);
  }, 30_000);

  it('pointing at a save cut short: `restore --file last` uses the newest complete save instead', async () => {
    const { server, dir, cli, kill } = await fourSessions();
    expect((await cli('save', '--quiet')).code).toBe(0);
    const older = lastSavePath(dir) ?? '';
    server.tmux('rename-window', '-t', '=main:0', 'changed');
    expect((await cli('save', '--quiet')).code).toBe(0);
    const newer = lastSavePath(dir) ?? '';
    // Cut after its pane lines, as a writer killed halfway (or one writing in place) leaves it.
    const text = readFileSync(newer, 'utf8');
    truncateSync(newer, text.indexOf('\nwindow\t') + 1);

    kill();
    const restored = await cli('restore', '--file', 'last');
    expect(restored).toMatchObject({ code: 0, stdout: `restored 4 sessions, 7 panes from ${older}\n` });
    expect(restored.stderr).toBe(`claude-sessions: \`last\` points at ${basename(newer)}, which was cut short; using ${basename(older)}, the newest complete save\n`);
    expect(server.tmux('display-message', '-p', '-t', '=main:0', '#{window_name}').trim()).not.toBe('changed');
  }, 30_000);
});

describe('a save is unchanged only when its sidecar is too', () => {
  it('replaces a `last` tmux-resurrect wrote (no sidecar) by its own save with the same text', async () => {
    const { server, dir } = await fourSessions();
    const first = await saveServer(server.client, { dir });
    // The same text under tmux-resurrect's name, without a sidecar, as its save.sh leaves it.
    const theirs = join(dir, saveFileName(new Date(Date.now() + 2000)));
    copyFileSync(first.file, theirs);
    rmSync(join(dir, 'last'));
    symlinkSync(basename(theirs), join(dir, 'last'));

    const second = await saveServer(server.client, { dir });
    expect(second.unchanged).toBe(false);
    expect(lastSavePath(dir)).toBe(second.file);
    expect(readFileSync(second.file, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
    const sidecar = readSidecar(sidecarPath(second.file));
    expect(sidecar !== undefined && sidecarBelongsTo(sidecar, basename(second.file), readFileSync(second.file, 'utf8'))).toBe(true);
    // Then unchanged, as long as nothing changes.
    expect(await saveServer(server.client, { dir })).toMatchObject({ unchanged: true, file: second.file });
  });

  it.skipIf(RESURRECT === undefined)(`replaces a \`last\` tmux-resurrect's save.sh just wrote for the same server${NEEDS_RESURRECT}`, async () => {
    const { server, dir, env } = await fourSessions();
    expect((await runResurrect(server.socket, 'save.sh', env)).code).toBe(0);
    const theirs = lastSavePath(dir) ?? '';
    expect(existsSync(sidecarPath(theirs))).toBe(false);
    const ours = await saveServer(server.client, { dir });
    expect(ours.unchanged).toBe(false);
    expect(lastSavePath(dir)).toBe(ours.file);
    expect(existsSync(sidecarPath(ours.file))).toBe(true);
  });

  it('writes a new save when only what the sidecar holds changed (a pane role)', async () => {
    const { server, dir } = await fourSessions();
    const first = await saveServer(server.client, { dir });
    server.tmux('set-option', '-p', '-t', '=alpha:0.1', '@claude-sessions-role', 'editor');
    const second = await saveServer(server.client, { dir });
    expect(second.unchanged).toBe(false);
    expect(readFileSync(second.file, 'utf8')).toBe(readFileSync(first.file, 'utf8'));
    expect(readSidecar(sidecarPath(second.file))?.extras?.panes).toContainEqual(expect.objectContaining({ session: 'alpha', window: 0, pane: 1, role: 'editor' }));
    expect(listSaves(dir).map((save) => save.path)).toEqual([first.file, second.file]);
  });
});
