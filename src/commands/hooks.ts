// `claude-sessions hooks`: our hooks in Claude Code's settings files, for agents started by
// hand (claude-sessions' own launches pass them with --settings instead).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { hookShimPath } from '../agents/plugin-paths.ts';
import { readSettings, SettingsFileError, settingsLocation, settingsLocations, writeSettings } from '../agents/settings-file.ts';
import { inspectHooks, installHooks, SettingsShapeError, uninstallHooks } from '../agents/settings-hooks.ts';
import { defineCommand, defineGroup, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { count, printJson } from './context.ts';

// --project DIR, which every hooks command takes.
const PROJECT_OPTION = { type: 'string', valueName: 'dir', description: 'use DIR/.claude/settings.json' } as const;
const LOCAL_OPTION = { type: 'boolean', description: 'with --project: use DIR/.claude/settings.local.json (not shared through git)' } as const;

// hooks install|uninstall [--project DIR] [--local]: add our hooks to one settings file, or take them out.
function editCommand(action: 'install' | 'uninstall', description: string) {
  return defineCommand({
    description,
    options: { project: PROJECT_OPTION, local: LOCAL_OPTION },
    run({ values: { project, local } }) {
      if (local && project === undefined) throw new UserError('--local goes with --project DIR, for install and uninstall', 2);
      checkFolder(project);
      const shim = hookShimPath();
      const { path } = settingsLocation(project, local === true);
      const { text, settings } = inFile(path, () => readSettings(path));
      if (action === 'install') {
        const result = inFile(path, () => installHooks(settings, shim));
        const shimState = shimStatus(shim);
        if (!shimState.executable) writeErr(`claude-sessions: note: the hook shim ${shim} ${shimState.exists ? 'is not executable' : 'does not exist'} yet\n`);
        if (!result.changed) return void writeOut(`claude-sessions hooks already installed in ${path}\n`);
        const backup = writeSettings(path, result.settings, text);
        const replaced = result.removed > 0 ? `, replacing ${count(result.removed, 'old hook')} of ours` : '';
        writeOut(`installed claude-sessions hooks for ${count(result.added.length, 'event')} in ${path}${replaced}${backupNote(backup)}\n`);
        return;
      }
      const result = inFile(path, () => uninstallHooks(settings));
      if (!result.changed) return void writeOut(`no claude-sessions hooks in ${path}: nothing to remove\n`);
      const backup = writeSettings(path, result.settings, text);
      writeOut(`removed ${count(result.removed, 'claude-sessions hook')} from ${path}${backupNote(backup)}\n`);
    },
  });
}

// hooks status [--project DIR] [--json]
const statusCommand = defineCommand({
  description: 'per settings file Claude Code reads in a folder: are our hooks there for every event; is the hook shim usable (exit 1 when a file cannot be read)',
  options: {
    project: { ...PROJECT_OPTION, description: 'the folder whose settings Claude reads (default .)' },
    json: { ...JSON_OPTION, description: 'print JSON: shim {path, exists, executable}, files [{scope, path, exists, installed, events, missing, otherShims, error}]' },
  },
  run({ values: { project, json } }) {
    checkFolder(project);
    return status(resolve(project ?? '.'), hookShimPath(), json === true);
  },
});

// hooks install | uninstall | status
export const hooksCommand = defineGroup({
  subcommands: {
    install: editCommand('install', "add claude-sessions' hooks to ~/.claude/settings.json (or the project's settings), keeping everything else"),
    uninstall: editCommand('uninstall', "take claude-sessions' hooks out of ~/.claude/settings.json (or the project's settings)"),
    status: statusCommand,
  },
});

function checkFolder(project: string | undefined): void {
  if (project !== undefined && !isFolder(project)) throw new UserError(`--project ${project}: no such folder`);
}

// Errors about a file's contents name the file, and nothing is written.
function inFile<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof SettingsShapeError) throw new UserError(`${path}: ${error.message}`);
    throw error;
  }
}

// Per settings file Claude reads in `projectDir`: are our hooks there for every event; and is the shim usable.
function status(projectDir: string, shim: string, json: boolean): number {
  const files = settingsLocations(projectDir).map(({ scope, path }) => {
    try {
      const { text, settings } = readSettings(path);
      const inspection = inspectHooks(settings, shim);
      const { installed, missing, otherShims } = inspection;
      return { scope, path, exists: text !== undefined, installed: missing.length === 0, events: installed, missing, otherShims, error: null };
    } catch (error) {
      if (!(error instanceof SettingsFileError || error instanceof SettingsShapeError)) throw error;
      const message = error instanceof SettingsFileError ? error.message : `${path}: ${error.message}`;
      return { scope, path, exists: true, installed: false, events: null, missing: null, otherShims: null, error: message };
    }
  });
  const code = files.some((entry) => entry.error !== null) ? 1 : 0;
  const shimState = { path: shim, ...shimStatus(shim) };
  if (json) {
    printJson({ shim: shimState, files });
    return code;
  }
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
  return code;
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
