// `claude-sessions health` against a real tmux server: template panes, worktrees, agents,
// scrollback, the session limit, a deleted project, and the status summary option.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherHealth } from '../../src/health/gather.ts';
import { healthFormat } from '../../src/status/format.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const FAKE = join(REPO_ROOT, 'test', 'fake-claude', 'claude');
const TRIO = 'name: trio\nwindows:\n  - name: main\n    panes:\n      - echo one\n      - role: git\n        commands: [echo two]\n      - role: editor\n        commands: [echo three]\n';

interface Json {
  sessions: {
    name: string;
    project: string;
    template: string | null;
    panes: { expected: number | null; present: number; missing: string[] };
    worktrees: unknown[];
    agents: unknown[];
    cpuPercent: number;
    memoryKb: number;
    scrollback: { pane: string; used: number; limit: number }[];
    warnings: { message: string }[];
  }[];
  limit: { sessions: number; max: number };
  warnings: { message: string }[];
}

// A private server for health tests: projects under its folder, Claude as a plain echo.
function healthWorld() {
  const world = {
    server: undefined as unknown as TestServer,
    projects: '',
    saved: {} as Record<string, string | undefined>,
    start() {
      world.server = startTestServer();
      world.projects = join(world.server.dir, 'projects');
      for (const [name, value] of [['XDG_STATE_HOME', join(world.server.dir, 'state')], ['XDG_CONFIG_HOME', join(world.server.dir, 'config')]] as const) {
        world.saved[name] = process.env[name];
        process.env[name] = value;
      }
      world.server.tmux('set-option', '-g', '@claude-sessions-claude-command', 'echo claude');
    },
    stop() {
      for (const [name, value] of Object.entries(world.saved)) process.env[name] = value;
      world.server.stop();
    },
    health: async (...args: string[]) => {
      const result = await runCliCaptured(['-S', world.server.socket, 'health', ...args]);
      return { ...result, json: args.includes('--json') && result.code === 0 ? (JSON.parse(result.stdout) as Json) : undefined };
    },
    project: (name: string, files: Record<string, string> = {}) => {
      const dir = join(world.projects, name);
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      return dir;
    },
  };
  return world;
}

describe('claude-sessions health, the status summary', () => {
  // A server of its own: the summary counts the warnings of every session on the server.
  const world = healthWorld();
  const { health, project } = world;
  let server: TestServer;
  beforeAll(() => {
    world.start();
    server = world.server;
  });
  afterAll(() => world.stop());

  it('names a pane the template expects but the workspace lacks, and the status summary shows it', async () => {
    const dir = project('alpha', { '.claude-sessions.yaml': TRIO });
    expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).code).toBe(0);
    expect((await health('alpha', '--json')).json?.sessions[0]?.panes).toEqual({ expected: 3, present: 3, missing: [] });
    await runCliCaptured(['-S', server.socket, 'health', '--update-status']);
    expect(server.tmux('show-options', '-gqv', '@claude-sessions-health').trim()).toBe('');

    const editor = server.tmux('list-panes', '-s', '-t', '=claude-dev-alpha:', '-F', '#{pane_id} #{@claude-sessions-role}').split('\n').find((line) => line.endsWith(' editor'));
    server.tmux('kill-pane', '-t', editor?.split(' ')[0] ?? 'none');

    const { code, json } = await health('claude-dev-alpha', '--json');
    expect(code).toBe(0);
    expect(json?.sessions[0]?.panes).toEqual({ expected: 3, present: 2, missing: ['main.2 (editor)'] });
    expect(json?.sessions[0]?.warnings.map((w) => w.message)).toEqual(['1 pane of template trio missing: main.2 (editor)']);
    const text = await health('alpha');
    expect(text.stdout).toMatch(/claude-dev-alpha\s+⚠ 2\/3/);
    expect(text.stdout).toContain('⚠ claude-dev-alpha: 1 pane of template trio missing: main.2 (editor)');

    // An event (here the autosave timer's tick, with no chain id) refreshes the summary too.
    expect((await runCliCaptured(['-S', server.socket, 'event', 'autosave-tick'])).code).toBe(0);
    expect(server.tmux('show-options', '-gqv', '@claude-sessions-health').trim()).toBe('⚠ 1');
    expect(server.tmux('display-message', '-p', healthFormat()).trim()).toBe('#[fg=yellow]⚠ 1#[default]');
    server.tmux('set-option', '-gu', '@claude-sessions-health');
    expect((await runCliCaptured(['-S', server.socket, 'health', '--update-status'])).stdout).toBe('');
    server.tmux('set-option', '-g', '@claude-sessions-style-health', 'fg=red');
    expect(server.tmux('display-message', '-p', healthFormat()).trim()).toBe('#[fg=red]⚠ 1#[default]');
    server.tmux('set-option', '-gu', '@claude-sessions-style-health');
  });
});

