// Restoring into a real server: what a user finds after `claude-sessions restore`.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutWithoutChecksumAndIds } from '../../src/resurrect/layout.ts';
import { restoreServer } from '../../src/restore/restore.ts';
import { saveServer } from '../../src/save/save.ts';
import { lastSavePath } from '../../src/resurrect/save-dir.ts';
import { protectArgument, TmuxClient } from '../../src/tmux/index.ts';
import { groupedLine, layoutOf, paneLine, runRestoreCli, sessionLines, stateLine, windowLine, writeSave } from '../helpers/resurrect-lines.ts';
import { listed, namesSettled, restoreServersPerTest, type RestoreServer } from '../helpers/restore-server.ts';
import { waitFor } from '../helpers/wait.ts';

const setup = restoreServersPerTest();

const sessionNames = (server: RestoreServer) => listed(server, 'list-sessions', '#{session_name}');
const panesOf = (server: RestoreServer, session: string, format: string) => listed(server, 'list-panes', format, '-s', '-t', `=${session}:`);
const windowsOf = (server: RestoreServer, session: string, format: string) => listed(server, 'list-windows', format, '-t', `=${session}:`);

describe('sessions that already exist', () => {
  it('are skipped, reported, and left exactly as they are; the others are restored', async () => {
    const server = setup();
    await server.start('work');
    server.tmux('split-window', '-t', '=work:0', '-c', server.dir);
    server.tmux('new-window', '-t', '=work:', '-n', 'mine', '-c', server.dir);
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('work', '/tmp', 3), ...sessionLines('other', server.dir), stateLine()]);
    const format = '#{window_index}\t#{window_name}\t#{window_layout}\t#{pane_index}\t#{pane_id}\t#{pane_pid}\t#{pane_current_path}';
    await namesSettled(server);
    // Each new pane's folder is known once its shell has started (empty before, under load).
    const before = await waitFor(() => panesOf(server, 'work', format), (lines) => lines.every((line) => !line.endsWith('\t')));

    const { code, stdout, stderr } = await runRestoreCli(server, '--file', file);
    expect(code).toBe(0);
    expect(stdout).toBe(`restored 1 session, 1 pane from ${file}\n`);
    expect(stderr).toBe('claude-sessions: skipped work: a session by that name exists (left as it is)\n');
    expect(panesOf(server, 'work', format)).toEqual(before);
    expect(sessionNames(server)).toEqual(['other', 'work']);
  });
});

describe('--session', () => {
  it('restores only the named session', async () => {
    const server = setup();
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('alpha', '/tmp'), ...sessionLines('beta', '/tmp', 2), ...sessionLines('gamma', '/tmp'), stateLine()]);
    const result = await restoreServer(server.client, { file, sessionFilter: 'beta' });
    expect(result).toMatchObject({ restored: ['beta'], skipped: [], panes: 2 });
    expect(sessionNames(server)).toEqual(['beta']);
    expect(panesOf(server, 'beta', '#{pane_index}')).toEqual(['0', '1']);
  });

  it('restores nothing, and says so, when the save has no session by that name', async () => {
    const server = setup();
    await server.start('main');
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('alpha', '/tmp'), stateLine()]);
    const { code, stdout, stderr } = await runRestoreCli(server, '--file', file, '--session', 'alp');
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: `nothing restored from ${file}\n`,
      stderr: 'claude-sessions: skipped alp: the save has no session by that name\n',
    });
    expect(sessionNames(server)).toEqual(['main']);
  });
});

describe('pane folders', () => {
  it('start a pane whose folder is gone in its nearest existing parent, with a note saying so', async () => {
    const server = setup();
    const gone = join(server.dir, 'gone', 'deeper');
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('moved', gone), stateLine()]);
    const result = await restoreServer(server.client, { file });
    expect(result.notes).toContain(`moved:0.0: ${gone} does not exist; started in ${server.dir}`);
    expect(await waitFor(() => panesOf(server, 'moved', '#{pane_current_path}'), (paths) => paths[0] === server.dir)).toEqual([server.dir]);
  });
});

