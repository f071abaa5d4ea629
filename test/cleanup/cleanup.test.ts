// `claude-sessions cleanup` on a real server with real git repositories: idle detached
// workspaces are saved, their pane contents kept, then killed; attached ones, busy agents
// and uncommitted work are kept unless --force; --dry-run changes nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLines } from '../../src/cleanup/report.ts';
import { cleanupWorkspaces } from '../../src/cleanup/run.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { settled } from '../helpers/settled.ts';
import { startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const stops: (() => void)[] = [];
const privateStateHome = process.env['XDG_STATE_HOME'];
beforeAll(() => {
  process.env['GIT_CONFIG_NOSYSTEM'] = '1';
});
afterEach(() => {
  for (const stop of stops.splice(0).reverse()) stop();
  process.env['XDG_STATE_HOME'] = privateStateHome;
});

const PANES = '#{window_index}.#{pane_index} #{window_name} #{pane_current_path}';

function git(dir: string, ...args: string[]): void {
  const result = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

// A git repository with one commit; `dirty` leaves an uncommitted file in it.
function repo(dir: string, dirty = false): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  writeFileSync(join(dir, 'README'), 'hello\n');
  git(dir, 'add', 'README');
  git(dir, 'commit', '-q', '-m', 'first');
  if (dirty) writeFileSync(join(dir, 'notes.txt'), 'not committed\n');
  return dir;
}

interface Setup {
  readonly server: TestServer;
  readonly saves: string;
  readonly state: string;
  readonly idleDir: string;
  readonly sessions: () => string[];
  readonly cli: (...args: string[]) => ReturnType<typeof runCliCaptured>;
}

// Four workspaces: idle (a clean repo, two windows, a split pane in a subfolder), attached
// (a control-mode client on it), working (@claude-state on a pane), dirty (uncommitted file).
async function setup(): Promise<Setup> {
  const server = startTestServer();
  stops.push(() => server.stop());
  const state = join(server.dir, 'state');
  process.env['XDG_STATE_HOME'] = state;
  const saves = join(server.dir, 'saves');
  server.tmux('set-option', '-g', '@resurrect-dir', saves);
  const idleDir = repo(join(server.dir, 'idle'));
  mkdirSync(join(idleDir, 'src'));
  const plain = (name: string) => {
    mkdirSync(join(server.dir, name));
    return join(server.dir, name);
  };
  server.newSession('claude-dev-idle', idleDir);
  server.tmux('new-window', '-t', '=claude-dev-idle:', '-n', 'second', '-c', idleDir);
  server.tmux('split-window', '-t', '=claude-dev-idle:1', '-c', join(idleDir, 'src'));
  server.newSession('claude-dev-attached', plain('attached'));
  server.newSession('claude-dev-working', plain('working'));
  server.tmux('set-option', '-p', '-t', '=claude-dev-working:0.0', '@claude-state', 'working');
  server.newSession('claude-dev-dirty', repo(join(server.dir, 'dirty'), true));
  // A session that is not a workspace, left alone; the placeholder's login shell would keep
  // `settled` waiting.
  server.newSession('other');
  server.tmux('kill-session', '-t', '=placeholder:');
  attachControlClient(server, 'claude-dev-attached');
  await settled(server);
  const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort();
  return { server, saves, state, idleDir, sessions, cli: (...args) => runCliCaptured(['-S', server.socket, 'cleanup', ...args]) };
}

// A control-mode client on a session, stopped after the test.
function attachControlClient(server: TestServer, session: string): void {
  const child: ChildProcess = spawn('tmux', ['-S', server.socket, '-C', 'attach', '-t', `=${session}:`], { env: testEnv(), stdio: ['pipe', 'ignore', 'ignore'] });
  stops.push(() => child.kill());
}

async function attachedCount(server: TestServer, session: string): Promise<string> {
  return waitFor(() => server.tmux('display-message', '-p', '-t', `=${session}:`, '#{session_attached}').trim(), (count) => count === '1');
}

const ALL = ['claude-dev-attached', 'claude-dev-dirty', 'claude-dev-idle', 'claude-dev-working', 'other'];

describe('cleanup --dry-run', () => {
  it('kills nothing and lists what it would kill and keep', async () => {
    const { server, saves, state, sessions, cli } = await setup();
    expect(await attachedCount(server, 'claude-dev-attached')).toBe('1');
    const text = await cli('--older-than', '0s', '--dry-run');
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trim().split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(/^would keep claude-dev-attached: attached$/),
      expect.stringMatching(new RegExp(`^would keep claude-dev-dirty: dirty worktree \\(.*dirty\\)$`)),
      expect.stringMatching(/^would keep claude-dev-working: agent working$/),
      expect.stringMatching(/^would kill claude-dev-idle \(idle \d+s\), saving it and its pane contents first$/),
    ]);
    const json = await cli('--older-than', '0s', '--dry-run', '--json');
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({ olderThan: 0, by: 'activity', dryRun: true, force: false });
    expect(result.killed).toEqual([expect.objectContaining({ session: 'claude-dev-idle', saveFile: null, paneContents: null, forced: [] })]);
    expect(Object.fromEntries(result.kept.map((entry: { session: string; reasons: string[] }) => [entry.session, entry.reasons]))).toEqual({
      'claude-dev-attached': ['attached'],
      'claude-dev-working': ['agent working'],
      'claude-dev-dirty': ['dirty worktree'],
    });
    expect(sessions()).toEqual(ALL);
    expect(existsSync(saves)).toBe(false);
    expect(existsSync(join(state, 'claude-sessions', 'killed'))).toBe(false);
  });
});

