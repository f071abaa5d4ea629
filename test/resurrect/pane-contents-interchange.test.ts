// Pane contents whatever the save is called (`--file last`, `--file DIR/last`), and both ways
// with tmux-resurrect: its pane_contents.tar.gz shown when we restore its save, and kept
// current by our saves so that its restore.sh shows today's contents.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentsForRestore } from '../../src/resurrect/pane-contents.ts';
import { readResurrectArchive, writeResurrectArchive } from '../../src/resurrect/contents-archive.ts';
import { lastSavePath, RESURRECT_CONTENTS_ARCHIVE } from '../../src/resurrect/save-dir.ts';
import { sha256Of } from '../../src/resurrect/sidecar.ts';
import { NEEDS_RESURRECT, RESURRECT, run, runResurrect } from '../helpers/resurrect-peer.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';
import { startSavingServer, type SavingServer } from '../helpers/saving-server.ts';
import { settled } from '../helpers/settled.ts';
import { waitFor } from '../helpers/wait.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

// Print a marker in a pane: its output (MARKER-42 for 42) differs from the command typed.
async function printMarker(saving: SavingServer, target: string, n: number): Promise<void> {
  saving.server.tmux('send-keys', '-t', target, `echo MARKER-$((${n} - 1 + 1))`, 'Enter');
  await waitFor(() => saving.server.tmux('capture-pane', '-p', '-t', target), (text) => text.includes(`MARKER-${n}\n`));
}

// What a restored pane shows, once its contents have been printed.
async function shown(saving: SavingServer, target: string, marker: string): Promise<string> {
  return waitFor(() => saving.server.tryTmux('capture-pane', '-p', '-t', target).stdout, (text) => text.includes(marker), 50);
}

describe('`restore --file last` and `--file DIR/last`', () => {
  it('show the pane contents and apply the sidecar of the save `last` names', async () => {
    const saving = await startSavingServer(stops, [['@claude-sessions-capture-pane-contents', 'on']]);
    const { server, dir } = saving;
    // A folder whose name the text file cannot hold (a TAB): only the sidecar has it exactly.
    const tabbed = join(server.dir, 'tab\there');
    mkdirSync(tabbed);
    server.newSession('tabbed', tabbed);
    await settled(server);
    await printMarker(saving, '=tabbed:0.0', 41);
    expect((await saving.cli('save', '--quiet')).code).toBe(0);

    // `last` as a name in the save folder, as a path, and as a file in the working folder.
    for (const [cwd, file] of [[server.dir, 'last'], [server.dir, join(dir, 'last')], [dir, 'last']] as const) {
      saving.kill();
      const restored = await saving.cliIn(cwd, 'restore', '--file', file);
      expect(restored).toMatchObject({ code: 0, stderr: '', stdout: `restored 5 sessions, 8 panes from ${lastSavePath(dir)}\n` });
      expect(await shown(saving, '=tabbed:0.0', 'MARKER-41\n')).toContain('MARKER-41\n');
      expect(server.tmux('display-message', '-p', '-t', '=tabbed:0.0', '#{pane_current_path}').trim()).toBe(tabbed);
    }
  }, 30_000);
});

describe(`pane contents with tmux-resurrect${NEEDS_RESURRECT}`, () => {
  it.skipIf(RESURRECT === undefined)("are shown when we restore a save its save.sh wrote, from its pane_contents.tar.gz", async () => {
    const saving = await startSavingServer(stops, [['@resurrect-capture-pane-contents', 'on']]);
    await printMarker(saving, '=alpha:0.1', 42);
    expect(await runResurrect(saving.server.socket, 'save.sh', saving.env)).toMatchObject({ code: 0 });
    saving.kill();
    const restored = await saving.cli('restore');
    expect(restored).toMatchObject({ code: 0, stderr: '', stdout: `restored 4 sessions, 7 panes from ${lastSavePath(saving.dir)}\n` });
    expect(await shown(saving, '=alpha:0.1', 'MARKER-42\n')).toContain('MARKER-42\n');
  }, 30_000);

  it.skipIf(RESURRECT === undefined)("are today's when its restore.sh restores our save", async () => {
    const saving = await startSavingServer(stops, [['@resurrect-capture-pane-contents', 'on']]);
    // An older archive of tmux-resurrect's, then a change that only our save sees.
    await printMarker(saving, '=beta:0.0', 43);
    expect(await runResurrect(saving.server.socket, 'save.sh', saving.env)).toMatchObject({ code: 0 });
    await printMarker(saving, '=beta:0.0', 44);
    expect((await saving.cli('save', '--quiet')).code).toBe(0);

    saving.kill();
    // tmux-resurrect restores into a running server (its restore key): a fresh one with the same options.
    const { server, env } = saving;
    const home = env['HOME'] ?? '';
    expect(await run('tmux', ['-S', server.socket, '-f', join(home, '.tmux.conf'), 'new-session', '-d'], env)).toMatchObject({ code: 0 });
    expect(await runResurrect(server.socket, 'restore.sh', env)).toMatchObject({ code: 0 });
    const text = await shown(saving, '=beta:0.0', 'MARKER-44\n');
    expect(text).toContain('MARKER-43\n');
    expect(text).toContain('MARKER-44\n');
  }, 30_000);
});

