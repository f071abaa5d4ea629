// What a save keeps beyond tmux-resurrect's lines, for its sidecar: each workspace
// session's folder, template and environment, and each pane's role and launch command.
// The agents capability adds Claude conversation ids to PaneExtras.
import { randomBytes } from 'node:crypto';
import { claudeArgsOf, shellWords } from '../agents/claude-launch.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { isRestoreWrapper } from './pane-contents.ts';

// A session's own settings that a restore gives back.
export interface SessionExtras {
  readonly name: string;
  /** @claude-sessions-project-dir, for workspace sessions. */
  readonly projectDir?: string;
  /** @claude-sessions-template, for workspace sessions. */
  readonly template?: string;
  /** The session's own environment (show-environment -t), for workspace sessions. */
  readonly environment?: Readonly<Record<string, string>>;
}

// A pane's settings beyond its resurrect line, addressed as in that line.
export interface PaneExtras {
  readonly session: string;
  readonly window: number;
  readonly pane: number;
  /** @claude-sessions-role (claude, editor, git, ...). */
  readonly role?: string;
  /** #{pane_start_command}: what the pane was started with, when not a plain shell. */
  readonly startCommand?: string;
  /** The Claude conversation running in the pane, for `claude --resume` on restore. */
  readonly claude?: ClaudeExtras;
  /** The exact arguments of the pane's program (its line holds them joined by spaces). */
  readonly argv?: readonly string[];
  /** @claude-sessions-history-id: the pane's own command history, given back by a restore. */
  readonly historyId?: string;
}

// A pane's Claude conversation: which one, where, and the arguments Claude was started with.
export interface ClaudeExtras {
  /** @claude-session-id. */
  readonly sessionId: string;
  /** #{pane_current_path}. */
  readonly cwd: string;
  /** Claude's arguments without the session flags (--session-id, --resume, --settings, --continue). */
  readonly args: readonly string[];
  /** @claude-transcript-path: the conversation can be resumed only while this file exists. */
  readonly transcriptPath?: string;
}

// A window's own settings beyond its resurrect line, addressed as in that line.
export interface WindowExtras {
  readonly session: string;
  readonly window: number;
  /** @claude-sessions-worktree: the worktree a `worktree add` window works in. */
  readonly worktree?: string;
}

// The program running in a pane: its command line, and its exact arguments when known.
export interface PaneProgram {
  readonly args: string;
  readonly argv?: readonly string[];
}

// Everything a save keeps in its sidecar besides exact records.
export interface ServerExtras {
  readonly sessions: readonly SessionExtras[];
  readonly panes: readonly PaneExtras[];
  /** Absent in sidecars and bundles of older versions. */
  readonly windows?: readonly WindowExtras[];
}

export const NO_EXTRAS: ServerExtras = { sessions: [], panes: [] };

// The environment of each session (by id), read in one tmux call; variables tmux marks
// as removed are left out. Read in -s form: a value may hold newlines (a PEM key), and only
// the quoted form tells its lines from the next variable's.
export async function readSessionEnvironments(client: TmuxClient, sessionIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  if (sessionIds.length === 0) return found;
  const tag = `claude-sessions-env-${randomBytes(6).toString('hex')} `;
  const output = await client.batch(sessionIds.flatMap((id) => [['display-message', '-p', `${tag}${id}`], ['show-environment', '-s', '-t', id]]));
  const chunks = output.split(new RegExp(`^${tag}`, 'm')).slice(1);
  for (const chunk of chunks) {
    const newline = chunk.indexOf('\n');
    found.set(newline === -1 ? chunk : chunk.slice(0, newline), parseShellEnvironment(newline === -1 ? '' : chunk.slice(newline + 1)));
  }
  return found;
}

// `show-environment -s` output (`NAME="value"; export NAME;`, `unset NAME;`) to NAME -> value;
// tmux escapes $ ` " and \ in the value with a backslash.
export function parseShellEnvironment(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const match of text.matchAll(/^([^=\n]+)="((?:[^"\\]|\\[\s\S])*)"; export [^\n]*;$/gm)) {
    variables[match[1] as string] = (match[2] as string).replace(/\\([\s\S])/g, '$1');
  }
  return variables;
}

// The fields of a listed session and pane that extras come from (snapshot.ts reads them).
export interface ExtrasSession {
  readonly id: string;
  readonly name: string;
  readonly projectDir: string;
  readonly template: string;
}
export interface ExtrasPane {
  readonly session: string;
  readonly windowIndex: string;
  readonly index: string;
  readonly pid: string;
  readonly path: string;
  readonly role: string;
  readonly startCommand: string;
  readonly claudeSessionId: string;
  readonly claudeState: string;
  readonly claudeTranscript: string;
  readonly claudeLaunch: string;
  readonly historyId: string;
}

