// The server's first session and a restore: a manual restore (prefix C-r) never kills a user's
// session; the restore at server start (--auto) replaces the first session only when it is
// provably untouched, and a client on it stays attached.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreServer } from '../../src/restore/restore.ts';
import { readRestoreState } from '../../src/restore/state.ts';
import { TmuxClient } from '../../src/tmux/index.ts';
import { runRestoreCli, sessionLines, stateLine, writeSave } from '../helpers/resurrect-lines.ts';
import { listed, restoreServersPerTest, type RestoreServer } from '../helpers/restore-server.ts';
import { waitFor } from '../helpers/wait.ts';

const setup = restoreServersPerTest();

const sessionNames = (server: RestoreServer) => listed(server, 'list-sessions', '#{session_name}');
const screenOf = (server: RestoreServer, target: string) => server.tmux('capture-pane', '-p', '-t', target);

// Type a command into the first session's pane and wait for what it prints.
async function typeAndWait(server: RestoreServer, command: string, shown: (screen: string) => boolean): Promise<void> {
  // Typed only at the shell's prompt: keys sent while bash is still starting can be lost, and
  // the session would then rightly look untouched.
  await waitFor(() => screenOf(server, '=0:0.0'), (screen) => screen.trim() !== '');
  server.tmux('send-keys', '-t', '=0:0.0', '-l', command);
  server.tmux('send-keys', '-t', '=0:0.0', 'Enter');
  expect(shown(await waitFor(() => screenOf(server, '=0:0.0'), shown)), `the screen after typing ${command}`).toBe(true);
}

// Until the first pane shows bash's prompt and has printed nothing for over a second. start()
// waits only for bash to run: a prompt drawn after the restore read the session moves the
// cursor and the activity its kill condition holds (#{window_activity} counts whole seconds, and
// bash may still write after the prompt shows), and the session is rightly kept.
async function firstPaneQuiet(server: RestoreServer): Promise<void> {
  await waitFor(() => screenOf(server, '=0:0.0'), (screen) => screen.trim() !== '');
  await waitFor(
    () => Number(server.tmux('display-message', '-p', '-t', '=0:', '#{window_activity}').trim()),
    (activity) => Date.now() / 1000 - activity >= 2,
  );
}

describe('a manual restore', () => {
  it('kills no session: an untouched first session stays, and so does one with output and an attached client', async () => {
    const server = setup();
    await server.start();
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('saved', server.dir), stateLine()]);
    const untouched = await runRestoreCli(server, '--file', file);
    expect(untouched.code).toBe(0);
    expect(sessionNames(server)).toEqual(['0', 'saved']);

    server.tmux('kill-session', '-t', '=saved:');
    const client = await server.attachControlClient('0');
    await typeAndWait(server, 'echo work-in-progress', (screen) => /^work-in-progress$/m.test(screen));
    const used = await runRestoreCli(server, '--file', file, '--display');
    expect(used.code).toBe(0);
    expect(sessionNames(server)).toEqual(['0', 'saved']);
    expect(screenOf(server, '=0:0.0')).toMatch(/^work-in-progress$/m);
    expect(listed(server, 'list-clients', '#{client_name}')).toEqual([client]);
  });
});

