// A save with pane contents takes the text of a pane that printed nothing since the previous
// save from that save instead of capturing it again, and what it holds is always what a fresh
// capture of every pane shows: printed, cleared, resized, history cleared, printed within the
// same second as the previous save.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readPaneContents } from '../../src/resurrect/pane-contents.ts';
import { readResurrectArchive } from '../../src/resurrect/contents-archive.ts';
import { paneContentsPath, RESURRECT_CONTENTS_ARCHIVE } from '../../src/resurrect/save-dir.ts';
import { sha256Of } from '../../src/resurrect/sidecar.ts';
import { restoreServer } from '../../src/restore/restore.ts';
import { saveServer } from '../../src/save/save.ts';
import { TmuxClient } from '../../src/tmux/index.ts';
import { settled, startSaveServer } from '../helpers/settled.ts';
import { REPO_ROOT, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// Every pane's text as a fresh capture shows it now, by address (empty panes left out, as a save does).
function freshContents(server: TestServer): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of server.tmux('list-panes', '-a', '-F', '#{session_name}:#{window_index}.#{pane_index} #{pane_id}').trim().split('\n')) {
    const [address = '', id = ''] = line.split(' ');
    const text = server.tmux('capture-pane', '-peJS-', '-t', id).replace(/\s+$/, '');
    if (text !== '') found[address] = `${text}\n`;
  }
  return found;
}

// The contents kept with a save, by address.
async function savedContents(file: string): Promise<Record<string, string>> {
  const panes = await readPaneContents(file, sha256Of(readFileSync(file, 'utf8')));
  return Object.fromEntries(panes.map((pane) => [`${pane.session}:${pane.window}.${pane.pane}`, pane.text]));
}

// A client that records the panes each capture-pane asks for.
function countingClient(server: TestServer): { client: TmuxClient; captured: string[] } {
  const captured: string[] = [];
  const onRun = (argv: readonly string[]) => argv.forEach((word, at) => word === 'capture-pane' && captured.push(argv[at + 3] ?? ''));
  return { client: new TmuxClient({ server: { socketPath: server.socket }, onRun }), captured };
}

const paneId = (server: TestServer, target: string) => server.tmux('display', '-p', '-t', target, '#{pane_id}').trim();
const shows = (server: TestServer, target: string, text: string) =>
  waitFor(() => server.tmux('capture-pane', '-pJS-', '-t', target), (shown) => shown.includes(text));

// A server with the plugin loaded (its hooks count each window's layout changes) and contents on.
async function serverWithContents(): Promise<{ server: TestServer; dir: string }> {
  const { server, dir } = await startSaveServer(stops);
  server.tmux('set-option', '-g', '@resurrect-dir', dir);
  server.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
  server.tmux('set-option', '-g', '@claude-sessions-capture-pane-contents', 'on');
  return { server, dir };
}

// A pane program that draws `text` on its first rows, puts the cursor back at the top left
// and waits; on Enter it draws `later` on row 4 the same way: the cursor, history and size stay.
const drawing = (text: string, later: string) =>
  `sh -c 'stty -echo; printf "${text}\\033[H"; read _; printf "\\033[4;1H${later}\\033[H"; exec sleep 1000'`;