// Workspace sessions keep their folder, template and environment; panes their role and launch command.
export async function readExtras(
  client: TmuxClient,
  sessions: readonly ExtrasSession[],
  panes: readonly ExtrasPane[],
  programOf: (pid: number) => PaneProgram | undefined,
): Promise<ServerExtras> {
  const workspaces = sessions.filter((session) => session.projectDir !== '');
  const environments = await readSessionEnvironments(
    client,
    workspaces.map((session) => session.id),
  ).catch(() => new Map<string, Record<string, string>>());
  const sessionExtras: SessionExtras[] = workspaces.map((session) => ({
    name: session.name,
    projectDir: session.projectDir,
    ...(session.template ? { template: session.template } : {}),
    ...(environments.has(session.id) ? { environment: environments.get(session.id) } : {}),
  }));
  const paneExtras: PaneExtras[] = panes.flatMap((pane) => {
    const claude = claudeOf(pane, programOf);
    const argv = programOf(Number(pane.pid))?.argv;
    const startCommand = isRestoreWrapper(pane.startCommand) ? '' : pane.startCommand;
    if (pane.role === '' && startCommand === '' && claude === undefined && argv === undefined && pane.historyId === '') return [];
    return [
      {
        session: pane.session,
        window: Number(pane.windowIndex),
        pane: Number(pane.index),
        ...(pane.role ? { role: pane.role } : {}),
        ...(startCommand ? { startCommand } : {}),
        ...(claude ? { claude } : {}),
        ...(argv ? { argv } : {}),
        ...(pane.historyId ? { historyId: pane.historyId } : {}),
      },
    ];
  });
  return { sessions: sessionExtras, panes: paneExtras };
}

// The pane's Claude conversation, unless none was started there or Claude has exited.
// Arguments come from the process's command line, else (Claude replaces it with its
// version) from the command the workspace started it with.
function claudeOf(pane: ExtrasPane, programOf: (pid: number) => PaneProgram | undefined): ClaudeExtras | undefined {
  if (pane.claudeSessionId === '' || pane.claudeState === 'exited') return undefined;
  const program = programOf(Number(pane.pid));
  const words = program?.argv ?? program?.args.split(/\s+/) ?? [];
  const args = claudeArgsOf(words) ?? claudeArgsOf(shellWords(pane.claudeLaunch)) ?? [];
  return {
    sessionId: pane.claudeSessionId,
    cwd: pane.path,
    args,
    ...(pane.claudeTranscript ? { transcriptPath: pane.claudeTranscript } : {}),
  };
}


// The fields of a listed window that window extras come from (snapshot.ts reads them).
export interface ExtrasWindow {
  readonly session: string;
  readonly index: string;
  readonly worktree: string;
}

// Worktree windows keep their marker, so ls, rm and health still know them after a restore.
export function windowExtrasOf(windows: readonly ExtrasWindow[]): WindowExtras[] {
  return windows.filter((window) => window.worktree !== '').map((window) => ({ session: window.session, window: Number(window.index), worktree: window.worktree }));
}

// Lookups by address, indexed once per list: a restore of a thousand panes asks for each
// pane's extras, and a search of the whole list each time cost a million comparisons.
const paneIndexes = new WeakMap<readonly PaneExtras[], Map<string, PaneExtras>>();
const windowIndexes = new WeakMap<readonly WindowExtras[], Map<string, WindowExtras>>();
const sessionIndexes = new WeakMap<readonly SessionExtras[], Map<string, SessionExtras>>();

// The extras of the pane at this address (the first listed, as a search would find).
export function paneExtrasAt(extras: ServerExtras, session: string, window: number, pane: number): PaneExtras | undefined {
  return indexed(paneIndexes, extras.panes, (entry) => addressKey(entry.session, entry.window, entry.pane)).get(addressKey(session, window, pane));
}

// The extras of the window at this address.
export function windowExtrasAt(extras: ServerExtras, session: string, window: number): WindowExtras | undefined {
  if (extras.windows === undefined) return undefined;
  return indexed(windowIndexes, extras.windows, (entry) => addressKey(entry.session, entry.window)).get(addressKey(session, window));
}

// The extras of the session of this name.
export function sessionExtrasNamed(extras: ServerExtras, name: string): SessionExtras | undefined {
  return indexed(sessionIndexes, extras.sessions, (entry) => entry.name).get(name);
}

function indexed<T>(cache: WeakMap<readonly T[], Map<string, T>>, list: readonly T[], keyOf: (entry: T) => string): Map<string, T> {
  let index = cache.get(list);
  if (index === undefined) {
    index = new Map();
    for (const entry of list) if (!index.has(keyOf(entry))) index.set(keyOf(entry), entry);
    cache.set(list, index);
  }
  return index;
}

// Names may hold any character: JSON keeps the parts apart.
function addressKey(session: string, ...numbers: number[]): string {
  return JSON.stringify([session, ...numbers]);
}
