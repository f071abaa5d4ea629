// Installing the pre-commit hook (scripts/pre-commit-hook.sh) into a repository's hooks
// folder: copied with its settings written in, an existing hook chained, not replaced.
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { runProgram } from '../programs/run.ts';
import { shellQuote } from '../util/shell-words.ts';

// The line that marks a pre-commit hook as ours.
export const HOOK_MARKER = '# claude-sessions pre-commit hook';
// Where a pre-commit hook that was there before ours is kept (and run from ours).
export const ORIGINAL_NAME = 'pre-commit.claude-sessions-original';
const SETTINGS_MARKER = '# claude-sessions:settings';

// Settings written into the installed copy.
export interface HookSettings {
  readonly prefix: string;
  readonly strict: boolean;
  /** The script the copy came from, recorded for whoever reads the hook. */
  readonly source: string;
}

// The hooks folder git runs hooks from (core.hooksPath honoured), absolute.
export function hooksDir(repo: string): string {
  const result = runProgram('git', ['-C', repo, 'rev-parse', '--git-path', 'hooks']);
  if (result.error) throw new UserError(`git-hook: could not run git: ${result.error.message}`);
  if (result.status !== 0) throw new UserError(`git-hook: ${repo} is not in a git repository (${result.stderr.trim()})`);
  return resolve(repo, result.stdout.replace(/\n$/, ''));
}

// The hook script with its settings block replaced by fixed, quoted values.
export function hookText(template: string, settings: HookSettings): string {
  const lines = template.split('\n');
  const at = lines.indexOf(SETTINGS_MARKER);
  if (at < 0 || !lines[1]?.startsWith(HOOK_MARKER)) throw new Error(`${settings.source}: not the claude-sessions hook template`);
  const end = lines.indexOf('', at);
  const fixed = [
    SETTINGS_MARKER,
    `CS_SOURCE=${shellQuote(settings.source)}`,
    `CS_PREFIX=${shellQuote(settings.prefix)}`,
    `CS_STRICT=${settings.strict ? 1 : 0}`,
  ];
  return [...lines.slice(0, at), ...fixed, ...lines.slice(end)].join('\n');
}

function isOurs(file: string): boolean {
  return existsSync(file) && readFileSync(file, 'utf8').split('\n', 3)[1]?.startsWith(HOOK_MARKER) === true;
}

// What install did.
export interface InstallOutcome {
  readonly hook: string;
  /** Where the hook that was there before now is, when there was one. */
  readonly chained: string | undefined;
  /** Ours was there already (rewritten with the settings given). */
  readonly updated: boolean;
}

// Install (or refresh) our hook in dir; a foreign pre-commit hook is moved aside and chained.
export function installHook(dir: string, text: string): InstallOutcome {
  const hook = join(dir, 'pre-commit');
  const original = join(dir, ORIGINAL_NAME);
  const updated = isOurs(hook);
  if (!updated && existsSync(hook)) {
    if (existsSync(original)) throw new UserError(`git-hook: both ${hook} (not ours) and ${original} exist; move one away first`);
    renameSync(hook, original);
  }
  const temp = join(dir, `.pre-commit.${process.pid}.tmp`);
  writeFileSync(temp, text, { mode: 0o755 });
  chmodSync(temp, 0o755);
  renameSync(temp, hook);
  return { hook, chained: existsSync(original) ? original : undefined, updated };
}

// Remove our hook from dir and put the chained one back as it was; false when ours is not there.
export function uninstallHook(dir: string): { removed: boolean; restored: string | undefined } {
  const hook = join(dir, 'pre-commit');
  const original = join(dir, ORIGINAL_NAME);
  if (!isOurs(hook)) return { removed: false, restored: undefined };
  if (existsSync(original)) {
    renameSync(original, hook);
    return { removed: true, restored: hook };
  }
  rmSync(hook);
  return { removed: true, restored: undefined };
}