describe('cleanup', () => {
  it('saves, keeps the pane contents of, and kills the idle detached workspace, which restore brings back', async () => {
    const { server, state, idleDir, sessions, cli } = await setup();
    await attachedCount(server, 'claude-dev-attached');
    server.tmux('send-keys', '-t', '=claude-dev-idle:0.0', 'echo marker-$((6*7))', 'Enter');
    await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-idle:0.0'), (text) => text.includes('marker-42'));
    const before = server.tmux('list-panes', '-s', '-t', '=claude-dev-idle:', '-F', PANES).trim().split('\n');
    expect(before).toEqual([`0.0 sh ${idleDir}`, `1.0 second ${idleDir}`, `1.1 second ${join(idleDir, 'src')}`]);

    const { code, stdout, stderr } = await cli('--older-than', '0s', '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(stdout);
    expect(result.killed).toHaveLength(1);
    const killed = result.killed[0];
    expect(killed).toMatchObject({ session: 'claude-dev-idle', forced: [] });
    expect(result.kept.map((entry: { session: string }) => entry.session).sort()).toEqual(['claude-dev-attached', 'claude-dev-dirty', 'claude-dev-working']);
    expect(sessions()).toEqual(ALL.filter((name) => name !== 'claude-dev-idle'));

    // Pane contents: one file per pane, in a private folder under the state folder.
    expect(killed.paneContents.startsWith(join(state, 'claude-sessions', 'killed'))).toBe(true);
    expect(statSync(killed.paneContents).mode & 0o777).toBe(0o700);
    expect(readdirSync(killed.paneContents).sort()).toEqual(['0.0.txt', '1.0.txt', '1.1.txt']);
    expect(readFileSync(join(killed.paneContents, '0.0.txt'), 'utf8')).toContain('marker-42');

    // The save file: a one-session save that restore brings back as it was.
    expect(existsSync(killed.saveFile)).toBe(true);
    const restored = await runCliCaptured(['-S', server.socket, 'restore', '--session', 'claude-dev-idle', '--file', killed.saveFile]);
    expect(restored).toMatchObject({ code: 0, stdout: `restored 1 session, 3 panes from ${killed.saveFile}\n` });
    const after = await waitFor(
      () => server.tmux('list-panes', '-s', '-t', '=claude-dev-idle:', '-F', PANES).trim().split('\n'),
      (panes) => JSON.stringify(panes) === JSON.stringify(before),
    );
    expect(after).toEqual(before);
  });

  it('says in words what it killed (and the command that brings it back) and what it kept and why', async () => {
    const { server, cli } = await setup();
    await attachedCount(server, 'claude-dev-attached');
    const { code, stdout } = await cli('--older-than', '0s');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`killed claude-dev-idle (${/idle \d+s/.exec(lines[0] ?? '')?.[0]}), saved first; to bring it back: claude-sessions -S '${server.socket}' restore --session claude-dev-idle --file '${/--file '(.*)'$/.exec(lines[0] ?? '')?.[1]}'`);
    expect(lines[0]).toMatch(/--file '\/\S+\/saves\/tmux_resurrect_\d{8}T\d{6}_cs(?:-\d+)?\.txt'$/);
    expect(lines.slice(1).sort()).toEqual(['kept claude-dev-attached: attached', expect.stringMatching(/^kept claude-dev-dirty: dirty worktree/), 'kept claude-dev-working: agent working']);
  });

  it('with --force kills attached workspaces, busy agents and dirty worktrees too, saying what it overrode', async () => {
    const { server, sessions, cli } = await setup();
    await attachedCount(server, 'claude-dev-attached');
    const { code, stdout } = await cli('--older-than', '0s', '--force', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.fromEntries(result.killed.map((entry: { session: string; forced: string[] }) => [entry.session, entry.forced]))).toEqual({
      'claude-dev-attached': ['attached'],
      'claude-dev-working': ['agent working'],
      'claude-dev-dirty': ['dirty worktree'],
      'claude-dev-idle': [],
    });
    for (const entry of result.killed) expect(existsSync(entry.saveFile)).toBe(true);
    expect(result.kept).toEqual([]);
    expect(sessions()).toEqual(['other']);
  });

  it('keeps workspaces younger than --older-than, even with --force', async () => {
    const { sessions, cli } = await setup();
    const { code, stdout } = await cli('--older-than', '1d', '--force', '--by', 'created');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').sort()).toEqual(
      ['attached', 'dirty', 'idle', 'working'].map((name) => expect.stringMatching(new RegExp(`^kept claude-dev-${name}: too recent \\(created \\d+s ago, under 1d\\)$`))),
    );
    expect(sessions()).toEqual(ALL);
  });

  it('counts a worktree under the project folder with uncommitted changes as dirty', async () => {
    const { server, idleDir, cli } = await setup();
    const worktree = join(idleDir, '.worktrees', 'feature');
    git(idleDir, 'worktree', 'add', '-q', '-b', 'feature', worktree);
    writeFileSync(join(idleDir, '.git', 'info', 'exclude'), '.worktrees/\n');
    writeFileSync(join(worktree, 'wip.txt'), 'work in progress\n');
    const result = JSON.parse((await cli('--older-than', '0s', '--dry-run', '--json')).stdout);
    expect(result.kept.find((entry: { session: string }) => entry.session === 'claude-dev-idle')).toMatchObject({ reasons: ['dirty worktree'], dirtyWorktrees: [worktree] });
    expect(server.tmux('has-session', '-t', '=claude-dev-idle:')).toBe('');
  });

  it('refuses a bad duration or --by, naming what it accepts', async () => {
    const server = startTestServer();
    stops.push(() => server.stop());
    const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, 'cleanup', ...args]);
    expect(await cli('--older-than', '24x')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'claude-sessions: --older-than "24x" is not a duration: use a number with a unit s, m, h, d or w, or several in a row: 0s, 30m, 24h, 7d, 2w, 1d12h\n',
    });
    expect(await cli('--by', 'size')).toEqual({ code: 2, stdout: '', stderr: 'claude-sessions: --by "size": use activity or created\n' });
  });
});