describe('grouped sessions', () => {
  it('come back grouped with their original, each on its own saved window', async () => {
    const server = setup();
    const path = server.dir;
    const panes = [0, 1, 2].map((window) => paneLine({ session: 'original', window, path, active: true, windowActive: window === 2, windowFlags: window === 2 ? '*' : '' }));
    const windows = [0, 1, 2].map((index) => windowLine({ session: 'original', index, name: `w${index}`, active: index === 2, flags: index === 2 ? '*' : index === 1 ? '-' : '', layout: layoutOf(160, 48) }));
    const file = writeSave(join(server.dir, 'save.txt'), [groupedLine('follower', 'original', 2, 0), ...panes, ...windows, stateLine()]);
    const result = await restoreServer(server.client, { file });
    expect(result.restored).toEqual(['original', 'follower']);
    // tmux names a group after the session it was made from (`new-session -t original`).
    expect(listed(server, 'list-sessions', '#{session_name}\t#{session_grouped}\t#{session_group}\t#{session_windows}')).toEqual([
      'follower\t1\toriginal\t3',
      'original\t1\toriginal\t3',
    ]);
    expect(windowsOf(server, 'original', '#{window_index}\t#{window_active}')).toEqual(['0\t0', '1\t0', '2\t1']);
    expect(windowsOf(server, 'follower', '#{window_index}\t#{window_active}')).toEqual(['0\t1', '1\t0', '2\t0']);
  });
});

