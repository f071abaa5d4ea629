// Which project a worktree command is about: the main worktree of --project (a folder, or a
// name looked up like `switch` does) or of the current folder, and its workspace session.
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { sessionNameFor } from '../workspace/session-name.ts';
import { optionValue, type EffectiveOptions } from '../options/read.ts';
import { listWorkspaceSessions, type WorkspaceSession } from '../workspace/sessions.ts';
import { TmuxError, type TmuxClient } from '../tmux/index.ts';
import { existingFolder, findProject, looksLikePath, projectName } from '../workspace/project.ts';
import { mainWorktree } from './git.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

// A project as the worktree commands see it.
export interface WorktreeProject {
  /** The main worktree's folder. */
  readonly dir: string;
  readonly name: string;
  /** The session its workspace would have. */
  readonly sessionName: string;
  /** Its workspace session (the one named sessionName, for this folder), when open. */
  readonly session: WorkspaceSession | undefined;
  /** The folder of the session named sessionName when that is another project's workspace (same folder name elsewhere). */
  readonly otherFolder?: string | undefined;
  readonly options: EffectiveOptions;
}

// The project of --project (or of cwd), its main worktree and its workspace session.
export async function resolveWorktreeProject(client: TmuxClient, project: string | undefined, cwd = process.cwd()): Promise<WorktreeProject> {
  const { options, sessions } = await listWorkspaceSessions(client);
  const prefix = optionValue(options, USER_OPTIONS.prefix);
  const folder = projectFolder(project, cwd, options, sessions);
  const dir = mainWorktree(folder);
  const sessionName = sessionNameFor(projectName(dir), prefix);
  // The workspace is the session of exactly that name: another session in the same folder
  // (a hand-made claude-dev-scratch, say) is not it, however its name sorts.
  const named = sessions.find((candidate) => candidate.name === sessionName);
  if (named && !existsSync(named.projectDir)) throw deletedFolder(named);
  const session = named && sameFolder(named.projectDir, dir) ? named : undefined;
  const otherFolder = named && session === undefined ? named.projectDir : undefined;
  return { dir, name: projectName(dir), sessionName, session, otherFolder, options };
}

function projectFolder(project: string | undefined, cwd: string, options: EffectiveOptions, sessions: readonly WorkspaceSession[]): string {
  const path = project === undefined ? cwd : looksLikePath(project) ? resolve(cwd, project) : undefined;
  if (path !== undefined) {
    const gone = sessions.find((session) => session.projectDir === path && !existsSync(path));
    if (gone) throw deletedFolder(gone);
    return existingFolder(path);
  }
  const name = project as string;
  try {
    return findProject(name, optionValue(options, USER_OPTIONS.projectsDir), cwd);
  } catch (error) {
    // Not in the projects folders: a workspace of that name knows its folder.
    const wanted = sessionNameFor(name, optionValue(options, USER_OPTIONS.prefix));
    const session = sessions.find((candidate) => candidate.name === wanted || candidate.name === name);
    if (session === undefined) throw error;
    if (!existsSync(session.projectDir)) throw deletedFolder(session);
    return session.projectDir;
  }
}

function deletedFolder(session: WorkspaceSession): UserError {
  return new UserError(`the project folder of session ${session.name} no longer exists: ${session.projectDir}`);
}

function sameFolder(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

// The current folder of pane PANE (its %id, as a key passes #{pane_id}), as an absolute path.
export async function paneFolder(client: TmuxClient, pane: string): Promise<string> {
  if (!/^%[0-9]+$/.test(pane)) throw new UserError(`not a pane id: ${JSON.stringify(pane)} (expected %N, as #{pane_id} gives)`, 2);
  const [record] = await client
    .list({ command: ['display-message', '-p', '-t', pane], fields: { dir: '#{pane_current_path}' }, formatLast: true })
    .catch((error: unknown) => {
      if (error instanceof TmuxError) throw new UserError(`pane ${pane} is gone, so its project is unknown`);
      throw error;
    });
  if (record === undefined || !record.dir.startsWith('/')) throw new UserError(`tmux does not know the folder of pane ${pane}`);
  return record.dir;
}