describe('cleanup looks again just before each kill', () => {
  // The idle workspace is decided to go; `change` acts between that decision and its kill.
  const cleanupChanging = async (change: (setup: Setup) => Promise<void> | void) => {
    const world = await setup();
    await attachedCount(world.server, 'claude-dev-attached');
    const result = await cleanupWorkspaces(world.server.client, {
      olderThan: 0,
      by: 'activity',
      beforeKill: (session) => (session === 'claude-dev-idle' ? change(world) : undefined),
    });
    return { ...world, result, lines: cleanupLines(result) };
  };
  const spared = (lines: string[]) => lines.filter((line) => line.startsWith('spared '));

  it('spares a workspace a client attached to meanwhile', async () => {
    const { result, lines, sessions } = await cleanupChanging(async ({ server }) => {
      attachControlClient(server, 'claude-dev-idle');
      await attachedCount(server, 'claude-dev-idle');
    });
    expect(result.killed).toEqual([]);
    expect(result.kept.find((entry) => entry.session === 'claude-dev-idle')).toMatchObject({ spared: true, reasons: ['attached'] });
    expect(spared(lines)).toEqual(['spared claude-dev-idle at the last moment, changed since it was checked: attached']);
    expect(sessions()).toEqual(ALL);
  });

  it('spares a workspace whose agent started working or waiting meanwhile, in any pane of any window', async () => {
    const { result, lines, server, sessions } = await cleanupChanging(({ server }) => {
      server.tmux('set-option', '-p', '-t', '=claude-dev-idle:1.0', '@claude-state', 'waiting');
      server.tmux('set-option', '-p', '-t', '=claude-dev-idle:1.1', '@claude-state', 'working');
    });
    expect(result.killed).toEqual([]);
    expect(spared(lines)).toEqual(['spared claude-dev-idle at the last moment, changed since it was checked: agent working, agent waiting']);
    expect(sessions()).toEqual(ALL);
    expect(server.tmux('list-panes', '-s', '-t', '=claude-dev-idle:', '-F', '#{window_index}.#{pane_index}').trim().split('\n')).toEqual(['0.0', '1.0', '1.1']);
  });

  it('spares a workspace whose worktree got uncommitted changes meanwhile', async () => {
    const { result, lines, idleDir, sessions } = await cleanupChanging(({ idleDir }) => writeFileSync(join(idleDir, 'wip.txt'), 'new work\n'));
    expect(result.killed).toEqual([]);
    expect(result.kept.find((entry) => entry.session === 'claude-dev-idle')).toMatchObject({ spared: true, reasons: ['dirty worktree'], dirtyWorktrees: [idleDir] });
    expect(spared(lines)).toEqual([`spared claude-dev-idle at the last moment, changed since it was checked: dirty worktree (${idleDir})`]);
    expect(sessions()).toEqual(ALL);
  });

  it('spares a workspace that printed something meanwhile', async () => {
    const { result, lines, sessions } = await cleanupChanging(async ({ server }) => {
      // tmux keeps activity in whole seconds: act in the next one.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      server.tmux('send-keys', '-t', '=claude-dev-idle:1.1', 'echo still-here', 'Enter');
      await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-idle:1.1'), (text) => /^still-here$/m.test(text));
    });
    expect(result.killed).toEqual([]);
    expect(spared(lines)).toEqual(['spared claude-dev-idle at the last moment, changed since it was checked: used meanwhile']);
    expect(sessions()).toEqual(ALL);
  });

  it('still kills a workspace nothing happened to, and --force kills whatever happened', async () => {
    const quiet = await cleanupChanging(() => undefined);
    expect(quiet.result.killed.map((entry) => entry.session)).toEqual(['claude-dev-idle']);
    const world = await setup();
    const forced = await cleanupWorkspaces(world.server.client, {
      olderThan: 0,
      by: 'activity',
      force: true,
      beforeKill: (session) => {
        if (session === 'claude-dev-idle') world.server.tmux('set-option', '-p', '-t', '=claude-dev-idle:1.1', '@claude-state', 'working');
      },
    });
    expect(forced.killed.map((entry) => entry.session)).toContain('claude-dev-idle');
    expect(world.sessions()).toEqual(['other']);
  });
});

