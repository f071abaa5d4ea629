import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitBranch, loadRows, projectRows, refreshBranches } from '../../src/switcher/rows.ts';
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
