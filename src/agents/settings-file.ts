// Claude Code settings files on disk: where they are, read as strict JSON (errors with line
// and column), and written back atomically after a timestamped backup of the old text.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { describe, isObject, type Settings } from './settings-hooks.ts';
import { DomainError } from '../util/errors.ts';

// Which of Claude Code's settings files: the user's, the project's shared one, the project's local one.
export type SettingsScope = 'user' | 'project' | 'local';

export interface SettingsLocation {
  readonly scope: SettingsScope;
  readonly path: string;
}

// A settings file that cannot be read or used; the message names the file.
export class SettingsFileError extends DomainError {
  override name = 'SettingsFileError';
}

// The user's Claude folder: $CLAUDE_CONFIG_DIR when set (Claude Code reads it), else ~/.claude.
export function claudeConfigDir(): string {
  const configured = process.env['CLAUDE_CONFIG_DIR'];
  return configured ? resolve(configured) : join(process.env['HOME'] || homedir(), '.claude');
}

// The file one install or uninstall works on: the user's, or a project's (shared or local).
export function settingsLocation(project: string | undefined, local: boolean): SettingsLocation {
  if (project === undefined) return { scope: 'user', path: join(claudeConfigDir(), 'settings.json') };
  const name = local ? 'settings.local.json' : 'settings.json';
  return { scope: local ? 'local' : 'project', path: join(resolve(project), '.claude', name) };
}

// Every settings file Claude Code reads for hooks when started in `projectDir`, each path once.
export function settingsLocations(projectDir: string): SettingsLocation[] {
  const all = [settingsLocation(undefined, false), settingsLocation(projectDir, false), settingsLocation(projectDir, true)];
  return all.filter((location, index) => all.findIndex((other) => other.path === location.path) === index);
}

// The file's text (undefined when it does not exist) and its settings ({} when missing or blank).
export function readSettings(path: string): { text: string | undefined; settings: Settings } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined, settings: {} };
    throw new SettingsFileError(`${path}: cannot read: ${(error as Error).message}`);
  }
  return { text, settings: parseSettings(text, path) };
}

// Strict JSON holding an object; anything else is an error naming the file and the place.
export function parseSettings(text: string, path: string): Settings {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = jsonProblem(text);
    if (!problem) throw new SettingsFileError(`${path}: not valid JSON: ${(error as Error).message}`);
    const { line, column } = lineColumn(text, problem.offset);
    throw new SettingsFileError(`${path}:${line}:${column}: not valid JSON: ${problem.message}`);
  }
  if (!isObject(value)) throw new SettingsFileError(`${path}: holds ${describe(value)}, not a JSON object`);
  return value;
}

// Write `settings` to `path` (2-space JSON, trailing newline), keeping `previousText` in a
// backup beside it first; returns the backup's path. Follows a symlinked file to its target.
export function writeSettings(path: string, settings: Settings, previousText: string | undefined, now = new Date()): string | undefined {
  const existed = previousText !== undefined && existsSync(path);
  const target = existed ? realpathSync(path) : path;
  const mode = existed ? statSync(target).mode & 0o777 : undefined;
  let backup: string | undefined;
  if (previousText !== undefined) {
    backup = freeBackupPath(path, now);
    writeFileAtomic(backup, previousText);
  }
  // The user's Claude folder holds credentials too: private when we create it.
  if (!existed) mkdirSync(dirname(path), { recursive: true, mode: dirname(path) === claudeConfigDir() ? 0o700 : 0o777 });
  writeFileAtomic(target, `${JSON.stringify(settings, null, 2)}\n`);
  if (mode !== undefined) chmodSync(target, mode);
  return backup;
}

// PATH.bak-YYYYMMDDTHHMMSS in local time, with -2, -3... when that name is taken.
function freeBackupPath(path: string, now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}T${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  let candidate = `${path}.bak-${stamp}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${path}.bak-${stamp}-${n}`;
  return candidate;
}

// 1-based line and column of a character offset.
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

// Where strict JSON text first goes wrong, and what was expected there (undefined: it is valid).
// JSON.parse's own message has no position for some errors on Node 20, hence this scan.
export function jsonProblem(text: string): { offset: number; message: string } | undefined {
  let at = 0;
  const fail = (message: string): never => {
    const found = at >= text.length ? 'the end of the file' : JSON.stringify(text[at]);
    throw new JsonProblem(at, `${message}, found ${found}`);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] ?? '')) at++;
  };
  const expect = (char: string) => (text[at] === char ? at++ : fail(`expected '${char}'`));
  const string = () => {
    expect('"');
    for (;;) {
      const char = text[at];
      if (char === '"') return void at++;
      if (char === undefined || char < ' ') fail('expected the closing \'"\' of a string');
      if (char === '\\') {
        at++;
        if (text[at] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) at += 4;
        else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail('expected an escape (\\", \\\\, \\n, \\uXXXX...)');
      }
      at++;
    }
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '"') return string();
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      at++;
      space();
      if (text[at] === close) return void at++;
      for (;;) {
        if (close === '}') {
          space();
          if (text[at] !== '"') fail('expected a double-quoted property name');
          string();
          space();
          expect(':');
        }
        value();
        space();
        if (text[at] === close) return void at++;
        if (text[at] !== ',') fail(`expected ',' or '${close}'`);
        at++;
      }
    }
    const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    literal.lastIndex = at;
    if (!literal.test(text)) fail('expected a value');
    at = literal.lastIndex;
  };
  try {
    value();
    space();
    if (at < text.length) fail('expected the end of the file after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof JsonProblem) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}
