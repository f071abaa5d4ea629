// How claude-sessions starts Claude in a pane: the user's command plus a session id we
// choose and a settings file of our own holding the hooks, so the user's settings are
// never edited; and which of a running Claude's arguments a save keeps for its resume.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { shellQuote, shellWord, splitShellWords } from '../util/shell-words.ts';
import { stateDir } from '../util/state-dir.ts';
import { CLAUDE_FLAGS, hookSettings } from './claude-contract.ts';
import { hookShimPath } from './plugin-paths.ts';

// The settings file every Claude we start gets with --settings.
export const HOOK_SETTINGS_FILE = 'claude-hooks.json';

// Write $XDG_STATE_HOME/claude-sessions/claude-hooks.json (our hooks, nothing else) when its
// content differs from what is there; returns its path.
export function ensureHookSettingsFile(): string {
  const dir = stateDir();
  const path = join(dir, HOOK_SETTINGS_FILE);
  const text = `${JSON.stringify({ hooks: hookSettings(hookShimPath()) }, null, 2)}\n`;
  if (readOr(path) === text) return path;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(path, text);
  return path;
}

// A new conversation id for `--session-id`.
export function newSessionId(): string {
  return randomUUID();
}

// `BASE [ARGS] --session-id ID --settings 'FILE'`: BASE typed as the user wrote it.
export function claudeLaunchCommand(base: string, sessionId: string, settingsFile: string, extraArgs: readonly string[] = []): string {
  return [base, ...extraArgs.map(shellWord), CLAUDE_FLAGS.sessionId, shellWord(sessionId), CLAUDE_FLAGS.settings, shellQuote(settingsFile)].join(' ');
}

// `BASE [ARGS] --resume ID --settings 'FILE'`.
export function claudeResumeCommand(base: string, sessionId: string, settingsFile: string, savedArgs: readonly string[] = []): string {
  return [base, ...savedArgs.map(shellWord), CLAUDE_FLAGS.resume, shellWord(sessionId), CLAUDE_FLAGS.settings, shellQuote(settingsFile)].join(' ');
}

// Flags a save drops from Claude's arguments: a restore chooses them anew.
const VALUE_FLAGS: ReadonlySet<string> = new Set([CLAUDE_FLAGS.sessionId, CLAUDE_FLAGS.resume, '-r', CLAUDE_FLAGS.settings]);
const BARE_FLAGS: ReadonlySet<string> = new Set(['--continue', '-c']);

// The arguments after the `claude` word (a path ending in /claude counts) without the
// session flags; undefined when no word is `claude`.
export function claudeArgsOf(words: readonly string[]): string[] | undefined {
  const at = words.findIndex((word) => basename(word) === 'claude');
  if (at < 0) return undefined;
  const args: string[] = [];
  for (let i = at + 1; i < words.length; i++) {
    const word = words[i] ?? '';
    const name = word.startsWith('--') && word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    if (VALUE_FLAGS.has(name)) {
      if (name === word) i++;
    } else if (!BARE_FLAGS.has(word)) args.push(word);
  }
  return args;
}

// The words of a shell command line as sh would split it: quotes and backslashes honoured,
// nothing expanded.
export function shellWords(text: string): string[] {
  return splitShellWords(text).words;
}



function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