describe('claude-sessions health', () => {
  // One server for the file's sessions: each test makes its own, and reads only those
  // (the session limit's test counts what is there when it starts).
  const world = healthWorld();
  const { health, project } = world;
  let server: TestServer;
  beforeAll(() => {
    world.start();
    server = world.server;
  });
  afterAll(() => world.stop());
  const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });


  it('prints the --json shape, with worktrees under .worktrees/ and CPU and memory numbers', async () => {
    const dir = project('repo', { '.claude-sessions.yaml': TRIO });
    git(dir, 'init', '-q');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'first');
    git(dir, 'worktree', 'add', '-q', '.worktrees/feat', '-b', 'feat');
    git(dir, 'worktree', 'add', '-q', '.worktrees/clean', '-b', 'clean');
    writeFileSync(join(dir, '.worktrees', 'feat', 'new-file'), 'x');
    await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);

    const { json } = await health('repo', '--json');
    expect(Object.keys(json ?? {})).toEqual(['sessions', 'limit', 'warnings']);
    const session = json?.sessions[0];
    expect(Object.keys(session ?? {})).toEqual(['name', 'project', 'projectDir', 'template', 'panes', 'worktrees', 'agents', 'cpuPercent', 'memoryKb', 'scrollback', 'warnings']);
    expect(session).toMatchObject({ name: 'claude-dev-repo', project: 'repo', template: 'trio', agents: [], warnings: [] });
    expect(session?.worktrees).toEqual([
      { name: 'clean', branch: 'clean', dirty: false },
      { name: 'feat', branch: 'feat', dirty: true },
    ]);
    expect(session?.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(session?.memoryKb).toBeGreaterThan(0);
    expect(session?.scrollback.map((entry) => entry.pane)).toEqual(['0.0', '0.1', '0.2']);
    expect(json?.limit.max).toBe(10);
    // A project that is not a git repository has no worktrees.
    server.newSession('claude-dev-plain', project('plain'));
    expect((await health('plain', '--json')).json?.sessions[0]?.worktrees).toEqual([]);
  });

  it("reports each agent's state, since when, and whether our hooks report it", async () => {
    const dir = project('bots');
    server.newSession('claude-dev-bots', dir);
    const hooked = server.tmux('split-window', '-P', '-F', '#{pane_id}', '-t', '=claude-dev-bots:', '-e', 'FAKE_CLAUDE_SCRIPT=hold', FAKE).trim();
    const bare = server.tmux('split-window', '-P', '-F', '#{pane_id}', '-t', '=claude-dev-bots:', '-e', 'FAKE_CLAUDE_SCRIPT=hold', FAKE).trim();
    server.tmux('set-option', '-p', '-t', hooked, '@claude-state', 'working');
    server.tmux('set-option', '-p', '-t', hooked, '@claude-state-since', '1700000000');
    for (const pane of [hooked, bare]) {
      await waitFor(() => server.tmux('display-message', '-p', '-t', pane, '#{pane_current_command}').trim(), (command) => command === '2.0.0');
    }
    const { json } = await health('bots', '--json');
    const session = json?.sessions[0];
    expect(session?.agents).toEqual([
      { pane: '0.1', state: 'working', since: '2023-11-14T22:13:20.000Z', hooks: true },
      { pane: '0.2', state: 'unknown', since: null, hooks: false },
    ]);
    expect(session?.template).toBeNull();
    expect(session?.panes).toEqual({ expected: null, present: 3, missing: [] });
    expect(session?.memoryKb).toBeGreaterThan(0);
    expect(session?.warnings.map((w) => w.message)).toEqual(['1 agent without claude-sessions hooks (0.2): the status line and the jump key miss them']);
  });

  it('warns when a pane has used more than 90% of its history-limit', async () => {
    server.tmux('set-option', '-g', 'history-limit', '50');
    server.newSession('claude-dev-chatty', project('chatty'));
    server.tmux('set-option', '-g', 'history-limit', '2000');
    server.tmux('send-keys', '-t', '=claude-dev-chatty:', 'i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done', 'Enter');
    await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-chatty:'), (text) => /^line 199$/m.test(text));
    // A full history drops a tenth of its limit and goes on, so it stays above 90%.
    const { json } = await health('chatty', '--json');
    const [entry] = json?.sessions[0]?.scrollback ?? [];
    expect(entry).toMatchObject({ pane: '0.0', limit: 50 });
    expect(entry?.used).toBeGreaterThan(45);
    expect(json?.sessions[0]?.warnings[0]?.message).toMatch(/^scrollback over 90% of history-limit in pane 0\.0 \(\d+\/50\)/);
  });

  it('warns about a project folder that no longer exists', async () => {
    const dir = project('gone');
    server.newSession('claude-dev-gone', dir);
    server.tmux('set-option', '-t', '=claude-dev-gone:', '@claude-sessions-project-dir', dir);
    rmSync(dir, { recursive: true });
    const { code, json } = await health('gone', '--json');
    expect(code).toBe(0);
    expect(json?.sessions[0]?.worktrees).toEqual([]);
    expect(json?.sessions[0]?.warnings.map((w) => w.message)).toEqual([`the project folder ${dir} no longer exists`]);
  });

  it('warns past @claude-sessions-max-sessions, and so does new as it creates one more', async () => {
    server.newSession('claude-dev-limit-a', project('limit-a'));
    server.newSession('claude-dev-limit-b', project('limit-b'));
    const sessions = (await health('--json')).json?.limit.sessions ?? 0;
    expect(sessions).toBeGreaterThanOrEqual(2);
    server.tmux('set-option', '-g', '@claude-sessions-max-sessions', '1');
    try {
      const before = (await health('--json')).json;
      expect(before?.limit).toEqual({ sessions, max: 1 });
      expect(before?.warnings[0]?.message).toMatch(new RegExp(`^${sessions} workspace sessions, more than @claude-sessions-max-sessions \\(1\\)`));
      const created = await runCliCaptured(['-S', server.socket, 'new', project('extra', { '.claude-sessions.yaml': TRIO }), '--detach']);
      expect(created.code).toBe(0);
      expect(created.stderr).toContain(`${sessions + 1} workspace sessions now, more than @claude-sessions-max-sessions (1)`);
      expect(server.tmux('has-session', '-t', '=claude-dev-extra')).toBe('');
      expect((await health()).stdout).toContain(`⚠ ${sessions + 1} workspace sessions (at most 1: @claude-sessions-max-sessions)`);
    } finally {
      server.tmux('set-option', '-gu', '@claude-sessions-max-sessions');
    }
  });

  it('fails on a session that is not a workspace', async () => {
    const { code, stderr } = await health('nope');
    expect(code).toBe(1);
    expect(stderr).toContain('no workspace session named "nope"');
  });
});