describe('the restore at server start (--auto)', () => {
  it('replaces an untouched first session; every client on it stays attached, on a restored session', async () => {
    const server = setup();
    await server.start();
    await server.attachControlClient('0');
    await server.attachControlClient('0');
    await firstPaneQuiet(server);
    const [first = '', second = ''] = await waitFor(() => listed(server, 'list-clients', '#{client_name}'), (names) => names.length === 2);
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('alpha', server.dir), ...sessionLines('beta', server.dir), stateLine('beta', 'alpha')]);
    const { code, stdout } = await runRestoreCli(server, '--file', file, '--auto', '--client', first);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `restored 2 sessions, 2 panes from ${file}\n` });
    expect(sessionNames(server)).toEqual(['alpha', 'beta']);
    const clients = listed(server, 'list-clients', '#{client_name}\t#{client_session}').sort();
    expect(clients).toHaveLength(2);
    expect(clients).toContain(`${first}\tbeta`);
    expect(clients.map((line) => line.split('\t')[0]).sort()).toEqual([first, second].sort());
  });

  it('replaces an untouched first session whose shell is still starting when the restore runs', async () => {
    // A shell that takes a second to show its prompt, as on a loaded machine or with a slow rc file.
    const slowShell = join(process.env['TMPDIR'] ?? '/tmp', `slow-first-shell-${process.pid}`);
    writeFileSync(slowShell, "#!/bin/sh\nsleep 1\nPS1='ready$ ' exec bash --noprofile --norc -i\n");
    chmodSync(slowShell, 0o755);
    try {
      const server = setup([`set -g default-command '${slowShell}'`]);
      // As tmux starts it, with no wait for the shell (server.start() waits for bash).
      server.tmux('new-session', '-d', '-c', server.dir);
      const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('alpha', server.dir), stateLine('alpha', 'alpha')]);
      const { code, stdout } = await runRestoreCli(server, '--file', file, '--auto');
      expect({ code, stdout }).toEqual({ code: 0, stdout: `restored 1 session, 1 pane from ${file}\n` });
      expect(sessionNames(server)).toEqual(['alpha']);
    } finally {
      rmSync(slowShell, { force: true });
    }
  });

  // Each way a user may have used the first session before the restore read it.
  const USES: readonly { what: string; use: (server: RestoreServer) => Promise<void>; reason: string }[] = [
    { what: 'a command run at its prompt', use: (server) => typeAndWait(server, 'echo typed-here', (screen) => /^typed-here$/m.test(screen)), reason: 'shows commands typed at its prompt' },
    { what: 'a program running', use: (server) => typeAndWait(server, 'sleep 1000', (screen) => screen.includes('sleep 1000')), reason: 'runs sleep' },
    { what: 'a job in the background', use: (server) => typeAndWait(server, 'sleep 1000 &', (screen) => /^\[1\] \d+$/m.test(screen)), reason: 'has a program running in its shell' },
    { what: 'output scrolled into history', use: (server) => typeAndWait(server, 'seq 1 200', (screen) => /^200$/m.test(screen)), reason: 'has scrollback' },
    { what: 'a change of folder', use: (server) => typeAndWait(server, 'cd /', (screen) => screen.split('\n').filter((line) => line.trim() !== '').length >= 2), reason: 'has changed folder' },
  ];

  for (const { what, use, reason } of USES) {
    it(`keeps a first session with ${what}, restores the save beside it, and says why`, async () => {
      const server = setup();
      await server.start();
      await use(server);
      const before = screenOf(server, '=0:0.0');
      const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('saved', server.dir), stateLine()]);
      const result = await restoreServer(server.client, { file, auto: true });
      expect(result.restored).toEqual(['saved']);
      expect(result.notes).toEqual([`session "0" was kept: it ${reason}`]);
      expect(sessionNames(server)).toEqual(['0', 'saved']);
      expect(screenOf(server, '=0:0.0')).toBe(before);
    });
  }

  it('keeps a first session used while the restore runs, and says so (its name taken: as NAME-kept)', async () => {
    const server = setup();
    await server.start();
    const pane = server.tmux('display-message', '-p', '-t', '=0:', '#{pane_id}').trim();
    // A tmux that types into the first session just before the call that would kill it.
    const binary = join(server.dir, 'tmux-typing');
    const tmux = `'${server.binary}' -S '${server.socket}'`;
    writeFileSync(binary, [
      '#!/bin/sh',
      'case "$*" in *if-shell*)',
      `  ${tmux} send-keys -t '${pane}' -l typed-meanwhile`,
      `  for try in $(seq 100); do ${tmux} capture-pane -p -t '${pane}' | grep -q typed-meanwhile && break; sleep 0.05; done`,
      'esac',
      `exec '${server.binary}' "$@"`,
      '',
    ].join('\n'));
    chmodSync(binary, 0o755);
    const file = writeSave(join(server.dir, 'save.txt'), [...sessionLines('0', server.dir), ...sessionLines('other', server.dir), stateLine()]);
    const result = await restoreServer(new TmuxClient({ server: { socketPath: server.socket }, binary }), { file, auto: true });
    expect(result.restored).toEqual(['0', 'other']);
    expect(result.notes).toEqual(['session "0" was used while the restore ran, so it was kept (as "0-kept")']);
    expect(sessionNames(server)).toEqual(['0', '0-kept', 'other']);
    expect(screenOf(server, '=0-kept:')).toContain('typed-meanwhile');
  });

  it('kills the first session only if it is still untouched in the tmux call that kills it', async () => {
    const server = setup();
    await server.start();
    await firstPaneQuiet(server);
    const state = await readRestoreState(server.client, { judgeFirstSession: true });
    const condition = state.firstSession?.killCondition;
    expect(state.firstSession?.verdict).toEqual({ untouched: true });
    if (condition === undefined) throw new Error('no kill condition for an untouched session');
    const ifUnchanged = (command: string) => server.tmux('if-shell', '-F', '-t', condition.pane, condition.format, command);
    ifUnchanged('set-option -g @still-untouched yes');
    expect(server.tmux('show-options', '-gqv', '@still-untouched').trim()).toBe('yes');
    // A key typed at the prompt (no Enter) moves the cursor: the session counts as used.
    server.tmux('send-keys', '-t', condition.pane, '-l', 'half-typed');
    await waitFor(() => screenOf(server, condition.pane), (screen) => screen.includes('half-typed'));
    ifUnchanged(`kill-session -t '${state.firstSession?.id ?? ''}'`);
    expect(sessionNames(server)).toEqual(['0']);
  });
});