describe('a save with pane contents after another', () => {
  it('captures again only the panes that changed, and holds what a fresh capture of every pane shows', async () => {
    const { server, dir } = await serverWithContents();
    // main:0 two idle panes; 1 prints more; 2 is cleared; 3 is resized (its program prints
    // nothing on a resize, and the lines below its cursor go); 4 has its history cleared.
    server.tmux('split-window', '-t', '=main:0');
    for (const name of ['printer', 'cleared', 'resized', 'history']) server.tmux('new-window', '-d', '-t', '=main:', '-n', name);
    server.tmux('split-window', '-d', '-t', '=main:3');
    server.tmux('respawn-pane', '-k', '-t', '=main:3.0', `sh -c 'seq 1 60; printf "\\033[H"; exec sleep 1000'`);
    await settled(server);
    const print = (target: string, command: string, text: string) => {
      server.tmux('send-keys', '-t', target, command, 'Enter');
      return shows(server, target, text);
    };
    await print('=main:0.0', 'printf "idle-%s\\n" first', 'idle-first');
    await print('=main:0.1', 'seq 1 100; printf "idle-%s\\n" second', 'idle-second');
    await print('=main:1.0', 'printf "printer-%s\\n" before', 'printer-before');
    await print('=main:2.0', 'printf "cleared-%s\\n" before', 'cleared-before');
    await print('=main:4.0', 'seq 1 100; printf "history-%s\\n" before', 'history-before');
    await shows(server, '=main:3.0', '60');
    // Every window's last output a second before the first save lists it.
    await sleep(1100);
    await saveServer(server.client, { dir });
    const before = freshContents(server);

    await print('=main:1.0', 'printf "printer-%s\\n" after', 'printer-after');
    server.tmux('send-keys', '-t', '=main:2.0', 'clear', 'Enter');
    // Off the screen (tmux keeps what `clear` scrolled away in the pane's history).
    await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=main:2.0'), (shown) => !shown.includes('cleared-before'));
    server.tmux('resize-pane', '-t', '=main:3.0', '-y', '8');
    server.tmux('clear-history', '-t', '=main:4.0');
    const { client, captured } = countingClient(server);
    const second = await saveServer(client, { dir });

    const fresh = freshContents(server);
    expect(await savedContents(second.file)).toEqual(fresh);
    // Each change above changed what a capture shows.
    for (const address of ['main:1.0', 'main:2.0', 'main:3.0', 'main:4.0']) expect(fresh[address], address).not.toBe(before[address]);
    // Captured again: those four, and the pane that grew as its neighbour shrank; the idle two were not.
    expect(captured.sort()).toEqual(['=main:1.0', '=main:2.0', '=main:3.0', '=main:3.1', '=main:4.0'].map((target) => paneId(server, target)).sort());
  });

  it('captures again a pane that printed within the same second as the previous save', async () => {
    const { server, dir } = await serverWithContents();
    // A program that rewrites one line in place: its cursor, history and size stay as they were.
    const program = `sh -c 'stty -echo; read _; printf "value-first"; read _; printf "\\rvalue-later"; exec sleep 1000'`;
    for (let attempt = 0; attempt < 10; attempt++) {
      const name = `same-second-${attempt}`;
      server.tmux('new-window', '-d', '-t', '=main:', '-n', name, program);
      const target = `=main:${name}.0`;
      await waitFor(() => server.tmux('display', '-p', '-t', target, '#{pane_current_command}'), (command) => command.trim() === 'sleep' || command.trim() === 'sh');
      await sleep(300);
      // At the start of a second: print, save, print again, all within that second.
      await sleep(1000 - (Date.now() % 1000) + 10);
      server.tmux('send-keys', '-t', target, 'Enter');
      await shows(server, target, 'value-first');
      const first = await saveServer(server.client, { dir });
      server.tmux('send-keys', '-t', target, 'Enter');
      await shows(server, target, 'value-later');
      const activity = Number(server.tmux('display', '-p', '-t', target, '#{window_activity}'));
      const record = recordOf(first.file);
      if (record.listedAt !== activity || record.screenOf(paneId(server, target))?.split(' ')[0] !== String(activity)) continue;

      const second = await saveServer(server.client, { dir });
      expect((await savedContents(second.file))[`main:${server.tmux('display', '-p', '-t', target, '#{window_index}').trim()}.0`]).toContain('value-later');
      expect(await savedContents(second.file)).toEqual(freshContents(server));
      return;
    }
    throw new Error('no attempt printed, saved and printed again within one second');
  });

  it("with only tmux-resurrect's capture option on, captures again only the pane that printed; with ours set off, keeps no contents", async () => {
    const { server, dir } = await startSaveServer(stops);
    server.tmux('set-option', '-g', '@resurrect-dir', dir);
    server.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    server.tmux('set-option', '-g', '@resurrect-capture-pane-contents', 'on');
    server.tmux('split-window', '-t', '=main:0');
    server.tmux('send-keys', '-t', '=main:0.0', 'printf "idle-%s\\n" one', 'Enter');
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'printer');
    await shows(server, '=main:0.0', 'idle-one');
    await settled(server);
    await sleep(1100);
    await saveServer(server.client, { dir });
    server.tmux('send-keys', '-t', '=main:1.0', 'printf "printer-%s\\n" after', 'Enter');
    await shows(server, '=main:1.0', 'printer-after');
    const { client, captured } = countingClient(server);
    const second = await saveServer(client, { dir });
    expect(await savedContents(second.file)).toEqual(freshContents(server));
    expect(captured).toEqual([paneId(server, '=main:1.0')]);

    server.tmux('set-option', '-g', '@claude-sessions-capture-pane-contents', 'off');
    server.tmux('rename-window', '-t', '=main:1', 'renamed');
    const off = countingClient(server);
    const third = await saveServer(off.client, { dir });
    expect(off.captured).toEqual([]);
    expect(await savedContents(third.file)).toEqual({});
  });
});

