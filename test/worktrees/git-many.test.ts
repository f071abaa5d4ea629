// One git command over many folders through a few shells: each folder's output back in order,
// whatever its name, and undefined where git fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitInFolders, splitFramed } from '../../src/worktrees/git-many.ts';

describe('git in many folders', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'claude-sessions-git-many-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each folder's output back in order, names with spaces, quotes, $() and newlines included", async () => {
    const names = ['plain', 'with space', "it's $(touch pwned)", 'new\nline', 'not-a-repo', 'gone', '-C'];
    const folders = names.map((name) => join(dir, name));
    for (const [index, folder] of folders.entries()) {
      if (names[index] === 'gone') continue;
      mkdirSync(folder);
      if (names[index] !== 'not-a-repo') spawnSync('git', ['init', '-q', folder]);
    }
    for (const shells of [1, 2, 3, 10]) {
      const outputs = await gitInFolders(folders, ['rev-parse', '--show-toplevel'], shells);
      expect(outputs).toEqual(names.map((name, index) => (name === 'not-a-repo' || name === 'gone' ? undefined : `${folders[index]}\n`)));
    }
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(await gitInFolders([], ['status'])).toEqual([]);
  });

  it('keeps NUL-separated output whole, and an empty output empty', async () => {
    const repo = join(dir, 'nul');
    spawnSync('git', ['init', '-q', repo]);
    for (const file of ['a', 'b c']) spawnSync('touch', [join(repo, file)]);
    const clean = join(dir, 'clean');
    spawnSync('git', ['init', '-q', clean]);
    expect(await gitInFolders([repo, clean], ['status', '--porcelain=v1', '-z'], 1)).toEqual(['?? a\0?? b c\0', '']);
  });

  it('reads a shell that stopped early as the runs it never reported failing', () => {
    expect(splitFramed('one\0tag 0\0two\0tag 1\0three', 'tag', 3)).toEqual(['one', undefined, undefined]);
    expect(splitFramed('', 'tag', 2)).toEqual([undefined, undefined]);
  });
});
