import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitBranch, loadRows, projectRows, refreshBranches } from '../../src/switcher/rows.ts';
import { GROUP_FORMAT, infoText, INFO_FORMAT, SESSION_FIELDS } from '../../src/switcher/row-format.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('the switcher rows, read from a real server', () => {
  let server: TestServer;
  let projects: string;
  beforeAll(() => {
    server = startTestServer();
    server.tmux('kill-session', '-t', '=placeholder:');
    projects = join(server.dir, 'projects');
    for (const name of ['gamma-api', 'delta', 'epsilon', '.hidden']) mkdirSync(join(projects, name), { recursive: true });
    writeFileSync(join(projects, 'epsilon', 'Cargo.toml'), '[package]\nname = "epsilon"\n');
    writeFileSync(join(projects, 'not-a-folder.txt'), '');
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    server.newSession('claude-dev-gamma-api', join(projects, 'gamma-api'));
    server.tmux('split-window', '-t', '=claude-dev-gamma-api:', 'sh');
    server.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:0.0', '@claude-state', 'working');
    server.tmux('set-option', '-p', '-t', '=claude-dev-gamma-api:0.1', '@claude-state', 'idle');
    server.newSession('claude-dev-beta');
    server.tmux('new-window', '-t', '=claude-dev-beta:', 'sh');
    server.tmux('set-option', '-p', '-t', '=claude-dev-beta:1', '@claude-state', 'waiting');
    server.newSession('zeta; $(x) "q"');
    server.newSession('alpha');
  });
  afterAll(() => server.stop());

  it('lists waiting workspaces, other workspaces, other sessions, then projects with no session', async () => {
    const { rows } = await loadRows(server.client);
    expect(rows.map((row) => [row.kind, row.name])).toEqual([
      ['workspace', 'claude-dev-beta'],
      ['workspace', 'claude-dev-gamma-api'],
      ['session', 'alpha'],
      ['session', 'zeta; $(x) "q"'],
      ['project', 'delta'],
      ['project', 'epsilon'],
    ]);
  });

  it('gives each session its agent marks (most urgent first), state, windows and age; projects their template', async () => {
    const { rows } = await loadRows(server.client);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get('claude-dev-beta')).toMatchObject({ marks: '●', urgent: 'waiting', waiting: 1 });
    expect(byName.get('claude-dev-beta')?.info).toMatch(/^2 win · \d+s$/);
    expect(byName.get('claude-dev-gamma-api')).toMatchObject({ marks: '◐○', urgent: 'working', waiting: 0 });
    expect(byName.get('alpha')).toMatchObject({ marks: '', waiting: 0 });
    expect(byName.get('alpha')).not.toHaveProperty('urgent');
    expect(byName.get('epsilon')).toMatchObject({ info: 'new · rust', projectDir: join(projects, 'epsilon') });
    expect(byName.get('delta')?.info).toBe('new · generic');
  });

  it('shows the branch once refreshBranches has read it from .git/HEAD, and only writes what changed', async () => {
    const repo = join(projects, 'gamma-api', '.git');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'HEAD'), 'ref: refs/heads/feature/popup\n');
    const first = await loadRows(server.client);
    expect(await refreshBranches(server.client, first.folders)).toBe(true);
    const second = await loadRows(server.client);
    expect(second.rows.find((row) => row.name === 'claude-dev-gamma-api')?.info).toMatch(/^feature\/popup · 1 win · /);
    expect(await refreshBranches(server.client, second.folders)).toBe(false);
  });
});