describe('claude-sessions health over many workspaces', () => {
  const world = healthWorld();
  const { health, project } = world;
  let server: TestServer;
  const path = process.env['PATH'];
  beforeAll(() => world.start());
  afterAll(() => {
    process.env['PATH'] = path;
    world.stop();
  });
  const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });

  it("reports each project's own worktrees, git started from a few shells rather than once per project", async () => {
    server = world.server;
    // Eight repositories (one with a space and a quote in its folder's name), each with its own
    // worktrees, some dirty; and a workspace whose folder is not a repository.
    const expected: Record<string, { name: string; branch: string; dirty: boolean }[]> = {};
    for (let index = 0; index < 8; index++) {
      const name = index === 3 ? "odd 'name'" : `many-${index}`;
      const dir = project(name);
      git(dir, 'init', '-q');
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'first');
      const worktrees = Array.from({ length: 1 + (index % 3) }, (_, n) => ({ name: `w${index}-${n}`, branch: `w${index}-${n}`, dirty: (index + n) % 2 === 0 }));
      for (const worktree of worktrees) {
        git(dir, 'worktree', 'add', '-q', join('.worktrees', worktree.name), '-b', worktree.branch);
        if (worktree.dirty) writeFileSync(join(dir, '.worktrees', worktree.name, 'change'), 'x');
      }
      expected[name] = worktrees;
      server.newSession(`claude-dev-${name.replace(/[^\w-]/g, '_')}`, dir);
    }
    server.newSession('claude-dev-not-git', project('not-git'));
    // Every git records who started it: the health process itself, or a shell it started.
    const bin = join(server.dir, 'bin');
    const log = join(server.dir, 'git-parents');
    mkdirSync(bin);
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$PPID $*" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    process.env['PATH'] = `${bin}:${path}`;
    let json;
    try {
      json = (await health('--json')).json;
    } finally {
      process.env['PATH'] = path;
    }

    const byProject = Object.fromEntries((json?.sessions ?? []).map((session) => [session.project, session.worktrees]));
    for (const [name, worktrees] of Object.entries(expected)) expect(byProject[name.replace(/[^\w-]/g, '_')], name).toEqual(worktrees);
    expect(byProject['not-git']).toEqual([]);
    // Only the gits of this test's folders: the server may hold other tests' workspaces too.
    const folders = [...Object.keys(expected), 'not-git'].map((name) => join(world.projects, name));
    const runs = readFileSync(log, 'utf8').split('\n').filter((line) => folders.some((folder) => line.includes(folder)));
    const parents = runs.map((line) => Number(line.slice(0, line.indexOf(' '))));
    // 9 worktree lists and 15 statuses, from two rounds of at most four shells each.
    expect(parents.length).toBe(9 + 15);
    expect(parents.filter((parent) => parent === process.pid)).toEqual([]);
    expect(new Set(parents).size).toBeLessThanOrEqual(8);
  });

  it('asks Claude about the agents of the workspace asked about only', async () => {
    server = world.server;
    server.newSession('claude-dev-quiet', project('quiet'));
    server.newSession('claude-dev-busy', project('busy'));
    const bare = server.tmux('split-window', '-P', '-F', '#{pane_id}', '-t', '=claude-dev-busy:', '-e', 'FAKE_CLAUDE_SCRIPT=hold', FAKE).trim();
    await waitFor(() => server.tmux('display-message', '-p', '-t', bare, '#{pane_current_command}').trim(), (command) => command === '2.0.0');
    let asked = 0;
    const listAgents = () => {
      asked++;
      return undefined;
    };
    const quiet = await gatherHealth(server.client, { session: 'quiet', listAgents, sampleMs: 0 });
    expect(quiet.sessions.map((session) => [session.name, session.agents])).toEqual([['claude-dev-quiet', []]]);
    expect(asked).toBe(0);
    const busy = await gatherHealth(server.client, { session: 'busy', listAgents, sampleMs: 0 });
    expect(busy.sessions[0]?.agents).toEqual([{ pane: '0.1', state: 'unknown', since: null, hooks: false }]);
    expect(asked).toBe(1);
  });
});