describe('the attached client', () => {
  it('is put on the saved session, with the saved last session as its last', async () => {
    const server = setup();
    await server.start();
    const client = await server.attachControlClient('0');
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('alpha', '/tmp'), ...sessionLines('beta', '/tmp'), ...sessionLines('gamma', '/tmp'), stateLine('beta', 'alpha')]);
    await restoreServer(server.client, { file, auto: true });
    expect(listed(server, 'list-clients', '#{client_name}\t#{client_session}\t#{client_last_session}')).toEqual([`${client}\tbeta\talpha`]);
    // The fresh server's own untouched session was replaced (server start only).
    expect(sessionNames(server)).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('windows and panes', () => {
  it('keep their saved size in a server without a client', async () => {
    const server = setup();
    const path = server.dir;
    const file = writeSave(join(server.dir, 'save.txt'), [
      paneLine({ session: 'big', window: 0, path, active: true, windowActive: true, windowFlags: '*' }),
      ...[0, 1].map((pane) => paneLine({ session: 'big', window: 1, pane, path, active: pane === 0 })),
      windowLine({ session: 'big', index: 0, name: 'one', active: true, flags: '*', layout: layoutOf(200, 50) }),
      windowLine({ session: 'big', index: 1, name: 'two', layout: layoutOf(200, 50, 2) }),
      stateLine(),
    ]);
    await restoreServer(server.client, { file });
    expect(windowsOf(server, 'big', '#{window_width}x#{window_height}')).toEqual(['200x50', '200x50']);
    expect(windowsOf(server, 'big', '#{window_layout}').map(layoutWithoutChecksumAndIds)).toEqual(['200x50,0,0', '200x50,0,0{99x50,0,0,100x50,100,0}']);
  });

  it('come back with the saved active window and pane, a zoomed window zoomed', async () => {
    const server = setup();
    const path = server.dir;
    const file = writeSave(join(server.dir, 'save.txt'), [
      ...[0, 1, 2].map((pane) => paneLine({ session: 'focus', window: 0, pane, path, active: pane === 1, windowActive: false, windowFlags: 'Z' })),
      ...[0, 1, 2].map((pane) => paneLine({ session: 'focus', window: 1, pane, path, active: pane === 2, windowActive: true, windowFlags: '*' })),
      windowLine({ session: 'focus', index: 0, name: 'zoomed', flags: 'Z', layout: layoutOf(160, 48, 3) }),
      windowLine({ session: 'focus', index: 1, name: 'plain', active: true, flags: '*', layout: layoutOf(160, 48, 3) }),
      stateLine(),
    ]);
    await restoreServer(server.client, { file });
    expect(windowsOf(server, 'focus', '#{window_index}\t#{window_active}\t#{window_zoomed_flag}')).toEqual(['0\t0\t1', '1\t1\t0']);
    expect(panesOf(server, 'focus', '#{window_index}.#{pane_index}\t#{pane_active}')).toEqual(['0.0\t0', '0.1\t1', '0.2\t0', '1.0\t0', '1.1\t0', '1.2\t1']);
  });

  it('keep a name given with automatic-rename off; windows without the option take their program name', async () => {
    const server = setup();
    const path = server.dir;
    const file = writeSave(join(server.dir, 'save.txt'), [
      ...[0, 1].map((window) => paneLine({ session: 'names', window, path, active: true, windowActive: window === 0, windowFlags: window === 0 ? '*' : '' })),
      windowLine({ session: 'names', index: 0, name: 'editor', active: true, flags: '*', layout: layoutOf(160, 48), automaticRename: 'off' }),
      windowLine({ session: 'names', index: 1, name: 'stale name', layout: layoutOf(160, 48) }),
      stateLine(),
    ]);
    await restoreServer(server.client, { file });
    const names = await waitFor(() => windowsOf(server, 'names', '#{window_name}'), (found) => found[1] === 'bash');
    expect(names).toEqual(['editor', 'bash']);
    expect(windowsOf(server, 'names', '#{automatic-rename}')).toEqual(['0', '1']);
  });

  it('keep their titles, tmux format characters and shell characters included', async () => {
    const server = setup();
    const titles = ['my title', `semi;colon $(touch x) "q" 'q'`, '#{session_name} ## #', 'ünïcødé 🎉'];
    const file = writeSave(join(server.dir, 'save.txt'), [
      ...titles.map((title, pane) => paneLine({ session: 'titles', pane, title, path: server.dir, active: pane === 0, windowActive: true, windowFlags: '*' })),
      windowLine({ session: 'titles', name: 'bash', active: true, flags: '*', layout: layoutOf(160, 48, 4) }),
      stateLine(),
    ]);
    await restoreServer(server.client, { file });
    expect(panesOf(server, 'titles', '#{pane_title}')).toEqual(titles);
  });

  it('keep a title that looks like a tmux style, #[bold], as it is', async () => {
    const server = setup();
    const titles = ['#[bold]', 'a ##[fg=red] b', '#'];
    const file = writeSave(join(server.dir, 'save.txt'), [
      ...titles.map((title, pane) => paneLine({ session: 'styled', pane, title, path: server.dir, active: pane === 0, windowActive: true, windowFlags: '*' })),
      windowLine({ session: 'styled', name: 'bash', active: true, flags: '*', layout: layoutOf(160, 48, 3) }),
      stateLine(),
    ]);
    await restoreServer(server.client, { file });
    expect(panesOf(server, 'styled', '#{pane_title}')).toEqual(titles);
  });
});

describe('a large server', () => {
  it('of 8 sessions with 3 windows of 2 panes each comes back whole', async () => {
    const server = setup();
    const lines: string[] = [];
    const expected: string[] = [];
    for (let session = 0; session < 8; session++) {
      const name = `claude-dev-project-${session}`;
      for (let window = 0; window < 3; window++) {
        const path = join(server.dir, 'projects', `project-${session}`, '.worktrees', `feature-branch-${window}`);
        mkdirSync(path, { recursive: true });
        for (let pane = 0; pane < 2; pane++) {
          lines.push(paneLine({ session: name, window, pane, path, active: pane === 0, windowActive: window === 0, windowFlags: window === 0 ? '*' : '' }));
          expected.push(`${name}\t${window}\t${pane}\t${path}`);
        }
        lines.push(windowLine({ session: name, index: window, name: `w${window}`, active: window === 0, flags: window === 0 ? '*' : '', layout: layoutOf(200, 50, 2), automaticRename: 'off' }));
      }
    }
    const file = writeSave(join(server.dir, 'save.txt'), [...lines, stateLine()]);
    const result = await restoreServer(server.client, { file });
    expect(result).toMatchObject({ skipped: [], notes: [], panes: 48 });
    const panes = () => listed(server, 'list-panes', '#{session_name}\t#{window_index}\t#{pane_index}\t#{pane_current_path}', '-a');
    expect(await waitFor(panes, (found) => JSON.stringify(found) === JSON.stringify(expected))).toEqual(expected);
  });
});

describe('a fresh server', () => {
  it('has its untouched shell session replaced at server start, even when that session has a saved name', async () => {
    const server = setup();
    await server.start('work');
    const startupId = server.tmux('display-message', '-p', '-t', '=work:', '#{session_id}').trim();
    const path = server.dir;
    const file = writeSave(join(server.dir, 'save.txt'), [
      ...[0, 1].map((window) => paneLine({ session: 'work', window, path, active: true, windowActive: window === 1, windowFlags: window === 1 ? '*' : '' })),
      windowLine({ session: 'work', index: 0, name: 'code', layout: layoutOf(160, 48), automaticRename: 'off' }),
      windowLine({ session: 'work', index: 1, name: 'logs', active: true, flags: '*', layout: layoutOf(160, 48), automaticRename: 'off' }),
      ...sessionLines('other', path),
      stateLine(),
    ]);
    const result = await restoreServer(server.client, { file, auto: true });
    expect(result).toMatchObject({ restored: ['work', 'other'], skipped: [] });
    expect(listed(server, 'list-sessions', '#{session_name}\t#{session_windows}')).toEqual(['other\t1', 'work\t2']);
    expect(listed(server, 'list-sessions', '#{session_id}')).not.toContain(startupId);
    expect(windowsOf(server, 'work', '#{window_name}')).toEqual(['code', 'logs']);
  });

  it('started by the restore itself, from the CLI, holds only the saved sessions', async () => {
    const server = setup();
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('alpha', server.dir, 2), stateLine()]);
    expect(server.running()).toBe(false);
    const { code, stdout, stderr } = await runRestoreCli(server, '--file', file);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `restored 1 session, 2 panes from ${file}\n`, stderr: '' });
    expect(sessionNames(server)).toEqual(['alpha']);
  });
});

