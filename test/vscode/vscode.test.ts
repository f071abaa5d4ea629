// `claude-sessions vscode`: the attach task added to .vscode/tasks.json as JSONC, keeping
// comments, trailing commas and other tasks; once only; broken files left untouched.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';

const EXISTING = `{
  // Build things.
  "version": "2.0.0",
  "tasks": [
    {
      "label": "build", /* inline */
      "type": "npm",
      "script": "build",
    },
  ],
}
`;

let base: string;
let dir: string;
let file: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'claude-sessions-vscode-'));
  dir = join(base, "my proj's");
  mkdirSync(dir);
  file = join(dir, '.vscode', 'tasks.json');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function tasks(): Record<string, unknown>[] {
  return (parse(readFileSync(file, 'utf8')) as { tasks: Record<string, unknown>[] }).tasks;
}

describe('claude-sessions vscode', () => {
  it('creates the folder and file when missing', async () => {
    const result = await runCliCaptured(['vscode', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json['version']).toBe('2.0.0');
    expect(json['tasks']).toEqual([
      {
        label: 'Attach to Claude Session',
        type: 'shell',
        command: `'tmux' 'new-session' '-A' '-s' 'claude-dev-my proj'\\''s'`,
        presentation: { reveal: 'always', panel: 'dedicated' },
        problemMatcher: [],
      },
    ]);
  });

  it('keeps comments, trailing commas and the other task; running twice adds it once', async () => {
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(file, EXISTING);
    expect((await runCliCaptured(['vscode', dir])).code).toBe(0);
    const once = readFileSync(file, 'utf8');
    expect(once).toContain('// Build things.');
    expect(once).toContain('/* inline */');
    expect(once).toContain('"script": "build",\n');
    expect(once.startsWith(EXISTING.slice(0, EXISTING.indexOf('    },')))).toBe(true);
    expect(tasks().map((task) => task['label'])).toEqual(['build', 'Attach to Claude Session']);
    const again = await runCliCaptured(['vscode', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already in');
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('adds "tasks" when the file has none', async () => {
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(file, '{\n  // only a version\n  "version": "2.0.0"\n}\n');
    expect((await runCliCaptured(['vscode', dir])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('// only a version');
    expect(tasks()).toHaveLength(1);
  });

  it('refuses a file that is not JSONC, naming the line, and leaves it untouched', async () => {
    mkdirSync(join(dir, '.vscode'));
    const broken = '{\n  "version": "2.0.0",\n  "tasks": [ { "label": } ]\n}\n';
    writeFileSync(file, broken);
    const result = await runCliCaptured(['vscode', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3:`);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(readdirSync(join(dir, '.vscode'))).toEqual(['tasks.json']);
  });

  it('refuses a folder that does not exist', async () => {
    const result = await runCliCaptured(['vscode', join(base, 'missing')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no such folder');
  });
});
