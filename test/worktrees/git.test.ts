import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aheadBehind, git, gitTopLevel, listWorktrees, mainWorktree, parseWorktreeList, uncommittedChanges } from '../../src/worktrees/git.ts';

describe('parseWorktreeList', () => {
  it('reads branches, a detached head, a bare repository and flags, with any character in a path', () => {
    const output = [
      'worktree /p/main repo', 'HEAD abc', 'branch refs/heads/main', '',
      'worktree /p/main repo/.worktrees/x\nnewline', 'HEAD def', 'detached', 'locked reason', '',
      'worktree /p/bare', 'bare', '',
      'worktree /p/gone', 'HEAD 123', 'branch refs/heads/feat/a', 'prunable gitdir file points to non-existent location', '',
    ].join('\0');
    expect(parseWorktreeList(output)).toEqual([
      { path: '/p/main repo', head: 'abc', branch: 'main', detached: false, bare: false, locked: false, prunable: false },
      { path: '/p/main repo/.worktrees/x\nnewline', head: 'def', branch: undefined, detached: true, bare: false, locked: true, prunable: false },
      { path: '/p/bare', head: '', branch: undefined, detached: false, bare: true, locked: false, prunable: false },
      { path: '/p/gone', head: '123', branch: 'feat/a', detached: false, bare: false, locked: false, prunable: true },
    ]);
  });
});

describe('git facts from a real repository', () => {
  let dir: string;
  let repo: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-git-'));
    repo = join(dir, 'my repo');
    process.env['GIT_CONFIG_NOSYSTEM'] = '1';
    git(dir, ['init', '-q', '-b', 'main', repo]);
    git(repo, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'init']);
    git(repo, ['worktree', 'add', '-q', '-b', 'feat', join(repo, '.worktrees', 'feat')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the top folder and the main worktree from inside a worktree; refuses a folder outside git', () => {
    const feat = join(repo, '.worktrees', 'feat');
    expect(gitTopLevel(feat)).toBe(feat);
    expect(mainWorktree(feat)).toBe(repo);
    expect(listWorktrees(repo).map((worktree) => worktree.branch)).toEqual(['main', 'feat']);
    expect(() => gitTopLevel(dir)).toThrow(`not a git repository: ${dir}`);
  });

  it('tells uncommitted changes and commits ahead of a base', () => {
    const feat = join(repo, '.worktrees', 'feat');
    expect(uncommittedChanges(feat)).toEqual([]);
    writeFileSync(join(feat, 'new file.txt'), 'x');
    expect(uncommittedChanges(feat)).toEqual(['?? new file.txt']);
    git(feat, ['add', '.']);
    git(feat, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'work']);
    expect(aheadBehind(feat, 'main')).toEqual({ ahead: 1, behind: 0 });
    expect(aheadBehind(feat, 'no-such-ref')).toBeUndefined();
    git(feat, ['mv', 'new file.txt', 'renamed.txt']);
    expect(uncommittedChanges(feat)).toEqual(['R  renamed.txt']);
  });
});