describe(`pane contents kept from the save before${NEEDS_RESURRECT}`, () => {
  it.skipIf(RESURRECT === undefined)('are shown by its restore.sh when our second save, with nothing printed between, kept the archive of the first', async () => {
    const saving = await startSavingServer(stops, [['@resurrect-capture-pane-contents', 'on']]);
    // Loaded as TPM loads it: a save reuses contents only while the plugin's layout hooks count.
    saving.server.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    await printMarker(saving, '=gamma:0.0', 45);
    // Its window's last output a second before our first save lists it: the second reuses it.
    await new Promise((done) => setTimeout(done, 1100));
    expect((await saving.cli('save', '--quiet')).code).toBe(0);
    const archive = join(saving.dir, RESURRECT_CONTENTS_ARCHIVE);
    const written = readFileSync(archive);
    saving.server.tmux('rename-window', '-t', '=main:0', 'renamed');
    expect((await saving.cli('save', '--quiet')).code).toBe(0);
    expect(readFileSync(archive)).toEqual(written);

    saving.kill();
    const { server, env } = saving;
    const home = env['HOME'] ?? '';
    expect(await run('tmux', ['-S', server.socket, '-f', join(home, '.tmux.conf'), 'new-session', '-d'], env)).toMatchObject({ code: 0 });
    expect(await runResurrect(server.socket, 'restore.sh', env)).toMatchObject({ code: 0 });
    expect(await shown(saving, '=gamma:0.0', 'MARKER-45\n')).toContain('MARKER-45\n');
    expect(server.tmux('list-windows', '-t', '=main:', '-F', '#{window_name}')).toContain('renamed');
  }, 30_000);
});

describe("tmux-resurrect's archive", () => {
  it('is what tar reads, long and non-ASCII names included; names its restore cannot quote are left out', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cs-archive-'));
    stops.push(() => rmSync(folder, { recursive: true, force: true }));
    const long = `ünïcødé ${'x'.repeat(120)}`;
    const panes = [
      { session: 'main', window: 0, pane: 0, text: 'one\n' },
      { session: long, window: 12, pane: 3, text: '\u001b[31mred\u001b[0m\n' },
      { session: "it's", window: 0, pane: 0, text: 'quoted\n' },
      { session: 'a/b', window: 0, pane: 0, text: 'slashed\n' },
    ];
    await writeResurrectArchive(folder, panes);
    const archive = join(folder, RESURRECT_CONTENTS_ARCHIVE);
    const listed = spawnSync('tar', ['tzf', archive], { encoding: 'utf8' });
    expect(listed.stdout.split('\n').filter(Boolean)).toEqual(['./pane_contents/', './pane_contents/pane-main:0.0', `./pane_contents/pane-${long}:12.3`]);
    expect(spawnSync('tar', ['xzOf', archive, `./pane_contents/pane-${long}:12.3`], { encoding: 'utf8' }).stdout).toBe(panes[1]?.text);
    expect(await readResurrectArchive(archive)).toEqual(panes.slice(0, 2));
  });

  it('goes with the save `last` names, when written after it; not with older saves', async () => {
    const saving = await startSavingServer(stops);
    const { dir } = saving;
    expect((await saving.cli('save', '--quiet')).code).toBe(0);
    const older = lastSavePath(dir) ?? '';
    saving.server.tmux('rename-window', '-t', '=main:0', 'changed');
    expect((await saving.cli('save', '--quiet')).code).toBe(0);
    const last = lastSavePath(dir) ?? '';
    const panes = [{ session: 'main', window: 0, pane: 0, text: 'from the archive\n' }];
    await writeResurrectArchive(dir, panes);
    expect(await readResurrectArchive(join(dir, RESURRECT_CONTENTS_ARCHIVE))).toEqual(panes);
    const sha = (file: string) => sha256Of(readFileSync(file, 'utf8'));
    expect(await contentsForRestore(last, sha(last))).toEqual(panes);
    expect(await contentsForRestore(older, sha(older))).toEqual([]);
    // Left over from before: the save is newer than the archive.
    const archiveTime = new Date(Date.now() - 60_000);
    utimesSync(join(dir, RESURRECT_CONTENTS_ARCHIVE), archiveTime, archiveTime);
    expect(await contentsForRestore(last, sha(last))).toEqual([]);
    // Cut short (tmux-resurrect writes it in place): no contents, no error.
    writeFileSync(join(dir, RESURRECT_CONTENTS_ARCHIVE), readFileSync(join(dir, RESURRECT_CONTENTS_ARCHIVE)).subarray(0, 20));
    expect(await readResurrectArchive(join(dir, RESURRECT_CONTENTS_ARCHIVE))).toEqual([]);
  });
});