describe('save, kill-server, restore', () => {
  // Names and folders a shell or tmux's parsers would get wrong if anything were interpolated.
  const NAMES = ['with space', `it's "quoted"`, 'ünïcødé 🎉', 'semi;colon', '$(touch pwned)', 'ends;'];
  const FOLDERS = ['my project/sub dir', `it's "q"`, 'semi;colon $(touch pwned)', '-lead', 'ünï 🎉'];
  const FIELDS = '#{session_name}\t#{window_index}\t#{window_name}\t#{window_active}\t#{window_flags}\t#{pane_index}\t#{pane_active}\t#{pane_title}\t#{pane_current_path}';

  async function serverState(server: RestoreServer) {
    await namesSettled(server);
    const panes = await server.client.list({
      command: ['list-panes', '-a'],
      fields: { line: FIELDS, layout: '#{window_layout}' },
    });
    return panes.map((pane) => `${pane.line}\t${layoutWithoutChecksumAndIds(pane.layout)}`);
  }

  it('brings back hostile names and paths exactly with the sidecar, and what it can without it', async () => {
    const server = setup();
    await server.start('main');
    NAMES.forEach((name, at) => {
      const folder = join(server.dir, FOLDERS[at % FOLDERS.length] ?? '');
      mkdirSync(folder, { recursive: true });
      server.tmux('new-session', '-d', '-s', protectArgument(name), '-c', folder, '-x', '160', '-y', '48');
    });
    server.tmux('new-window', '-t', '=ends;:', '-n', protectArgument('-a;b $(c) "d";'), '-c', server.dir);
    const tabbed = join(server.dir, 'tab\there');
    const newline = join(server.dir, 'new\nline');
    mkdirSync(tabbed);
    mkdirSync(newline);
    server.tmux('new-session', '-d', '-s', 'odd folders', '-c', tabbed, '-x', '160', '-y', '48');
    server.tmux('split-window', '-t', '=odd folders:0', '-c', newline);
    server.tmux('select-pane', '-t', '=odd folders:0.0', '-T', 'tab\ttitle');
    const before = await serverState(server);
    expect(before).toHaveLength(NAMES.length + 4);

    await saveServer(server.client, {});
    const saved = lastSavePath(server.saves) ?? '';
    const alone = join(server.dir, 'without-sidecar', 'save.txt');
    mkdirSync(join(server.dir, 'without-sidecar'));
    cpSync(saved, alone);
    server.kill();

    const exact = await restoreServer(server.client, {});
    expect(exact).toMatchObject({ file: saved, skipped: [], notes: [], warnings: [] });
    expect(await serverState(server)).toEqual(before);
    server.kill();

    const approximate = await restoreServer(server.client, { file: alone });
    expect(approximate.skipped).toEqual([]);
    expect(approximate.notes).toEqual([
      `odd folders:0.0: ${join(server.dir, 'tab here')} does not exist; started in ${server.dir}`,
      `odd folders:0.1: ${join(server.dir, 'new line')} does not exist; started in ${server.dir}`,
    ]);
    const changed = before.map((line) =>
      line.startsWith('odd folders\t') ? line.replace(tabbed, server.dir).replace(newline, server.dir).replace('tab\ttitle', 'tab title') : line,
    );
    expect(changed).not.toEqual(before);
    expect(await serverState(server)).toEqual(changed);
  });

  it("brings back a session whose name starts with '-'", async () => {
    const server = setup();
    await server.start('main');
    server.tmux('new-session', '-d', '-s', '-leading', '-c', server.dir);
    await namesSettled(server);
    await saveServer(server.client, {});
    server.kill();

    const result = await restoreServer(server.client, {});
    expect(result.restored).toEqual(['-leading', 'main']);
    expect(sessionNames(server)).toEqual(['-leading', 'main']);
  });

  it("brings back a workspace session's environment, project folder, template and pane roles", async () => {
    const server = setup();
    await server.start('main');
    server.tmux('new-session', '-d', '-s', 'claude-dev-app', '-c', server.dir);
    server.tmux('set-option', '-t', '=claude-dev-app:', '@claude-sessions-project-dir', server.dir);
    server.tmux('set-option', '-t', '=claude-dev-app:', '@claude-sessions-template', 'solo');
    server.tmux('set-environment', '-t', '=claude-dev-app:', 'GREETING', `hello "world" $(x)`);
    server.tmux('set-option', '-p', '-t', '=claude-dev-app:0.0', '@claude-sessions-role', 'claude');
    await saveServer(server.client, {});
    server.kill();

    await restoreServer(server.client, {});
    expect(server.tmux('show-environment', '-t', '=claude-dev-app:', 'GREETING')).toBe(`GREETING=hello "world" $(x)\n`);
    const option = (name: string, ...flags: string[]) => server.tmux('show-options', '-qv', ...flags, '-t', '=claude-dev-app:', name).trim();
    expect(option('@claude-sessions-project-dir')).toBe(server.dir);
    expect(option('@claude-sessions-template')).toBe('solo');
    expect(server.tmux('show-options', '-pqv', '-t', '=claude-dev-app:0.0', '@claude-sessions-role').trim()).toBe('claude');
    expect(server.tmux('show-options', '-qv', '-t', '=main:', '@claude-sessions-project-dir').trim()).toBe('');
  });
});

