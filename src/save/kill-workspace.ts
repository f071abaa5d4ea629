// Killing a workspace so that it can come back: first a one-session save with its pane
// contents (as `save --session` writes it; `last` is left alone, so later saves cannot move
// it out of reach), then each pane's text to the state folder and the kill in one tmux call.
// kill, kill --all, the switcher's C-x and cleanup all kill through here.
import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { exactSession, formatLiteral, TmuxError, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import { shellQuote, shellWord } from '../util/shell-words.ts';
import { stateDir } from '../util/state-dir.ts';
import { DomainError } from '../util/errors.ts';

// A workspace killed, and how to bring it back.
export interface KillResult {
  readonly session: string;
  /** The one-session save (with pane contents) that restoreCommand restores. */
  readonly saveFile: string;
  /** The shell command that brings the session back, ready to paste. */
  readonly restoreCommand: string;
  /** Folder holding one WINDOW.PANE.txt per pane: the text as it was at the kill. */
  readonly savedTo: string;
  readonly panes: number;
}

// A last check tmux makes in the same call as the kill (cleanup: nobody came back meanwhile).
export interface KillGuard {
  /** A format, expanded in the session: the kill goes ahead only when it is true. */
  readonly condition: string;
  /** A format expanded in the session when the condition is false: what changed. */
  readonly explain: string;
}

// How to kill.
export interface KillOptions {
  readonly now?: Date;
  /** Run after the save, just before the kill: a last look from outside tmux; throwing keeps the session. */
  readonly beforeKill?: (() => Promise<void> | void) | undefined;
  readonly guard?: KillGuard | undefined;
}

// The guard's condition was false at the moment of the kill: the session lives on.
export class KillHeldBackError extends DomainError {
  constructor(
    readonly session: string,
    /** The guard's `explain`, expanded by tmux. */
    readonly explained: string,
  ) {
    super(`${session} was not killed: it changed since it was checked`);
    this.name = 'KillHeldBackError';
  }
}

// Save the session (pane contents included, whatever the capture options say), then keep
// each pane's text and kill it; nothing is killed when the save fails.
export async function killWorkspace(client: TmuxClient, session: string, options: KillOptions = {}): Promise<KillResult> {
  const saveFile = await saveBeforeKill(client, session);
  await options.beforeKill?.();
  const panes = await client.list({
    command: ['list-panes', '-s', '-t', exactSession(session)],
    fields: { sessionId: '#{session_id}', id: '#{pane_id}', window: '#{window_index}', pane: '#{pane_index}' },
  });
  const sessionId = panes[0]?.sessionId;
  if (sessionId === undefined) throw new UserError(`Session ${session} not found`);
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const savedTo = join(stateDir(), 'killed', `${session.replace(/[/\u0000]/g, '_')}-${stamp}`);
  mkdirSync(savedTo, { recursive: true, mode: 0o700 });
  const captures: TmuxCommand[] = panes.flatMap((pane) => {
    const buffer = `claude-sessions-kill-${pane.id.slice(1)}`;
    const file = join(savedTo, `${pane.window}.${pane.pane}.txt`);
    return [
      ['capture-pane', '-t', pane.id, '-S', '-', '-E', '-', '-b', buffer],
      ['save-buffer', '-b', buffer, formatLiteral(file)],
      ['delete-buffer', '-b', buffer],
    ];
  });
  const heldTag = `claude-sessions-held-${randomBytes(6).toString('hex')}`;
  const kill = options.guard === undefined ? [['kill-session', '-t', sessionId]] : [guardedKill(sessionId, options.guard, heldTag)];
  const output = await client.batch([...captures, ...kill]);
  const held = output.split('\n').find((line) => line.startsWith(`${heldTag} `));
  if (held !== undefined) {
    rmSync(savedTo, { recursive: true, force: true });
    throw new KillHeldBackError(session, held.slice(heldTag.length + 1));
  }
  return { session, saveFile, restoreCommand: restoreCommandFor(client, session, saveFile), savedTo, panes: panes.length };
}

// The command that restores `session` from `file` on the client's server, each word quoted for a shell.
export function restoreCommandFor(client: TmuxClient, session: string, file: string): string {
  const flags = client.server.socketPath ? ['-S', shellQuote(client.server.socketPath)] : client.server.socketName ? ['-L', shellWord(client.server.socketName)] : [];
  // A name starting with '-' would be read as an option: glued to its flag it cannot be.
  const name = session.startsWith('-') ? [`--session=${shellQuote(session)}`] : ['--session', shellWord(session)];
  return ['claude-sessions', ...flags, 'restore', ...name, '--file', shellQuote(file)].join(' ');
}

// The one-session save, as `save --session NAME` writes it, with pane contents.
async function saveBeforeKill(client: TmuxClient, session: string): Promise<string> {
  // Loaded on demand: saving brings node:crypto and the persistence modules.
  const { saveServer } = await import('./save.ts');
  try {
    return (await saveServer(client, { sessionFilter: session, captureContents: true })).file;
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server') throw error;
    throw new UserError(`${session} was not killed: saving it first failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// if-shell -F on the session: kill it while the condition holds, else print the tag and why.
function guardedKill(sessionId: string, guard: KillGuard, heldTag: string): TmuxCommand {
  for (const text of [guard.condition, guard.explain]) {
    if (text.includes("'")) throw new Error(`kill guard formats cannot hold a single quote: ${text}`);
  }
  return ['if-shell', '-F', '-t', sessionId, guard.condition, `kill-session -t '${sessionId}'`, `display-message -p -t '${sessionId}' '${heldTag} ${guard.explain}'`];
}
