// `claude-sessions git-hook`: the pre-commit hook in a real repository, a live claude-dev
// session on a private tmux server with a pane in a dirty worktree, strict mode, chaining.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { RUN_VARIABLE } from '../helpers/test-run.mjs';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const EXISTING_HOOK = '#!/bin/sh\n# a hook of the project\necho ran >> "$(git rev-parse --git-dir)/../marker"\n';

let server: TestServer;
let base: string;
let repo: string;
let agentTree: string;
const saved = { ...process.env };

function git(cwd: string, ...args: string[]) {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', env: process.env });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

// Stage a new file in the main worktree and commit it.
function commit(name: string) {
  writeFileSync(join(repo, name), `${name}\n`);
  git(repo, 'add', name);
  return git(repo, 'commit', '-q', '-m', name);
}

beforeAll(() => {
  server = startTestServer();
  base = mkdtempSync(join(tmpdir(), 'claude-sessions-git-hook-'));
  repo = join(base, 'repo');
  agentTree = join(base, 'repo-agent');
  Object.assign(process.env, {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(base, 'gitconfig'),
    CLAUDE_SESSIONS_ROOT: REPO_ROOT,
    CLAUDE_SESSIONS_TMUX_SOCKET: server.socket,
  });
  spawnSync('git', ['init', '-q', '-b', 'main', repo]);
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  writeFileSync(join(repo, 'README'), 'hello\n');
  git(repo, 'add', 'README');
  git(repo, 'commit', '-q', '-m', 'first');
  expect(git(repo, 'worktree', 'add', '-q', '-b', 'agent', agentTree).status).toBe(0);
  server.newSession('claude-dev-repo-agent', agentTree);
  // A session in the worktree being committed: its staged changes are the commit, no warning.
  server.newSession('claude-dev-repo', repo);
  server.newSession('other', agentTree);
});

afterAll(() => {
  process.env = saved;
  server.stop();
  rmSync(base, { recursive: true, force: true });
});

// Each test starts with no hook and both worktrees clean (what an earlier test committed
// stays: only the changes it left are undone).
beforeEach(async () => {
  await runCliCaptured(['git-hook', 'uninstall', repo]);
  rmSync(join(agentTree, 'dirty.txt'), { force: true });
  git(repo, 'reset', '-q', '--hard');
  git(repo, 'clean', '-fdq');
});

describe('claude-sessions git-hook', () => {
  it('warns about a live session whose worktree has uncommitted changes, and lets the commit through', async () => {
    expect((await runCliCaptured(['git-hook', 'install', repo])).code).toBe(0);
    const clean = commit('a.txt');
    expect(clean.status).toBe(0);
    expect(clean.stderr).toBe('');
    writeFileSync(join(agentTree, 'dirty.txt'), 'work in progress\n');
    const dirty = commit('b.txt');
    expect(dirty.status).toBe(0);
    expect(dirty.stderr).toContain(`claude-sessions: warning: 1 uncommitted change(s) in ${agentTree} (session claude-dev-repo-agent)`);
    expect(git(repo, 'log', '-1', '--format=%s').stdout.trim()).toBe('b.txt');
  });

  it('warns the same when git runs with no locale (env -i, as from a GUI or a cron job)', async () => {
    expect((await runCliCaptured(['git-hook', 'install', repo])).code).toBe(0);
    writeFileSync(join(agentTree, 'dirty.txt'), 'work in progress\n');
    writeFileSync(join(repo, 'g.txt'), 'g.txt\n');
    git(repo, 'add', 'g.txt');
    const kept = ['PATH', 'HOME', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'CLAUDE_SESSIONS_TMUX_SOCKET', RUN_VARIABLE];
    const env = kept.map((name) => `${name}=${process.env[name] ?? ''}`);
    const result = spawnSync('env', ['-i', ...env, 'git', '-C', repo, 'commit', '-q', '-m', 'g.txt'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`claude-sessions: warning: 1 uncommitted change(s) in ${agentTree} (session claude-dev-repo-agent)`);
  });

  it('--strict blocks the commit while there are such changes', async () => {
    expect((await runCliCaptured(['git-hook', 'install', repo, '--strict'])).code).toBe(0);
    writeFileSync(join(agentTree, 'dirty.txt'), 'work in progress\n');
    const blocked = commit('c.txt');
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('commit blocked');
    expect(git(repo, 'log', '-1', '--format=%s').stdout.trim()).not.toBe('c.txt');
    git(repo, 'reset', '-q');
  });

  it('gives no warning when the tmux server is not running', async () => {
    expect((await runCliCaptured(['git-hook', 'install', repo, '--strict'])).code).toBe(0);
    writeFileSync(join(agentTree, 'dirty.txt'), 'work in progress\n');
    process.env['CLAUDE_SESSIONS_TMUX_SOCKET'] = join(base, 'no-such-socket');
    try {
      const result = commit('d.txt');
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
    } finally {
      process.env['CLAUDE_SESSIONS_TMUX_SOCKET'] = server.socket;
    }
  });

  it('chains an existing hook once, respects its status, and uninstall restores it byte for byte', async () => {
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, EXISTING_HOOK);
    chmodSync(hook, 0o750);
    expect((await runCliCaptured(['git-hook', 'install', repo])).code).toBe(0);
    const second = await runCliCaptured(['git-hook', 'install', repo]);
    expect(second.stdout).toContain('updated');
    expect(readFileSync(join(repo, '.git', 'hooks', 'pre-commit.claude-sessions-original'), 'utf8')).toBe(EXISTING_HOOK);
    writeFileSync(join(agentTree, 'dirty.txt'), 'x\n');
    const result = commit('e.txt');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('claude-sessions: warning');
    expect(readFileSync(join(repo, 'marker'), 'utf8')).toBe('ran\n');

    writeFileSync(join(repo, '.git', 'hooks', 'pre-commit.claude-sessions-original'), '#!/bin/sh\nexit 3\n');
    expect(commit('f.txt').status).not.toBe(0);
    writeFileSync(join(repo, '.git', 'hooks', 'pre-commit.claude-sessions-original'), EXISTING_HOOK);
    git(repo, 'reset', '-q');

    const removed = await runCliCaptured(['git-hook', 'uninstall', repo]);
    expect(removed.stdout).toContain('restored');
    expect(readFileSync(hook, 'utf8')).toBe(EXISTING_HOOK);
    expect(statSync(hook).mode & 0o777).toBe(0o750);
    expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit.claude-sessions-original'))).toBe(false);
    rmSync(hook);
  });

  it('honours core.hooksPath, and uninstall removes ours when there was none', async () => {
    git(repo, 'config', 'core.hooksPath', '.githooks');
    try {
      expect((await runCliCaptured(['git-hook', 'install', repo])).code).toBe(0);
      expect(existsSync(join(repo, '.githooks', 'pre-commit'))).toBe(true);
      expect((await runCliCaptured(['git-hook', 'uninstall', repo])).code).toBe(0);
      expect(existsSync(join(repo, '.githooks', 'pre-commit'))).toBe(false);
    } finally {
      git(repo, 'config', '--unset', 'core.hooksPath');
    }
  });

  it('refuses a folder outside any repository', async () => {
    const result = await runCliCaptured(['git-hook', 'install', base]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not in a git repository');
  });
});