describe('a save with pane contents after panes were resized or moved and put back as they were', () => {
  it('holds what a fresh capture shows: shrunk and grown back, moved or swapped to another window and back, rotated, the window resized', async () => {
    const { server, dir } = await serverWithContents();
    // Each window: its first pane has text below its cursor (lost when the pane shrinks; tmux
    // drops those rows) or prints while elsewhere; no program redraws on a resize.
    const below = (name: string) => drawing(`${name}\\n1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\n11\\n12\\n13\\n14\\n15\\n16\\n17\\n18\\n19\\n20\\n21\\n22\\n23\\n24\\n25\\n${name}-bottom`, '');
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'shrunk', below('shrunk'));
    server.tmux('split-window', '-d', '-v', '-t', '=main:shrunk');
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'moved');
    server.tmux('split-window', '-d', '-h', '-t', '=main:moved', drawing('moved-before', 'moved-away'));
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'swapped');
    server.tmux('split-window', '-d', '-h', '-t', '=main:swapped', drawing('swapped-before', 'swapped-away'));
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'elsewhere');
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'rotated', below('rotated'));
    server.tmux('split-window', '-d', '-v', '-l', '5', '-t', '=main:rotated');
    server.tmux('split-window', '-d', '-v', '-l', '5', '-t', '=main:rotated.1');
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'window', below('window'));
    await settled(server);
    for (const [target, text] of [['shrunk.0', 'shrunk-bottom'], ['moved.1', 'moved-before'], ['swapped.1', 'swapped-before'], ['rotated.0', 'rotated-bottom'], ['window.0', 'window-bottom']] as const) {
      await shows(server, `=main:${target}`, text);
    }
    const layouts = () => server.tmux('list-windows', '-t', '=main:', '-F', '#{window_name} #{window_layout}');
    const laidOut = layouts();
    // Every window's last output a second before the first save lists it.
    await sleep(1100);
    await saveServer(server.client, { dir });
    const before = freshContents(server);

    const height = (target: string) => server.tmux('display', '-p', '-t', target, '#{pane_height}').trim();
    const shrunkHeight = height('=main:shrunk.0');
    server.tmux('resize-pane', '-t', '=main:shrunk.0', '-y', '5');
    server.tmux('resize-pane', '-t', '=main:shrunk.0', '-y', shrunkHeight);

    const moved = paneId(server, '=main:moved.1');
    server.tmux('break-pane', '-d', '-s', moved);
    server.tmux('send-keys', '-t', moved, 'Enter');
    await shows(server, moved, 'moved-away');
    server.tmux('join-pane', '-d', '-h', '-s', moved, '-t', '=main:moved.0');

    const swapped = paneId(server, '=main:swapped.1');
    server.tmux('swap-pane', '-d', '-s', swapped, '-t', '=main:elsewhere.0');
    server.tmux('send-keys', '-t', swapped, 'Enter');
    await shows(server, swapped, 'swapped-away');
    server.tmux('swap-pane', '-d', '-s', swapped, '-t', '=main:swapped.1');

    server.tmux('rotate-window', '-D', '-t', '=main:rotated');
    server.tmux('rotate-window', '-U', '-t', '=main:rotated');

    server.tmux('resize-window', '-t', '=main:window', '-y', '8');
    server.tmux('resize-window', '-t', '=main:window', '-y', '40');

    // Every pane back where it was, at the size it was: the same layouts.
    expect(layouts()).toBe(laidOut);
    const second = await saveServer(server.client, { dir });
    const fresh = freshContents(server);
    const saved = await savedContents(second.file);
    const windows = ['shrunk', 'moved', 'swapped', 'rotated', 'window'];
    const addressOf = (window: string) => `main:${server.tmux('display', '-p', '-t', `=main:${window}`, '#{window_index}').trim()}.${window === 'moved' || window === 'swapped' ? 1 : 0}`;
    // Each sequence changed what a capture shows, and the save holds the change.
    expect(windows.filter((window) => fresh[addressOf(window)] === before[addressOf(window)])).toEqual([]);
    expect(windows.filter((window) => saved[addressOf(window)] !== fresh[addressOf(window)])).toEqual([]);
    expect(saved).toEqual(fresh);
  }, 60_000);
});

