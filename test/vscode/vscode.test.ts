// `claude-sessions vscode`: the attach task added to .vscode/tasks.json as JSONC, keeping
// comments, trailing commas and other tasks; once only; broken files left untouched.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, testEnv } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

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
  // The CLI runs from sources here: say where the plugin (and its shim) is.
  process.env['CLAUDE_SESSIONS_ROOT'] = REPO_ROOT;
});
afterEach(() => {
  delete process.env['CLAUDE_SESSIONS_ROOT'];
  rmSync(base, { recursive: true, force: true });
});

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
        type: 'process',
        command: join(REPO_ROOT, 'scripts', 'claude-sessions'),
        args: ['new', '${workspaceFolder}'],
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

describe('the attach task in VS Code', () => {
  it("builds the opened folder's workspace through claude-sessions new and attaches the terminal to it", async () => {
    expect((await runCliCaptured(['vscode', dir])).code).toBe(0);
    const [task] = tasks();
    // VS Code's default server is the task's: a private one here, through TMUX_TMPDIR.
    const tmuxTmp = join(base, 'tmux-tmp');
    mkdirSync(tmuxTmp);
    const inner = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8', env: testEnv({ TMUX_TMPDIR: tmuxTmp }) }).stdout;
    const terminal = startTestServer();
    try {
      // The integrated terminal runs the task's process with ${workspaceFolder} substituted.
      const argv = [String(task?.['command']), ...(task?.['args'] as string[]).map((arg) => arg.replace('${workspaceFolder}', dir))];
      const command = ['env', '-u', 'TMUX', '-u', 'TMUX_PANE', `TMUX_TMPDIR=${tmuxTmp}`, ...argv].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
      terminal.tmux('new-session', '-d', '-s', 'vscode', '-x', '100', '-y', '30', command);
      const attached = await waitFor(() => inner('list-clients', '-F', '#{client_session}').trim(), (name) => name !== '');
      expect(attached).toBe("claude-dev-my proj's");
      expect(inner('list-sessions', '-F', '#{session_name}=#{@claude-sessions-template}').trim()).toBe("claude-dev-my proj's=generic");
    } finally {
      inner('kill-server');
      terminal.stop();
    }
  });
});
