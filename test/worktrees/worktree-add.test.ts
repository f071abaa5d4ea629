// `worktree add` against a real git repository and a real tmux server with the fake claude.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { claudeStarts, worktreeWorld, type WorktreeWorld } from './fixture.ts';

describe('worktree add', () => {
  let world: WorktreeWorld;
  beforeAll(() => {
    world = worktreeWorld();
    world.openWorkspace();
  });
  afterAll(() => world.stop());

  // The workspace's worktree windows, one line of fields per pane.
  const windowPanes = () =>
    world.server
      .tmux('list-panes', '-s', '-t', '=claude-dev-shop:', '-F', '#{@claude-sessions-worktree}|#{window_name}|#{pane_current_path}|#{@claude-state}|#{pane_pid}|#{@claude-sessions-role}')
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .filter(([worktree]) => worktree !== '');

  it('makes the worktree on a new branch, keeps it out of git status, and opens a Claude window in the workspace', async () => {
    const result = await world.cli('add', 'feat-a');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const path = join(world.project, '.worktrees', 'feat-a');
    expect(result.stdout).toContain(`worktree feat-a made in ${path} on new branch feat-a from main`);
    expect(result.stdout).toMatch(/window claude-dev-shop:\d+ opened with Claude in it/);
    expect(world.git(path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('feat-a');
    expect(world.git(world.project, 'config', 'branch.feat-a.claude-sessions-base').trim()).toBe('main');
    expect(world.git(world.project, 'status', '--porcelain')).toBe('');

    const featA = () => windowPanes().filter(([worktree]) => worktree === 'feat-a');
    const [pane] = await waitFor(featA, (panes) => panes[0]?.[3] === 'idle');
    expect(pane?.slice(0, 4)).toEqual(['feat-a', 'feat-a', path, 'idle']);
    expect(pane?.[5]).toBe('claude');
    const start = claudeStarts(world.home).find((entry) => entry.cwd === path);
    expect(start?.argv).toContain('--session-id');
    expect(start?.argv).toContain('--settings');
    const paneId = world.server.tmux('list-panes', '-t', `=claude-dev-shop:feat-a`, '-F', '#{pane_id} #{@claude-session-id}').trim();
    expect(paneId).toBe(`${start?.tmuxPane} ${start?.sessionId}`);
    // new-window -e gives the pane's shell (and so Claude) CLAUDE_WORKTREE.
    const environ = readFileSync(`/proc/${pane?.[4]}/environ`, 'utf8').split('\0');
    expect(environ).toContain('CLAUDE_WORKTREE=feat-a');
  });

  it('adds the exclude line once however many worktrees are made', async () => {
    expect((await world.cli('add', 'feat-b', '--base', 'main')).code).toBe(0);
    expect((await world.cli('add', 'feat-b2', '--base', 'main')).code).toBe(0);
    const exclude = readFileSync(join(world.project, '.git', 'info', 'exclude'), 'utf8');
    expect(exclude.split('\n').filter((line) => line === '/.worktrees/')).toHaveLength(1);
    expect(world.git(world.project, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(world.project, '.gitignore'))).toBe(false);
  });

  it('checks out a branch that exists instead of making it', async () => {
    world.git(world.project, 'branch', 'existing');
    const result = await world.cli('add', 'existing');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('on existing branch existing');
    expect(world.git(join(world.project, '.worktrees', 'existing'), 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('existing');
  });

  it.each([
    ['', 'it is empty'],
    ['..', 'it names a folder'],
    ['-x', 'it starts with "-"'],
    ['feat/x', 'it contains "/" (use e.g. feat-x)'],
    ['a b', 'it contains whitespace'],
    ['a:b', 'git refuses it as a branch name'],
    ['x.lock', 'git refuses it as a branch name'],
    ['@', 'git reads "@" and "@{" as other commits'],
    ['@{-1}', 'git reads "@" and "@{" as other commits'],
  ])('refuses the name %j, making nothing', async (name, problem) => {
    const worktrees = () => (existsSync(join(world.project, '.worktrees')) ? readdirSync(join(world.project, '.worktrees')).sort() : []);
    const before = world.git(world.project, 'branch', '--list').trim();
    const foldersBefore = worktrees();
    const result = await runCliCaptured(['-S', world.server.socket, 'worktree', 'add', '--project', world.project, '--', name]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`bad worktree name ${JSON.stringify(name)}: ${problem}`);
    expect(world.git(world.project, 'branch', '--list').trim()).toBe(before);
    expect(worktrees()).toEqual(foldersBefore);
  });

  it('refuses a base ref that does not exist, naming it, and makes nothing', async () => {
    const result = await world.cli('add', 'feat-c', '--base', 'no-such-ref');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('base ref "no-such-ref" does not exist');
    expect(existsSync(join(world.project, '.worktrees', 'feat-c'))).toBe(false);
    expect(world.git(world.project, 'branch', '--list', 'feat-c')).toBe('');
  });

  it('refuses a name already used by a worktree', async () => {
    expect((await world.cli('add', 'taken')).code).toBe(0);
    const result = await world.cli('add', 'taken');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
  });

  it('works from a detached HEAD in the main worktree, recording the commit as the base', async () => {
    const head = world.git(world.project, 'rev-parse', 'HEAD').trim();
    world.git(world.project, 'checkout', '-q', '--detach');
    try {
      const result = await world.cli('add', 'from-detached');
      expect(result.code).toBe(0);
      expect(world.git(world.project, 'config', 'branch.from-detached.claude-sessions-base').trim()).toBe(head);
    } finally {
      world.git(world.project, 'checkout', '-q', 'main');
    }
  });

  it('finds the project by name in the projects folder', async () => {
    const result = await runCliCaptured(['-S', world.server.socket, 'worktree', 'ls', '--json', '--project', 'shop']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0].path).toBe(world.project);
  });

  it('refuses a folder that is not a git repository, naming it', async () => {
    const plain = join(world.home, 'plain');
    mkdirSync(plain);
    const result = await runCliCaptured(['-S', world.server.socket, 'worktree', 'add', 'x', '--project', plain]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`claude-sessions: not a git repository: ${plain}\n`);
  });
});

describe('worktree add without a workspace session', () => {
  let world: WorktreeWorld;
  beforeAll(() => (world = worktreeWorld('lone')));
  afterAll(() => world.stop());

  it('still makes the worktree, and says how to open the workspace', async () => {
    const result = await world.cli('add', 'feat-a');
    expect(result.code).toBe(0);
    expect(existsSync(join(world.project, '.worktrees', 'feat-a'))).toBe(true);
    expect(result.stdout).toContain(`no workspace session claude-dev-lone is open, so no window was made; open it with: claude-sessions new ${world.project}`);
  });

  it('refuses a session whose project folder was deleted', async () => {
    const gone = join(world.home, 'projects', 'gone');
    world.server.newSession('claude-dev-gone', world.home);
    world.server.tmux('set-option', '-t', '=claude-dev-gone:', '@claude-sessions-project-dir', gone);
    const result = await runCliCaptured(['-S', world.server.socket, 'worktree', 'ls', '--project', 'gone']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`claude-sessions: the project folder of session claude-dev-gone no longer exists: ${gone}\n`);
  });
});

describe("worktree add beside other sessions in the project's folder", () => {
  let world: WorktreeWorld;
  beforeAll(() => {
    world = worktreeWorld('shop');
    // Sorts before claude-dev-shop, and starts in the project's folder.
    world.server.newSession('claude-dev-aaa-scratch', world.project);
  });
  afterAll(() => world.stop());

  // The worktree windows of every session, as "session:window-name:worktree".
  const worktreeWindows = () =>
    world.server
      .tmux('list-windows', '-a', '-F', '#{session_name}:#{window_name}:#{@claude-sessions-worktree}')
      .trim()
      .split('\n')
      .filter((line) => !line.endsWith(':'));
  // Only the hand-made session, then (when given) the workspace claude-dev-shop in that folder.
  const sessionsBeside = (workspaceDir: string | undefined) => {
    world.server.tryTmux('kill-session', '-t', '=claude-dev-shop:');
    // A window the old pick left in the hand-made session.
    world.server.tryTmux('kill-window', '-a', '-t', '=claude-dev-aaa-scratch:0');
    if (workspaceDir === undefined) return;
    world.server.newSession('claude-dev-shop', workspaceDir);
    world.server.tmux('set-option', '-t', '=claude-dev-shop:', '@claude-sessions-project-dir', workspaceDir);
  };

  it('opens no window in a hand-made claude-dev session of the same folder when the workspace is not open, and says so', async () => {
    sessionsBeside(undefined);
    const result = await world.cli('add', 'feat-lone');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`no workspace session claude-dev-shop is open, so no window was made; open it with: claude-sessions new ${world.project}`);
    expect(worktreeWindows()).toEqual([]);
  });

  it("opens the window in the project's own workspace, not in the hand-made session that sorts first", async () => {
    sessionsBeside(world.project);
    const result = await world.cli('add', 'feat-ws');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/window claude-dev-shop:\d+ opened with Claude in it/);
    expect(worktreeWindows()).toEqual(['claude-dev-shop:feat-ws:feat-ws']);
  });

  it('opens no window in a workspace of the same name that belongs to another folder, and names that folder', async () => {
    const other = join(world.home, 'elsewhere', 'shop');
    mkdirSync(other, { recursive: true });
    sessionsBeside(other);
    const result = await world.cli('add', 'feat-other');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`session claude-dev-shop is the workspace of another folder (${other}), so no window was made`);
    expect(worktreeWindows()).toEqual([]);
  });
});