describe('a save with pane contents when the layout hooks were not in place', () => {
  it('holds what a fresh capture shows after another plugin replaced the hooks, and after a load put them back', async () => {
    const { server, dir } = await serverWithContents();
    // Two windows of two panes; each first pane has rows below its cursor, lost when it shrinks.
    for (const name of ['reloaded', 'replaced']) {
      server.tmux('new-window', '-d', '-t', '=main:', '-n', name, drawing(`${name}\\n1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\n${name}-bottom`, ''));
      server.tmux('split-window', '-d', '-v', '-t', `=main:${name}`);
    }
    await settled(server);
    await shows(server, '=main:reloaded.0', 'reloaded-bottom');
    await shows(server, '=main:replaced.0', 'replaced-bottom');
    const shrinkAndGrowBack = (window: string) => {
      const height = server.tmux('display', '-p', '-t', `=main:${window}.0`, '#{pane_height}').trim();
      server.tmux('resize-pane', '-t', `=main:${window}.0`, '-y', '3');
      server.tmux('resize-pane', '-t', `=main:${window}.0`, '-y', height);
    };
    // A configuration loaded after ours clears the hooks and sets its own.
    const replaceHooks = () => {
      for (const hook of ['window-layout-changed', 'window-pane-changed']) {
        server.tmux('set-hook', '-gu', hook);
        server.tmux('set-hook', '-g', hook, 'display-message -d 1 other');
      }
    };
    await sleep(1100);
    await saveServer(server.client, { dir });

    // Resized while uncounted, then the plugin loaded again: the save holds the change.
    replaceHooks();
    shrinkAndGrowBack('reloaded');
    server.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    const afterLoad = await saveServer(server.client, { dir });
    expect((await savedContents(afterLoad.file))['main:1.0']).not.toContain('reloaded-bottom');
    expect(await savedContents(afterLoad.file)).toEqual(freshContents(server));

    // Resized while uncounted, saved before any load: the same.
    await sleep(1100);
    await saveServer(server.client, { dir });
    replaceHooks();
    shrinkAndGrowBack('replaced');
    const withoutHooks = await saveServer(server.client, { dir });
    expect((await savedContents(withoutHooks.file))['main:2.0']).not.toContain('replaced-bottom');
    expect(await savedContents(withoutHooks.file)).toEqual(freshContents(server));
  }, 60_000);
});

describe('a save with pane contents after a restore', () => {
  it("holds what a fresh capture shows after a pane was resized while a restore ran, whose splits the hooks leave uncounted", async () => {
    const { server, dir } = await serverWithContents();
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'resized', drawing('resized\\n1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\nresized-bottom', ''));
    server.tmux('split-window', '-d', '-v', '-t', '=main:resized');
    // A session of three panes to restore, saved apart and gone.
    server.tmux('new-session', '-d', '-s', 'restored');
    server.tmux('split-window', '-t', '=restored:');
    server.tmux('split-window', '-t', '=restored:');
    await settled(server);
    await shows(server, '=main:resized.0', 'resized-bottom');
    const { file } = await saveServer(server.client, { dir: join(server.dir, 'apart') });
    server.tmux('kill-session', '-t', '=restored');
    await sleep(1100);
    await saveServer(server.client, { dir });
    const epoch = () => Number(server.tmux('show-options', '-gv', '@claude-sessions-layout-epoch').trim());
    const epochBefore = epoch();

    // Shrunk and grown back while a restore runs (its flag set: the hooks count nothing), then
    // the restore builds its session and ends.
    server.tmux('set-option', '-g', '@claude-sessions-restoring', '1');
    const height = server.tmux('display', '-p', '-t', '=main:resized.0', '#{pane_height}').trim();
    server.tmux('resize-pane', '-t', '=main:resized.0', '-y', '3');
    server.tmux('resize-pane', '-t', '=main:resized.0', '-y', height);
    await restoreServer(server.client, { file });
    expect(server.tmux('list-panes', '-s', '-t', '=restored:', '-F', '#{pane_id}').trim().split('\n')).toHaveLength(3);
    // Its two splits went uncounted; its end moved the epoch on instead.
    expect(server.tmux('list-windows', '-t', '=restored:', '-F', '[#{@claude-sessions-layouts}]').trim()).toBe('[]');
    expect(epoch()).toBe(epochBefore + 1);
    expect(server.tmux('show-options', '-gqv', '@claude-sessions-restoring').trim()).toBe('');

    const after = await saveServer(server.client, { dir });
    const inMain = (contents: Record<string, string>) => Object.fromEntries(Object.entries(contents).filter(([address]) => address.startsWith('main:')));
    const saved = inMain(await savedContents(after.file));
    expect(saved['main:1.0']).not.toContain('resized-bottom');
    expect(saved).toEqual(inMain(freshContents(server)));
  }, 60_000);

  it('captures every pane again while the restoring flag is left set (a restore that died), the hooks counting nothing', async () => {
    const { server, dir } = await serverWithContents();
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'resized', drawing('resized\\n1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\nresized-bottom', ''));
    server.tmux('split-window', '-d', '-v', '-t', '=main:resized');
    await settled(server);
    await shows(server, '=main:resized.0', 'resized-bottom');
    await saveServer(server.client, { dir });
    await sleep(1100);

    server.tmux('set-option', '-g', '@claude-sessions-restoring', '1');
    const height = server.tmux('display', '-p', '-t', '=main:resized.0', '#{pane_height}').trim();
    server.tmux('resize-pane', '-t', '=main:resized.0', '-y', '3');
    server.tmux('resize-pane', '-t', '=main:resized.0', '-y', height);
    const { client, captured } = countingClient(server);
    const after = await saveServer(client, { dir });

    const panes = server.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    expect([...captured].sort()).toEqual([...panes].sort());
    // Nothing for the next save to reuse either.
    expect(JSON.parse(gunzipSync(readFileSync(paneContentsPath(after.file))).toString('utf8')).capture?.server ?? '').toBe('');
    const saved = await savedContents(after.file);
    expect(saved['main:1.0']).not.toContain('resized-bottom');
    expect(saved).toEqual(freshContents(server));
  }, 60_000);
});

