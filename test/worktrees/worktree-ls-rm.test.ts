// `worktree ls` and `worktree rm` against a real git repository and tmux server.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { worktreeWorld, type WorktreeWorld } from './fixture.ts';

describe('worktree ls and rm', () => {
  // One server and home for the file; each test makes its own project, so any one runs alone.
  let world: WorktreeWorld;
  beforeAll(() => {
    world = worktreeWorld('unused');
  });
  afterAll(() => world.stop());

  const commitIn = (dir: string, file: string) => {
    writeFileSync(join(dir, file), `${file}\n`);
    world.git(dir, 'add', file);
    world.git(dir, 'commit', '-q', '-m', file);
  };
  // A project named NAME with its workspace open and these worktrees made in it.
  const projectWith = async (name: string, worktrees: string[]) => {
    const project = world.addProject(name);
    const cli = (...args: string[]) => world.cliIn(project, ...args);
    for (const worktree of worktrees) expect((await cli('add', worktree)).code).toBe(0);
    const ls = async () => {
      const result = await cli('ls', '--json');
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>[];
    };
    const windowNames = () => world.server.tmux('list-windows', '-t', `=claude-dev-${name}:`, '-F', '#{window_name}').trim().split('\n');
    return { project, cli, ls, windowNames, path: (worktree: string) => join(project, '.worktrees', worktree) };
  };

  it('lists the main worktree and each worktree with stable JSON fields', async () => {
    const { project, ls, path } = await projectWith('shop', ['feat-a', 'feat-b']);
    await waitFor(() => world.server.tmux('list-panes', '-s', '-t', '=claude-dev-shop:', '-F', '#{@claude-state}'), (text) => text.split('idle').length === 3);
    const rows = await ls();
    expect(rows.map((row) => Object.keys(row))).toEqual(
      rows.map(() => ['name', 'path', 'main', 'branch', 'head', 'detached', 'dirty', 'base', 'ahead', 'behind', 'window', 'agent']),
    );
    expect(rows[0]).toMatchObject({ name: 'shop', path: project, main: true, branch: 'main', detached: false, dirty: 0, base: null, ahead: null, window: null, agent: 'none' });
    expect(rows[1]).toMatchObject({ name: 'feat-a', path: path('feat-a'), main: false, branch: 'feat-a', dirty: 0, base: 'main', ahead: 0, behind: 0, agent: 'idle' });
    expect(rows[1]?.['window']).toMatch(/^claude-dev-shop:\d+$/);
    expect(rows.map((row) => row['name'])).toEqual(['shop', 'feat-a', 'feat-b']);
  });

  it('counts uncommitted changes, and commits ahead of and behind the base', async () => {
    const { project, cli, ls, path } = await projectWith('counts', ['feat-a', 'feat-b']);
    commitIn(path('feat-a'), 'one');
    commitIn(path('feat-a'), 'two');
    commitIn(project, 'on-main');
    writeFileSync(join(path('feat-b'), 'new-file'), 'x\n');
    writeFileSync(join(path('feat-b'), 'README'), 'changed\n');
    const [, featA, featB] = await ls();
    expect(featA).toMatchObject({ dirty: 0, ahead: 2, behind: 1 });
    expect(featB).toMatchObject({ dirty: 2, ahead: 0, behind: 1 });
    const table = (await cli('ls')).stdout;
    expect(table.split('\n')[0]).toMatch(/^NAME +BRANCH +CHANGES +VS BASE +WINDOW +AGENT +PATH$/);
    await waitFor(() => world.server.tmux('list-panes', '-s', '-t', '=claude-dev-counts:', '-F', '#{@claude-state}'), (text) => text.split('idle').length === 3);
    expect((await cli('ls')).stdout).toMatch(/feat-a +feat-a +clean +\+2 -1 main +claude-dev-counts:\d+ +idle/);
    expect(table).toMatch(/feat-b +feat-b +2 changed/);
  });

  it('shows a detached worktree as detached', async () => {
    const { project, cli, ls, path } = await projectWith('detached', []);
    const head = world.git(project, 'rev-parse', 'HEAD').trim();
    world.git(project, 'worktree', 'add', '-q', '--detach', path('loose'));
    const loose = (await ls()).find((row) => row['name'] === 'loose');
    expect(loose).toMatchObject({ branch: null, detached: true, head, base: 'main', window: null, agent: 'none' });
    expect((await cli('ls')).stdout).toContain(`detached at ${head.slice(0, 7)}`);
  });

  it('rm refuses a dirty worktree, listing its changes, and leaves everything there', async () => {
    const { cli, path, windowNames } = await projectWith('dirty', ['feat-b']);
    writeFileSync(join(path('feat-b'), 'new-file'), 'x\n');
    writeFileSync(join(path('feat-b'), 'README'), 'changed\n');
    const result = await cli('rm', 'feat-b');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('worktree feat-b has 2 uncommitted change(s); commit or stash them, or pass --force:');
    expect(result.stderr).toContain('?? new-file');
    expect(result.stderr).toContain(' M README');
    expect(existsSync(join(path('feat-b'), 'new-file'))).toBe(true);
    expect(windowNames()).toContain('feat-b');
  });

  it('rm refuses a worktree with commits not merged into its base', async () => {
    const { cli, path } = await projectWith('unmerged', ['feat-a']);
    commitIn(path('feat-a'), 'one');
    commitIn(path('feat-a'), 'two');
    const result = await cli('rm', 'feat-a');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('worktree feat-a has 2 commit(s) not merged into main; merge them, or pass --force');
    expect(existsSync(path('feat-a'))).toBe(true);
  });

  it('rm --force removes it and closes its window, keeping the branch', async () => {
    const { project, cli, path, windowNames } = await projectWith('forced', ['feat-b']);
    writeFileSync(join(path('feat-b'), 'new-file'), 'x\n');
    expect(windowNames()).toContain('feat-b');
    const result = await cli('rm', 'feat-b', '--force');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/worktree feat-b removed .*\nclosed window\(s\) claude-dev-forced:\d+\nkept branch feat-b/);
    expect(existsSync(path('feat-b'))).toBe(false);
    expect(windowNames()).not.toContain('feat-b');
    expect(world.git(project, 'branch', '--list', 'feat-b').trim()).toBe('feat-b');
  });

  it('rm --delete-branch deletes a merged branch with its worktree', async () => {
    const { project, cli, path, windowNames } = await projectWith('merged', ['feat-a']);
    commitIn(path('feat-a'), 'one');
    expect(windowNames()).toContain('feat-a');
    world.git(project, 'merge', '-q', '--no-edit', 'feat-a');
    const result = await cli('rm', 'feat-a', '--delete-branch');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deleted branch feat-a');
    expect(existsSync(path('feat-a'))).toBe(false);
    expect(world.git(project, 'branch', '--list', 'feat-a')).toBe('');
    expect(windowNames()).not.toContain('feat-a');
  });

  it('rm --force --delete-branch deletes an unmerged branch too', async () => {
    const { project, cli, path } = await projectWith('unmerged-forced', ['feat-c']);
    commitIn(path('feat-c'), 'three');
    const result = await cli('rm', 'feat-c', '--force', '--delete-branch');
    expect(result.code).toBe(0);
    expect(world.git(project, 'branch', '--list', 'feat-c')).toBe('');
  });

  it('rm of a worktree that does not exist is a clear error', async () => {
    const { project, cli } = await projectWith('missing', []);
    const result = await cli('rm', 'nope');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`claude-sessions: no worktree "nope" in ${project} (see claude-sessions worktree ls)\n`);
  });

  it('--display reports in the tmux message line instead of failing', async () => {
    const { cli } = await projectWith('displayed', []);
    const result = await cli('rm', 'nope', '--display');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });
});