describe('windows of many panes, save, kill-server, restore', () => {
  const FIELDS = [
    '#{session_name}', '#{window_index}', '#{window_name}', '#{window_active}', '#{window_last_flag}', '#{window_zoomed_flag}', '#{automatic-rename}',
    '#{window_width}x#{window_height}', '#{pane_index}', '#{pane_active}', '#{pane_title}', '#{pane_current_path}',
  ].join('\t');

  async function serverState(server: RestoreServer) {
    await namesSettled(server);
    const panes = await server.client.list({ command: ['list-panes', '-a'], fields: { line: FIELDS, layout: '#{window_layout}' } });
    return panes.map((pane) => `${pane.line}\t${layoutWithoutChecksumAndIds(pane.layout)}`);
  }

  it('come back with the same layouts, folders, titles, active window and pane, zoom and names, split without re-tiling after every pane', async () => {
    const server = setup();
    await server.start('main');
    const host = server.tmux('display-message', '-p', '#{host}').trim();
    const folder = (name: string) => {
      const path = join(server.dir, 'many', name);
      mkdirSync(path, { recursive: true });
      return path;
    };
    // wide: 7 panes in main-vertical, the third active, zoomed; small: 12 panes in 80x24, tiled;
    // a second window of 3 panes side by side with its own name, automatic-rename off.
    server.tmux('new-session', '-d', '-s', 'wide', '-c', folder('w0'), '-x', '200', '-y', '50');
    for (let pane = 1; pane < 7; pane++) server.tmux('split-window', '-t', '=wide:0', '-c', folder(`w${pane}`), ';', 'select-layout', '-t', '=wide:0', 'tiled');
    server.tmux('select-layout', '-t', '=wide:0', 'main-vertical', ';', 'select-pane', '-t', '=wide:0.2', ';', 'resize-pane', '-Z', '-t', '=wide:0.2');
    server.tmux('select-pane', '-t', '=wide:0.4', '-T', 'a title of its own');
    server.tmux('new-window', '-d', '-t', '=wide:3', '-n', 'named', '-c', folder('n0'));
    for (let pane = 1; pane < 3; pane++) server.tmux('split-window', '-h', '-t', '=wide:3', '-c', folder(`n${pane}`));
    server.tmux('select-layout', '-t', '=wide:3', 'even-horizontal', ';', 'select-pane', '-t', '=wide:3.0');
    server.tmux('new-session', '-d', '-s', 'small', '-c', folder('s0'), '-x', '80', '-y', '24');
    for (let pane = 1; pane < 12; pane++) server.tmux('split-window', '-t', '=small:0', '-c', folder(`s${pane}`), ';', 'select-layout', '-t', '=small:0', 'tiled');
    server.tmux('select-pane', '-t', '=small:0.5');
    // Each pane's folder is known once its shell has started.
    await waitFor(() => listed(server, 'list-panes', '#{pane_current_path}', '-a'), (paths) => paths.every((path) => path !== ''));
    const before = await serverState(server);
    expect(before.filter((line) => line.includes(`\t${host}\t`))).toHaveLength(7 + 3 + 12 - 1 + 1);
    await saveServer(server.client, {});
    server.kill();

    const calls: string[][] = [];
    const client = new TmuxClient({ server: server.client.server, binary: server.binary, onRun: (argv) => calls.push([...argv]) });
    const result = await restoreServer(client, {});
    expect(result).toMatchObject({ skipped: [], notes: [] });
    expect(await serverState(server)).toEqual(before);
    // What it took: no re-tiling after every split, no title a new pane already has, each split its own marker.
    const commands = calls.flatMap((argv) => argv.join('\u0000').split('\u0000;\u0000').map((command) => command.split('\u0000')));
    const named = (name: string) => commands.filter((command) => command.includes(name));
    expect(named('select-layout').filter((command) => command.includes('tiled')).length).toBeLessThan(3);
    expect(named('select-pane').filter((command) => command.includes('-T'))).toHaveLength(1);
    expect(named('split-window').every((command) => command.includes('-P'))).toBe(true);
    // Every first window is at base-index already: no window waits aside.
    expect(commands.filter((command) => command[0] === 'move-window')).toEqual([]);
  });

  it('keep their indexes with renumber-windows on and base-index 1, whether or not the first window is at base-index', async () => {
    const server = setup(['set -g renumber-windows on', 'set -g base-index 1']);
    await server.start('main');
    server.tmux('new-session', '-d', '-s', 'gappy', '-c', server.dir);
    server.tmux('new-window', '-d', '-t', '=gappy:4', '-c', server.dir, ';', 'new-window', '-d', '-t', '=gappy:7', '-c', server.dir, ';', 'select-window', '-t', '=gappy:4');
    server.tmux('new-session', '-d', '-s', 'late', '-c', server.dir);
    server.tmux('move-window', '-s', '=late:1', '-t', '=late:3', ';', 'new-window', '-d', '-t', '=late:4', '-c', server.dir);
    const windows = () => listed(server, 'list-windows', '#{session_name}\t#{window_index}\t#{window_active}\t#{window_last_flag}', '-a');
    const before = windows();
    expect(before).toEqual(['gappy\t1\t0\t1', 'gappy\t4\t1\t0', 'gappy\t7\t0\t0', 'late\t3\t1\t0', 'late\t4\t0\t0', 'main\t1\t1\t0']);
    await saveServer(server.client, {});
    server.kill();

    await restoreServer(server.client, {});
    expect(windows()).toEqual(before);
    expect(server.tmux('show-options', '-t', '=gappy:', 'renumber-windows')).toBe('');
    expect(server.tmux('show-options', '-t', '=late:', 'renumber-windows')).toBe('');
  });
});

