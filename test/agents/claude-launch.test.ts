// How claude-sessions starts Claude: the typed command lines and the settings file with our hooks.
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookSettings } from '../../src/agents/claude-contract.ts';
import {
  claudeArgsOf,
  claudeLaunchCommand,
  claudeResumeCommand,
  ensureHookSettingsFile,
  shellWords,
} from '../../src/agents/claude-launch.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

const ID = '0f8c2d6e-6a53-4a43-9d7b-2b7b1e0c9a11';

describe('claudeLaunchCommand and claudeResumeCommand', () => {
  it("types the user's command as written, then a session id and our settings file", () => {
    expect(claudeLaunchCommand('claude --model opus', ID, '/s/claude-hooks.json')).toBe(
      `claude --model opus --session-id ${ID} --settings '/s/claude-hooks.json'`,
    );
  });

  it('resumes with --resume and the saved arguments, each one shell word', () => {
    expect(claudeResumeCommand('claude', ID, '/s/h.json', ['--model', 'opus', '--append-system-prompt', "be brief; it's fine"])).toBe(
      `claude --model opus --append-system-prompt 'be brief; it'\\''s fine' --resume ${ID} --settings '/s/h.json'`,
    );
  });

  it('quotes a settings path with a space and a quote so sh reads it back exactly', () => {
    const path = "/home/o'neil/my state/claude-hooks.json";
    const command = claudeLaunchCommand('claude', ID, path);
    expect(command).toBe(`claude --session-id ${ID} --settings '/home/o'\\''neil/my state/claude-hooks.json'`);
    expect(shellWords(command)).toEqual(['claude', '--session-id', ID, '--settings', path]);
  });
});

describe('claudeArgsOf', () => {
  it("keeps Claude's own arguments and drops the session flags a restore chooses anew", () => {
    const words = ['node', '/usr/lib/node_modules/.bin/claude', '--model', 'opus', '--session-id', ID, '--settings', '/s/h.json', '--continue', '--resume=x', '-c'];
    expect(claudeArgsOf(words)).toEqual(['--model', 'opus']);
  });

  it('finds nothing in a command line Claude replaced with its version', () => {
    expect(claudeArgsOf(['2.0.0'])).toBeUndefined();
  });
});

describe('ensureHookSettingsFile', () => {
  let saved: Record<string, string | undefined>;
  let state: string;
  beforeAll(() => {
    saved = { state: process.env['XDG_STATE_HOME'], root: process.env['CLAUDE_SESSIONS_ROOT'] };
    state = mkdtempSync(join(tmpdir(), 'cs-launch-state-'));
    process.env['XDG_STATE_HOME'] = state;
    process.env['CLAUDE_SESSIONS_ROOT'] = REPO_ROOT;
  });
  afterAll(() => {
    rmSync(state, { recursive: true, force: true });
    for (const [key, value] of [['XDG_STATE_HOME', saved['state']], ['CLAUDE_SESSIONS_ROOT', saved['root']]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('writes our hooks, and only them, to the state folder', () => {
    const path = ensureHookSettingsFile();
    expect(path).toBe(join(process.env['XDG_STATE_HOME'] ?? '', 'claude-sessions', 'claude-hooks.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ hooks: hookSettings(join(REPO_ROOT, 'scripts', 'claude-hook')) });
  });

  it('leaves the file alone when its content is already right, and rewrites it when the plugin moved', () => {
    const path = ensureHookSettingsFile();
    utimesSync(path, new Date(1_000_000), new Date(1_000_000));
    ensureHookSettingsFile();
    expect(statSync(path).mtimeMs).toBe(1_000_000);
    process.env['CLAUDE_SESSIONS_ROOT'] = '/opt/moved plugin';
    ensureHookSettingsFile();
    expect(statSync(path).mtimeMs).not.toBe(1_000_000);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ hooks: hookSettings('/opt/moved plugin/scripts/claude-hook') });
    process.env['CLAUDE_SESSIONS_ROOT'] = REPO_ROOT;
  });
});
