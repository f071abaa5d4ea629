// `claude-sessions hooks`: our hooks in Claude Code's settings files, for agents started by
// hand (claude-sessions' own launches pass them with --settings instead).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { setExitCode } from '../cli/errors.ts';
import { UserError } from '../util/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';
import { count } from './save.ts';

const ACTIONS = ['install', 'uninstall', 'status'] as const;

// hooks install|uninstall [--project DIR] [--local] | hooks status [--project DIR] [--json]
export const hooksCommand = defineCommand({
  name: 'hooks',
  description: "hooks install | uninstall | status: claude-sessions' hooks in Claude Code's settings (~/.claude/settings.json by default)",
  positionals: [{ name: 'action', required: true, description: `one of: ${ACTIONS.join(', ')}` }],
  options: {
    project: { type: 'string', valueName: 'dir', description: "use DIR/.claude/settings.json (status: the folder whose settings Claude reads; default .)" },
    local: { type: 'boolean', description: 'with --project: use DIR/.claude/settings.local.json (not shared through git)' },
    json: { ...JSON_OPTION, description: 'status: print JSON: shim {path, exists, executable}, files [{scope, path, exists, installed, events, missing, otherShims, error}]' },
  },
  async run({ values, positionals }) {
    const action = positionals[0];
    const project = values['project'] as string | undefined;
    const local = values['local'] === true;
    if (!(ACTIONS as readonly string[]).includes(action ?? '')) throw new UserError(`unknown hooks action '${action}' (one of: ${ACTIONS.join(', ')})`, 2);
    if (local && (project === undefined || action === 'status')) throw new UserError('--local goes with --project DIR, for install and uninstall', 2);
    if (values['json'] && action !== 'status') throw new UserError('--json is for hooks status', 2);
    if (project !== undefined && !isFolder(project)) throw new UserError(`--project ${project}: no such folder`);
    const { hookShimPath } = await import('../agents/plugin-paths.ts');
    const file = await import('../agents/settings-file.ts');
    const merge = await import('../agents/settings-hooks.ts');
    const shim = hookShimPath();
    // Errors about a file's contents name the file, and nothing is written.
    const inFile = <T>(path: string, step: () => T): T => {
      try {
        return step();
      } catch (error) {
        if (error instanceof file.SettingsFileError) throw new UserError(error.message);
        if (error instanceof merge.SettingsShapeError) throw new UserError(`${path}: ${error.message}`);
        throw error;
      }
    };

    if (action === 'status') return status(resolve(project ?? '.'), shim, Boolean(values['json']));
    const { path } = file.settingsLocation(project, local);
    const { text, settings } = inFile(path, () => file.readSettings(path));
    if (action === 'install') {
      const result = inFile(path, () => merge.installHooks(settings, shim));
      const shimState = shimStatus(shim);
      if (!shimState.executable) writeErr(`claude-sessions: note: the hook shim ${shim} ${shimState.exists ? 'is not executable' : 'does not exist'} yet\n`);
      if (!result.changed) return void writeOut(`claude-sessions hooks already installed in ${path}\n`);
      const backup = file.writeSettings(path, result.settings, text);
      const replaced = result.removed > 0 ? `, replacing ${count(result.removed, 'old hook')} of ours` : '';
      writeOut(`installed claude-sessions hooks for ${count(result.added.length, 'event')} in ${path}${replaced}${backupNote(backup)}\n`);
      return;
    }
    const result = inFile(path, () => merge.uninstallHooks(settings));
    if (!result.changed) return void writeOut(`no claude-sessions hooks in ${path}: nothing to remove\n`);
    const backup = file.writeSettings(path, result.settings, text);
    writeOut(`removed ${count(result.removed, 'claude-sessions hook')} from ${path}${backupNote(backup)}\n`);
  },
});

// Per settings file Claude reads in `projectDir`: are our hooks there for every event; and is the shim usable.
async function status(projectDir: string, shim: string, json: boolean): Promise<void> {
  const file = await import('../agents/settings-file.ts');
  const merge = await import('../agents/settings-hooks.ts');
  const files = file.settingsLocations(projectDir).map(({ scope, path }) => {
    try {
      const { text, settings } = file.readSettings(path);
      const inspection = merge.inspectHooks(settings, shim);
      const { installed, missing, otherShims } = inspection;
      return { scope, path, exists: text !== undefined, installed: missing.length === 0, events: installed, missing, otherShims, error: null };
    } catch (error) {
      if (!(error instanceof file.SettingsFileError || error instanceof merge.SettingsShapeError)) throw error;
      const message = error instanceof file.SettingsFileError ? error.message : `${path}: ${error.message}`;
      return { scope, path, exists: true, installed: false, events: null, missing: null, otherShims: null, error: message };
    }
  });
  if (files.some((entry) => entry.error !== null)) setExitCode(1);
  const shimState = { path: shim, ...shimStatus(shim) };
  if (json) return printJson({ shim: shimState, files });
  const shimNote = shimState.executable ? 'ok' : shimState.exists ? 'NOT EXECUTABLE' : 'MISSING';
  writeOut(`hook shim  ${shim}: ${shimNote}\n`);
  for (const entry of files) {
    const state =
      entry.error !== null
        ? `error: ${entry.error}`
        : !entry.exists
          ? 'no file'
          : entry.installed
            ? `installed (${count(entry.events?.length ?? 0, 'event')})`
            : entry.events?.length
              ? `partly installed, missing: ${entry.missing?.join(', ')}`
              : 'not installed';
    writeOut(`${entry.scope.padEnd(9)}  ${entry.path}: ${state}\n`);
    for (const other of entry.otherShims ?? []) writeOut(`${''.padEnd(9)}  also hooks of ours at ${other} (run hooks install again to replace them)\n`);
  }
  const installedIn = files.filter((entry) => entry.installed).length;
  if (installedIn > 1) writeOut(`note: installed in ${installedIn} files; Claude Code runs every copy, so each event runs the hook ${installedIn} times\n`);
}

function shimStatus(shim: string): { exists: boolean; executable: boolean } {
  if (!existsSync(shim)) return { exists: false, executable: false };
  try {
    accessSync(shim, constants.X_OK);
    return { exists: true, executable: statSync(shim).isFile() };
  } catch {
    return { exists: true, executable: false };
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function backupNote(backup: string | undefined): string {
  return backup === undefined ? '' : ` (backup: ${backup})`;
}