describe('pane contents', () => {
  it('are on screen in the restored pane before its prompt, and the staged copy of a long one is deleted', async () => {
    const server = setup(['set -g @claude-sessions-capture-pane-contents on']);
    await server.start('shown');
    // Longer than what goes to the pane as an argument: staged in a file.
    server.tmux('send-keys', '-t', '=shown:0.0', 'seq 1 800; printf "contents-%s\\n" kept-by-save', 'Enter');
    const shown = () => server.tmux('capture-pane', '-p', '-t', '=shown:0.0');
    await waitFor(shown, (text) => text.includes('contents-kept-by-save'));
    await saveServer(server.client, {});
    server.kill();

    await restoreServer(server.client, {});
    const restored = await waitFor(shown, (text) => /contents-kept-by-save[\s\S]*\n\S*bash\S*[#$] *$/.test(text.trimEnd()));
    const lines = restored.trimEnd().split('\n');
    const printed = lines.findIndex((line) => line === 'contents-kept-by-save');
    expect(printed).toBeGreaterThanOrEqual(0);
    expect(lines.at(-1)).toMatch(/bash.*[#$]$/);
    expect(printed).toBeLessThan(lines.length - 1);

    const staged = join(process.env['XDG_STATE_HOME'] ?? '', 'claude-sessions', 'restore-contents');
    const folders = readdirSync(staged);
    expect(folders.length).toBeGreaterThan(0);
    const files = () => folders.flatMap((folder) => readdirSync(join(staged, folder)));
    expect(await waitFor(files, (left) => left.length === 0)).toEqual([]);
  });
});

describe('short pane contents', () => {
  it('are on screen in the restored pane before its prompt, with no copy staged in a file', async () => {
    const server = setup(['set -g @claude-sessions-capture-pane-contents on']);
    await server.start('short');
    server.tmux('send-keys', '-t', '=short:0.0', `printf "%s\\n" 'short-contents $(x) %s;' second-line`, 'Enter');
    const shown = () => server.tmux('capture-pane', '-p', '-t', '=short:0.0');
    await waitFor(shown, (text) => text.includes('\nsecond-line'));
    await saveServer(server.client, {});
    server.kill();

    const staged = join(process.env['XDG_STATE_HOME'] ?? '', 'claude-sessions', 'restore-contents');
    const stagedBefore = existsSync(staged) ? readdirSync(staged) : [];
    await restoreServer(server.client, {});
    const restored = await waitFor(shown, (text) => /\nsecond-line[\s\S]*\n\S*bash\S*[#$] *$/.test(text.trimEnd()));
    const lines = restored.trimEnd().split('\n');
    expect(lines).toContain('short-contents $(x) %s;');
    expect(lines.at(-1)).toMatch(/bash.*[#$]$/);
    expect(existsSync(staged) ? readdirSync(staged) : []).toEqual(stagedBefore);
  });

  it('are not kept by the next save once capture is off: the restore that showed them is no command of the pane', async () => {
    const server = setup(['set -g @claude-sessions-capture-pane-contents on']);
    await server.start('short');
    server.tmux('send-keys', '-t', '=short:0.0', `printf "%s\\n" secret-contents-line`, 'Enter');
    const shown = () => server.tmux('capture-pane', '-p', '-t', '=short:0.0');
    await waitFor(shown, (text) => text.includes('\nsecret-contents-line'));
    await saveServer(server.client, {});
    server.kill();
    await restoreServer(server.client, {});
    await waitFor(shown, (text) => /\nsecret-contents-line[\s\S]*\n\S*bash\S*[#$] *$/.test(text.trimEnd()));

    server.tmux('set-option', '-g', '@claude-sessions-capture-pane-contents', 'off');
    server.tmux('send-keys', '-t', '=short:0.0', 'clear', 'Enter');
    server.tmux('clear-history', '-t', '=short:0.0');
    await waitFor(shown, (text) => !text.includes('secret-contents-line'));
    const saved = await saveServer(server.client, {});
    const files = readdirSync(join(saved.file, '..')).filter((name) => name.startsWith(saved.file.split('/').at(-1)!.replace(/\.txt$/, '')));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(readFileSync(join(saved.file, '..', name), 'utf8'), name).not.toContain('secret-contents-line');
  });
});

describe('a restore where every saved session already exists (prefix C-r twice)', () => {
  it('builds nothing, and reads no pane contents, pane process or folder, or shell setup to do it', async () => {
    const server = setup(['set -g @claude-sessions-capture-pane-contents on']);
    await server.start('here');
    server.tmux('send-keys', '-t', '=here:0.0', 'printf "contents-%s\\n" of-here', 'Enter');
    await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=here:0.0'), (text) => text.includes('contents-of-here'));
    await saveServer(server.client, {});
    const before = panesOf(server, 'here', '#{pane_id}');

    const staged = join(process.env['XDG_STATE_HOME'] ?? '', 'claude-sessions', 'restore-contents');
    const stagedBefore = existsSync(staged) ? readdirSync(staged) : [];
    const calls: string[] = [];
    const client = new TmuxClient({ server: server.client.server, binary: server.binary, onRun: (argv) => calls.push(argv.join(' ')) });
    const result = await restoreServer(client, {});
    expect(result.restored).toEqual([]);
    expect(result.skipped).toEqual([{ name: 'here', reason: 'a session by that name exists (left as it is)' }]);
    expect(panesOf(server, 'here', '#{pane_id}')).toEqual(before);
    // What only building needs: each pane's folder and program (tmux reads /proc for every
    // pane of a big server), the shell's settings for pane history.
    expect(calls.filter((call) => /pane_current_path|pane_current_command|show-environment/.test(call))).toEqual([]);
    expect(existsSync(staged) ? readdirSync(staged) : []).toEqual(stagedBefore);
  });
});

describe('claude-sessions restore', () => {
  it('prints JSON with --json: file, restored, skipped, notes, warnings, panes, programs', async () => {
    const server = setup();
    await server.start('taken');
    server.tmux('new-window', '-t', '=taken:');
    const gone = join(server.dir, 'gone');
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('taken', server.dir), ...sessionLines('new', gone, 2), stateLine()]);
    const { code, stdout, stderr } = await runRestoreCli(server, '--file', file, '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({
      file,
      restored: ['new'],
      skipped: [{ name: 'taken', reason: 'a session by that name exists (left as it is)' }],
      notes: [`new:0.0: ${gone} does not exist; started in ${server.dir}`, `new:0.1: ${gone} does not exist; started in ${server.dir}`],
      warnings: [],
      panes: 2,
      programs: 0,
    });
  });

  it('resolves --file against the save folder and restores `last` by default', async () => {
    const server = setup();
    mkdirSync(server.saves);
    writeSave(join(server.saves, 'tmux_resurrect_20260101T000000.txt'), [...sessionLines('named', server.dir), stateLine()]);
    const byName = await runRestoreCli(server, '--file', 'tmux_resurrect_20260101T000000');
    expect(byName.code).toBe(0);
    expect(sessionNames(server)).toEqual(['named']);
    const none = await runRestoreCli(server);
    expect(none).toEqual({ code: 1, stdout: '', stderr: `claude-sessions: no save to restore in ${server.saves} (\`last\` is missing)\n` });
  });

  it('exits 2 for an unknown option, touching nothing', async () => {
    const server = setup();
    const { code, stderr } = await runRestoreCli(server, '--bogus');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^claude-sessions: Unknown option '--bogus' \(see claude-sessions restore --help\)\n$/);
    expect(server.running()).toBe(false);
  });

  it('with --auto refuses a server that already has sessions, and restores into a fresh one', async () => {
    const server = setup();
    await server.start('busy');
    server.tmux('new-session', '-d', '-s', 'other', '-c', server.dir);
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('auto', server.dir), stateLine()]);
    const refused = await runRestoreCli(server, '--file', file, '--auto');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`claude-sessions: socket ${server.socket} already has sessions; an automatic restore only fills a fresh server\n`);
    expect(sessionNames(server)).toEqual(['busy', 'other']);
    server.kill();
    await server.start();
    expect((await runRestoreCli(server, '--file', file, '--auto')).code).toBe(0);
    expect(sessionNames(server)).toEqual(['auto']);
  });
});
