// What the switcher's keys do to tmux: go to a session (or build a project's), kill one
// (saved first, so it can be restored), rename one, capture the selected session's active pane.
import { tmuxSafeName } from '../workspace/session-name.ts';
import { messageCommand, TmuxError, type TmuxClient } from '../tmux/index.ts';
import { listWorkspaceSessions } from '../workspace/sessions.ts';
import { killWorkspace } from '../save/kill-workspace.ts';
import type { SwitcherRow } from './types.ts';

// Where Enter takes the client: an existing session, or a project's new workspace.
export interface Destination {
  readonly session: string;
  /** The session's id, when it exists already. */
  readonly id?: string;
  readonly created?: { readonly template: string | undefined; readonly notes: readonly string[] };
}

// The session a row stands for, building a project's workspace first (detected template).
export async function destinationOf(client: TmuxClient, row: SwitcherRow): Promise<Destination> {
  if (row.kind !== 'project' || row.projectDir === undefined) return { session: row.name, ...(row.sessionId ? { id: row.sessionId } : {}) };
  // Loaded on demand: templates bring the YAML parser.
  const { openWorkspace } = await import('../workspace/open.ts');
  const result = await openWorkspace(client, { projectDir: row.projectDir, known: await listWorkspaceSessions(client) });
  return { session: result.session, ...(result.created ? { created: { template: result.template, notes: result.notes } } : {}) };
}

// Kill a session, saved first with its panes' contents; the message to show names the
// command that brings it back, and goes to tmux's message log too (prefix ~ shows it whole).
export async function killRow(client: TmuxClient, row: SwitcherRow): Promise<string> {
  let message: string;
  try {
    const result = await killWorkspace(client, row.name);
    message = `killed ${row.name}; to bring it back: ${result.restoreCommand}`;
  } catch (error) {
    return `could not kill ${row.name}: ${reason(error)}`;
  }
  await client.run(messageCommand(message)).catch(() => undefined);
  return message;
}

// Rename a session (by id), the name made tmux-safe as tmux itself would ('.' and ':'
// become '_'; control characters too); the message to show says the name it got.
export async function renameRow(client: TmuxClient, row: SwitcherRow, name: string): Promise<string> {
  if (row.sessionId === undefined) return `${row.name} has no session to rename`;
  const safe = tmuxSafeName(name);
  if (name.trim() === '' || safe === '') return 'a session name cannot be empty';
  try {
    await client.run(['rename-session', '-t', row.sessionId, '--', safe]);
    return `renamed ${row.name} to ${safe}`;
  } catch (error) {
    return `could not rename ${row.name}: ${reason(error)}`;
  }
}

// The last `lines` non-blank-trailing lines of the session's active pane, colours kept.
export async function capturePreview(client: TmuxClient, row: SwitcherRow | undefined, lines: number): Promise<string[]> {
  if (row?.sessionId === undefined) {
    return row?.projectDir === undefined ? [] : [`\u001b[2m${row.projectDir}`, '', 'Enter creates this workspace.\u001b[0m'];
  }
  try {
    const text = await client.run(['capture-pane', '-ep', '-t', row.sessionId]);
    const all = text.split('\n');
    while (all.length > 0 && stripSgr(all.at(-1) as string).trim() === '') all.pop();
    return all.slice(-Math.max(1, lines));
  } catch (error) {
    return [`\u001b[2m(no preview: ${reason(error)})\u001b[0m`];
  }
}

function stripSgr(text: string): string {
  return text.replace(/\u001b\[[0-9;:]*m/g, '');
}

function reason(error: unknown): string {
  if (error instanceof TmuxError) return error.message.replace(/^tmux [a-z-]+ failed: /, '');
  return error instanceof Error ? error.message : String(error);
}