describe('@claude-sessions-cleanup-after', () => {
  it('makes the autosave tick clean up quietly, logging what it killed; a bad value is logged and ignored', async () => {
    const { server, state, sessions } = await setup();
    await attachedCount(server, 'claude-dev-attached');
    const bin = join(server.dir, 'claude-sessions');
    writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    server.tmux('set-option', '-g', '@claude-sessions-bin', bin);
    server.tmux('set-option', '-g', '@claude-sessions-save-interval', '15');
    const log = () => (existsSync(join(state, 'claude-sessions', 'events.log')) ? readFileSync(join(state, 'claude-sessions', 'events.log'), 'utf8') : '');
    const tick = (n: string) => {
      server.tmux('set-option', '-g', '@claude-sessions-autosave-timer', `chain-1 15 1`);
      return runCliCaptured(['-S', server.socket, 'event', 'autosave-tick', 'chain-1', n]);
    };

    server.tmux('set-option', '-g', '@claude-sessions-cleanup-after', '24x');
    expect(await tick('1')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(log()).toMatch(/autosave-tick chain-1 1: cleanup skipped: @claude-sessions-cleanup-after "24x" is not a duration/);
    expect(sessions()).toEqual(ALL);

    server.tmux('set-option', '-g', '@claude-sessions-cleanup-after', '0s');
    expect(await tick('2')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(log()).toMatch(/autosave-tick chain-1 2: cleanup: killed claude-dev-idle \(idle \d+s\), saved first; to bring it back: claude-sessions -S \S+ restore --session claude-dev-idle --file '\S+'\n/);
    expect(log()).not.toMatch(/kept/);
    expect(sessions()).toEqual(ALL.filter((name) => name !== 'claude-dev-idle'));
  });
});
