// Per-pane command history: each shell a workspace build starts keeps its own history file, and
// after save, kill-server and restore, Up in a pane brings back the last command typed in that
// pane, not another pane's (bash always; zsh and fish where installed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../helpers/cli.ts';
import { listed, restoreServersPerTest, type RestoreServer } from '../helpers/restore-server.ts';
import { waitFor } from '../helpers/wait.ts';

const setup = restoreServersPerTest();
// fish keeps a runtime folder in TMPDIR (no XDG_RUNTIME_DIR here): removed once every server is gone.
const fishRuntime = join(tmpdir(), `fish.${userInfo().username}`);
const fishRuntimeExisted = existsSync(fishRuntime);
afterAll(() => {
  if (!fishRuntimeExisted) rmSync(fishRuntime, { recursive: true, force: true });
});

// The path of an installed program, or undefined.
function installed(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

// `claude-sessions -S SOCKET ARGS...` in-process, starting servers through the test's tmux wrapper.
async function cli(server: RestoreServer, ...args: string[]): Promise<CliResult> {
  const saved = process.env['CLAUDE_SESSIONS_TMUX'];
  process.env['CLAUDE_SESSIONS_TMUX'] = server.binary;
  try {
    return await runCliCaptured(['-S', server.socket, ...args]);
  } finally {
    if (saved === undefined) delete process.env['CLAUDE_SESSIONS_TMUX'];
    else process.env['CLAUDE_SESSIONS_TMUX'] = saved;
  }
}

// A project whose template makes one window of `count` plain shell panes.
function project(server: RestoreServer, name: string, count: number): string {
  const dir = join(server.dir, name);
  mkdirSync(dir, { recursive: true });
  const panes = Array.from({ length: count }, (_, index) => `      - { title: "p${index}" }\n`).join('');
  writeFileSync(join(dir, '.claude-sessions.yaml'), `windows:\n  - name: w\n    panes:\n${panes}`);
  return dir;
}

const screen = (server: RestoreServer, target: string) => server.tmux('capture-pane', '-p', '-t', target);

// Wait for the pane's prompt (`prompt` matches its last line), then type a command and wait for what it prints.
async function typeCommand(server: RestoreServer, target: string, command: string, printed: string, prompt: RegExp): Promise<void> {
  await waitFor(() => lastLine(screen(server, target)), (line) => prompt.test(line));
  server.tmux('send-keys', '-t', target, '-l', command);
  server.tmux('send-keys', '-t', target, 'Enter');
  await waitFor(() => screen(server, target), (text) => text.includes(printed));
}

// Press Up at the pane's prompt and return the prompt line it leaves. First a key typed and
// erased shows that the shell reads keys (fish draws its prompt before it does).
async function pressUp(server: RestoreServer, target: string, prompt: RegExp): Promise<string> {
  await waitFor(() => lastLine(screen(server, target)), (text) => prompt.test(text));
  server.tmux('send-keys', '-t', target, '-l', 'z');
  await waitFor(() => lastLine(screen(server, target)), (text) => text.endsWith('z'));
  server.tmux('send-keys', '-t', target, 'BSpace');
  await waitFor(() => lastLine(screen(server, target)), (text) => prompt.test(text));
  server.tmux('send-keys', '-t', target, 'Up');
  return waitFor(() => lastLine(screen(server, target)), (text) => /marker/.test(text));
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

// True once a history file under the test's XDG data or state folder holds `command`: a shell
// writes its history when it is ready to (fish a moment after the command), and a save taken
// before then could not know the command, as with any real restart that quick.
function historyHolds(command: string): boolean {
  const roots = [process.env['XDG_DATA_HOME'], process.env['XDG_STATE_HOME']].filter((root): root is string => root !== undefined && existsSync(root));
  return roots.some((root) =>
    readdirSync(root, { recursive: true, withFileTypes: true }).some((entry) => {
      if (!entry.isFile()) return false;
      try {
        return readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8').includes(command);
      } catch {
        return false;
      }
    }),
  );
}

// Save, kill the server, restore it from the save (a new server, as after a reboot). fish hides
// history stamped in the second its session starts (as another session's), as no real restart is that quick.
async function saveKillRestore(server: RestoreServer): Promise<void> {
  expect((await cli(server, 'save')).code).toBe(0);
  const killedAt = Math.floor(Date.now() / 1000);
  server.kill();
  await waitFor(() => Math.floor(Date.now() / 1000), (now) => now > killedAt, 30, 50);
  const restored = await cli(server, 'restore');
  expect(restored.stderr).toBe('');
  expect(restored.code).toBe(0);
}

// The end of a prompt line: bash's `$ `/`# `, zsh's `% `/`# `, fish's `> `/`# `.
const prompt = /[$#%>] ?$/;

const SHELLS = [
  { shell: 'bash', config: [] },
  { shell: 'zsh', config: ['set -g default-command ""', `set -g default-shell ${installed('zsh') ?? '/bin/zsh'}`] },
  { shell: 'fish', config: ['set -g default-command ""', `set -g default-shell ${installed('fish') ?? '/usr/bin/fish'}`] },
] as const;

describe('each workspace pane keeps its own command history across a restart', () => {
  for (const { shell, config } of SHELLS) {
    const missing = installed(shell) === undefined;
    it.skipIf(missing)(`${shell}: after save, kill-server and restore, Up shows the last command typed in that pane${missing ? ` (skipped: ${shell} is not installed)` : ''}`, async () => {
      const server = setup(config);
      // A session to build beside (so the build reads the server's default-shell); its shell need not be up.
      server.tmux('new-session', '-d', '-s', 'main', '-c', server.dir);
      const dir = project(server, 'hist', 2);
      expect((await cli(server, 'new', dir, '--detach')).code).toBe(0);
      await typeCommand(server, '=claude-dev-hist:0.0', 'echo left-marker | tr a-z A-Z', 'LEFT-MARKER', prompt);
      await typeCommand(server, '=claude-dev-hist:0.1', 'echo right-marker | tr a-z A-Z', 'RIGHT-MARKER', prompt);
      for (const command of ['echo left-marker | tr a-z A-Z', 'echo right-marker | tr a-z A-Z']) {
        expect(await waitFor(() => historyHolds(command), Boolean, 150)).toBe(true);
      }

      await saveKillRestore(server);
      expect(await pressUp(server, '=claude-dev-hist:0.0', prompt)).toContain('echo left-marker | tr a-z A-Z');
      expect(await pressUp(server, '=claude-dev-hist:0.1', prompt)).toContain('echo right-marker | tr a-z A-Z');
    }, 90_000);
  }

  it('a pane keeps its history when a pane before it is killed (its index changes)', async () => {
    const server = setup();
    await server.start('main');
    const dir = project(server, 'shift', 3);
    expect((await cli(server, 'new', dir, '--detach')).code).toBe(0);
    for (const [pane, word] of [['0', 'zero'], ['1', 'one'], ['2', 'two']] as const) {
      await typeCommand(server, `=claude-dev-shift:0.${pane}`, `echo ${word}-marker-$((1+1))`, `${word}-marker-2`, prompt);
    }
    server.tmux('kill-pane', '-t', '=claude-dev-shift:0.1');

    await saveKillRestore(server);
    expect(listed(server, 'list-panes', '#{pane_index}', '-t', '=claude-dev-shift:0')).toEqual(['0', '1']);
    expect(await pressUp(server, '=claude-dev-shift:0.1', prompt)).toContain('echo two-marker-$((1+1))');
    expect(await pressUp(server, '=claude-dev-shift:0.0', prompt)).toContain('echo zero-marker-$((1+1))');
  }, 60_000);

  it("a pane split by hand later does not share the first pane's history file", async () => {
    const server = setup();
    await server.start('main');
    const dir = project(server, 'split', 1);
    expect((await cli(server, 'new', dir, '--detach')).code).toBe(0);
    server.tmux('split-window', '-t', '=claude-dev-split:0');
    await typeCommand(server, '=claude-dev-split:0.1', 'echo "file=${HISTFILE##*/}-marker"', '-marker', prompt);
    expect(screen(server, '=claude-dev-split:0.1')).toContain('file=.bash_history-marker');
    await typeCommand(server, '=claude-dev-split:0.0', 'echo "file=${HISTFILE##*/}-marker"', '-marker', prompt);
    const id = listed(server, 'list-panes', '#{@claude-sessions-history-id}', '-t', '=claude-dev-split:0')[0] ?? 'none';
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(screen(server, '=claude-dev-split:0.0')).toContain(`file=${id}-marker`);
  });

  it('a save restored beside the panes it was taken from gives its copy a history of its own', async () => {
    const server = setup();
    await server.start('main');
    const dir = project(server, 'twice', 1);
    expect((await cli(server, 'new', dir, '--detach')).code).toBe(0);
    expect((await cli(server, 'save')).code).toBe(0);
    server.tmux('rename-session', '-t', '=claude-dev-twice:', 'renamed');
    const restored = await cli(server, 'restore', '--session', 'claude-dev-twice');
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain('claude-dev-twice:0.0: its history is in use by a pane that runs now; it starts a new one');
    const original = listed(server, 'list-panes', '#{@claude-sessions-history-id}', '-t', '=renamed:')[0] ?? '';
    const copy = listed(server, 'list-panes', '#{@claude-sessions-history-id}', '-t', '=claude-dev-twice:')[0] ?? '';
    expect(original).toMatch(/^[0-9a-f]{16}$/);
    expect(copy).toMatch(/^[0-9a-f]{16}$/);
    expect(copy).not.toBe(original);
  });

  it('with @claude-sessions-pane-history off, panes keep the shell\'s usual history', async () => {
    const server = setup(['set -g @claude-sessions-pane-history off']);
    await server.start('main');
    const dir = project(server, 'plain', 1);
    expect((await cli(server, 'new', dir, '--detach')).code).toBe(0);
    await typeCommand(server, '=claude-dev-plain:0.0', 'echo "file=${HISTFILE##*/}-marker"', '-marker', prompt);
    expect(screen(server, '=claude-dev-plain:0.0')).toContain('file=.bash_history-marker');
    expect(listed(server, 'list-panes', 'id=#{@claude-sessions-history-id}', '-t', '=claude-dev-plain:')).toEqual(['id=']);
  });
});

describe('history files of panes long gone', () => {
  it('go with the saves that named them; a running pane\'s, a kept save\'s and a recent one stay', async () => {
    const server = setup();
    await server.start('main');
    const dir = project(server, 'prune', 1);
    expect((await cli(server, 'new', dir, '--detach')).code).toBe(0);
    const live = listed(server, 'list-panes', '#{@claude-sessions-history-id}', '-t', '=claude-dev-prune:')[0] ?? '';
    expect(live).toMatch(/^[0-9a-f]{16}$/);
    const historyDir = join(process.env['XDG_STATE_HOME'] ?? '', 'claude-sessions', 'history');
    const fishDir = join(process.env['XDG_DATA_HOME'] ?? '', 'fish');
    mkdirSync(fishDir, { recursive: true });
    const [gone, kept, recent, fishGone] = ['a1', 'b2', 'c3', 'd4'].map((prefix) => `${prefix}${'0'.repeat(14)}`) as [string, string, string, string];
    const files = {
      live: join(historyDir, live),
      gone: join(historyDir, gone),
      kept: join(historyDir, kept),
      recent: join(historyDir, recent),
      fishGone: join(fishDir, `claude_sessions_${fishGone}_history`),
    };
    const old = new Date(Date.now() - 100 * 24 * 60 * 60 * 1000);
    for (const [name, file] of Object.entries(files)) {
      writeFileSync(file, 'echo old\n');
      if (name !== 'recent') utimesSync(file, old, old);
    }
    // Six saves from 2020: the two oldest are pruned; the newest of them still names `kept`.
    mkdirSync(server.saves, { recursive: true });
    for (let day = 1; day <= 6; day++) writeFileSync(join(server.saves, `tmux_resurrect_2020010${day}T000000.txt`), 'state\t\t\n');
    writeFileSync(
      join(server.saves, 'tmux_resurrect_20200106T000000.json'),
      JSON.stringify({ format: 'claude-sessions-save-sidecar/1', saveFile: 'tmux_resurrect_20200106T000000.txt', sha256: '', limitations: [], exact: [], extras: { sessions: [], panes: [{ session: 'x', window: 0, pane: 0, historyId: kept }] } }),
    );

    expect((await cli(server, 'save')).code).toBe(0);
    expect(existsSync(join(server.saves, 'tmux_resurrect_20200101T000000.txt'))).toBe(false);
    expect(Object.fromEntries(Object.entries(files).map(([name, file]) => [name, existsSync(file)]))).toEqual({ live: true, gone: false, kept: true, recent: true, fishGone: false });
  });
});
