// Finding a project's folder from what the user typed: a path, or a name looked up in
// the projects folders.
import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';

// What separates the folders of @claude-sessions-projects-dir (scripts/key-paths.sh gets it from the build).
export const PROJECTS_DIR_SEPARATOR = ':';

// The projects folders of @claude-sessions-projects-dir ("a:b", "~" expanded).
export function projectsDirs(option: string): string[] {
  return option
    .split(PROJECTS_DIR_SEPARATOR)
    .map((dir) => dir.trim())
    .filter(Boolean)
    .map((dir) => (dir === '~' || dir.startsWith('~/') ? join(homedir(), dir.slice(1)) : dir));
}

// True when text names a folder by path rather than a project by name.
export function looksLikePath(text: string): boolean {
  return text === '.' || text === '..' || text.includes('/') || isAbsolute(text);
}

// The real path of an existing folder, or a UserError that says what is wrong.
export function existingFolder(path: string): string {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UserError(`Project directory not found: ${path}`);
  }
  if (!stats.isDirectory()) throw new UserError(`not a folder: ${path}`);
  return realpathSync(path);
}

// A project folder from a path, or from a name in the projects folders (first match).
export function findProject(argument: string | undefined, projectsOption: string, cwd = process.cwd()): string {
  if (argument === undefined || argument === '') return existingFolder(cwd);
  if (looksLikePath(argument)) return existingFolder(resolve(cwd, argument));
  const dirs = projectsDirs(projectsOption);
  for (const dir of dirs) {
    const candidate = join(dir, argument);
    try {
      if (statSync(candidate).isDirectory()) return realpathSync(candidate);
    } catch {
      // not in this projects folder
    }
  }
  const where = dirs.length > 0 ? dirs.map((dir) => join(dir, argument)).join(', ') : `(no projects folders set)`;
  throw new UserError(`Project directory not found: ${where}`);
}

// The project name of a folder: its base name.
export function projectName(projectDir: string): string {
  return basename(projectDir);
}