describe("tmux-resurrect's archive after a save with pane contents", () => {
  it('is kept as it is when no pane changed, and built again when one did or when it is not the one written', async () => {
    const { server, dir } = await serverWithContents();
    server.tmux('split-window', '-t', '=main:0');
    await settled(server);
    server.tmux('send-keys', '-t', '=main:0.0', 'printf "archived-%s\\n" first', 'Enter');
    await shows(server, '=main:0.0', 'archived-first');
    await sleep(1100);
    const archive = join(dir, RESURRECT_CONTENTS_ARCHIVE);
    const inArchive = async () => Object.fromEntries((await readResurrectArchive(archive)).map((pane) => [`${pane.session}:${pane.window}.${pane.pane}`, pane.text]));
    await saveServer(server.client, { dir });
    const written = { bytes: readFileSync(archive), inode: statSync(archive).ino };

    // A renamed window: a new save, the same contents.
    server.tmux('rename-window', '-t', '=main:0', 'renamed');
    const second = await saveServer(server.client, { dir });
    expect(second.unchanged).toBe(false);
    expect({ bytes: readFileSync(archive), inode: statSync(archive).ino }).toEqual(written);
    // Newer than the save it goes with, as a restore asks of it.
    expect(statSync(archive).mtimeMs).toBeGreaterThanOrEqual(statSync(second.file).mtimeMs);
    expect(await inArchive()).toEqual(freshContents(server));

    server.tmux('send-keys', '-t', '=main:0.1', 'printf "archived-%s\\n" later', 'Enter');
    await shows(server, '=main:0.1', 'archived-later');
    await saveServer(server.client, { dir });
    expect(await inArchive()).toEqual(freshContents(server));
    expect((await inArchive())['main:0.1']).toContain('archived-later');

    // Another writer's archive (tmux-resurrect's save.sh writes in place): never kept.
    await sleep(1100);
    await saveServer(server.client, { dir });
    writeFileSync(archive, 'not the archive written');
    await saveServer(server.client, { dir });
    expect(await inArchive()).toEqual(freshContents(server));
  });
});

// The capture record kept with a save: the second it listed the panes, and each pane's screen state.
function recordOf(file: string): { listedAt: number; screenOf: (id: string) => string | undefined } {
  const contents = JSON.parse(gunzipSync(readFileSync(paneContentsPath(file))).toString('utf8')) as {
    capture: { listedAt: number; panes: { id: string; screen: string }[] };
  };
  return { listedAt: contents.capture.listedAt, screenOf: (id) => contents.capture.panes.find((pane) => pane.id === id)?.screen };
}