// Node works out the marks, the order and the details from raw fields (row-format.ts);
// the shell's first frame has tmux format them. Both must give the same rows.
describe('the rows Node works out, against the ones tmux formats for the first frame', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.tmux('kill-session', '-t', '=placeholder:');
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', join(server.dir, 'no-projects'));
    const states = (session: string, ...list: string[]) => {
      list.forEach((state, index) => {
        if (index > 0) server.tmux(index % 2 ? 'split-window' : 'new-window', '-t', `=${session}:`, 'sh');
        if (state !== '') server.tmux('set-option', '-p', '-t', `=${session}:`, '@claude-state', state);
      });
    };
    server.newSession('claude-dev-all');
    states('claude-dev-all', 'working', 'waiting', 'idle', 'error', 'waiting', '', 'asleep');
    server.newSession('claude-dev-idle');
    states('claude-dev-idle', 'idle', 'idle');
    server.newSession('claude-dev-none');
    server.newSession('claude-dev-waits');
    states('claude-dev-waits', 'waiting');
    server.newSession('notes');
    states('notes', 'waiting', 'working');
    server.newSession('zero-branch');
    server.tmux('set-option', '-t', '=zero-branch:', '@claude-sessions-branch', '0');
    server.newSession('main-branch');
    server.tmux('set-option', '-t', '=main-branch:', '@claude-sessions-branch', 'feature/x · y');
  });
  afterAll(() => server.stop());

  it('the same order, marks and agent states, the waiting glyph following its option', async () => {
    server.tmux('set-option', '-g', '@claude-sessions-glyph-waiting', 'W');
    try {
      const listed = server.tmux('list-sessions', '-F', `#{session_id} ${GROUP_FORMAT}`).trim().split('\n').map((line) => line.split(' '));
      const order = ['1', '2', '3'].flatMap((group) => listed.filter(([, digit]) => digit === group).map(([id]) => id));
      const { rows } = await loadRows(server.client);
      expect(rows.map((row) => row.key)).toEqual(order);
      const byName = new Map(rows.map((row) => [row.name, row]));
      expect(byName.get('claude-dev-all')).toMatchObject({ kind: 'workspace', marks: 'WW✗◐○', urgent: 'waiting', waiting: 2 });
      expect(byName.get('claude-dev-idle')).toMatchObject({ kind: 'workspace', marks: '○○', urgent: 'idle', waiting: 0 });
      expect(byName.get('claude-dev-none')).toMatchObject({ kind: 'workspace', marks: '', waiting: 0 });
      expect(byName.get('claude-dev-none')).not.toHaveProperty('urgent');
      expect(byName.get('notes')).toMatchObject({ kind: 'session', marks: 'W◐', urgent: 'waiting', waiting: 1 });
      expect(rows.slice(0, 2).map((row) => row.name)).toEqual(['claude-dev-all', 'claude-dev-waits']);
    } finally {
      server.tmux('set-option', '-gu', '@claude-sessions-glyph-waiting');
    }
  });

  it.each([0, 59, 60, 3599, 3600, 172799, 172800, 1000000])('the same details, %i seconds after the last activity', (age) => {
    const fields = Object.values(SESSION_FIELDS).join('\u001f');
    const sessions = server.tmux('list-sessions', '-F', fields).trim().split('\n').map((line) => line.split('\u001f'));
    for (const values of sessions) {
      const raw = Object.fromEntries(Object.keys(SESSION_FIELDS).map((key, index) => [key, values[index] as string])) as Record<keyof typeof SESSION_FIELDS, string>;
      const now = Number(raw.activity) + age;
      // A number with no % in it is its own strftime: "now" as tmux's ages see it.
      server.tmux('set-option', '-g', '@claude-sessions-now', String(now));
      expect(infoText(raw, now)).toBe(server.tmux('display-message', '-p', '-t', raw.id, INFO_FORMAT).replace(/\n$/, ''));
    }
    server.tmux('set-option', '-g', '@claude-sessions-now', '%s');
  });
});

describe('gitBranch', () => {
  let server: TestServer;
  beforeAll(() => (server = startTestServer()));
  afterAll(() => server.stop());

  it('reads a branch, a detached commit, a worktree .git file, from a subfolder, and nothing outside git', () => {
    const repo = join(server.dir, 'repo');
    mkdirSync(join(repo, '.git', 'worktrees', 'wt'), { recursive: true });
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(gitBranch(repo)).toBe('main');
    expect(gitBranch(join(repo, 'src', 'deep'))).toBe('main');
    writeFileSync(join(repo, '.git', 'worktrees', 'wt', 'HEAD'), '0123456789abcdef0123456789abcdef01234567\n');
    const worktree = join(repo, '.worktrees', 'wt');
    mkdirSync(worktree, { recursive: true });
    writeFileSync(join(worktree, '.git'), `gitdir: ${join(repo, '.git', 'worktrees', 'wt')}\n`);
    expect(gitBranch(worktree)).toBe('0123456');
    const outside = join(server.dir, 'plain');
    mkdirSync(outside);
    expect(gitBranch(outside)).toBeUndefined();
  });
});

describe('projectRows', () => {
  let server: TestServer;
  beforeAll(() => (server = startTestServer()));
  afterAll(() => server.stop());

  it('skips hidden entries, files, folders with a session, and a name already listed from an earlier folder', async () => {
    const first = join(server.dir, 'one');
    const second = join(server.dir, 'two');
    for (const path of [join(first, 'web'), join(first, 'api'), join(first, '.cache'), join(second, 'web'), join(second, 'tools')]) mkdirSync(path, { recursive: true });
    symlinkSync(join(second, 'tools'), join(first, 'linked'));
    writeFileSync(join(first, 'README'), '');
    const rows = await projectRows([first, join(server.dir, 'missing'), second], 'claude-dev-', new Set(['claude-dev-api']));
    expect(rows.map((row) => row.projectDir)).toEqual([join(first, 'linked'), join(first, 'web'), join(second, 'tools')]);
  });
});
