// The end of a restore plan, once every session exists under its temporary name: grouped
// sessions, the final names, the client's current and last session, and the replaced
// startup session of a fresh server.
import { exactSession, formatLiteral, reportedSessionName, sessionNameToGive, type TmuxCommand } from '../tmux/index.ts';
import type { SavedPane } from '../resurrect/format.ts';
import type { RestoreRequest, StartupSession } from './plan.ts';

// A session the plan creates: final name, temporary name, and each window's saved panes in
// creation order (a pane's position there is its position in the restored window).
export interface SessionBuilt {
  readonly name: string;
  readonly temp: string;
  /** The name in the save (differs from `name` only for names tmux does not allow). */
  readonly original: string;
  readonly windows: readonly { readonly index: number; readonly panes: readonly SavedPane[] }[];
  /** For a grouped session: the session whose windows it shares. */
  readonly groupOf?: string;
}

// A grouped session to create once its original has its final name (tmux names a group
// after the session it is made from, at that moment): by the original's $id, looked up then.
export interface PlannedGroup {
  readonly name: string;
  readonly temp: string;
  /** The final name of the session whose windows it shares. */
  readonly original: string;
  /** Window indexes to select in order: the saved alternate, then the active one. */
  readonly selectWindows: readonly number[];
}

interface Finish {
  /** Renames to final names, still in the main batch. */
  readonly commands: TmuxCommand[];
  /** After the grouped sessions exist: client sessions, the startup session's end. */
  readonly after: TmuxCommand[];
  readonly groups: PlannedGroup[];
  readonly sessions: SessionBuilt[];
  readonly skipped: { name: string; reason: string }[];
  readonly notes: string[];
}

// Renames, grouped sessions, client sessions and the startup session, in that order.
export function finishPlan(request: RestoreRequest, built: readonly SessionBuilt[], taken: Set<string>, startupReplaced: boolean): Finish {
  const finish: Finish = { commands: [], after: [], groups: [], sessions: [], skipped: [], notes: [] };
  for (const session of built) {
    finish.commands.push(['rename-session', '-t', exactSession(session.temp), '--', nameToGive(session.name)]);
  }
  groupedSessions(request, built, taken, finish);
  const restored = [...built, ...finish.sessions];
  if (restored.length === 0) return finish;
  const available = (name: string | undefined) =>
    name !== undefined && (taken.has(name) || request.existing.has(name)) && !(startupReplaced && name === request.startup?.name && !restored.some((session) => session.name === name));
  const client = request.client;
  if (client !== undefined) {
    const savedName = (name: string | undefined) => (name === undefined ? undefined : tmuxSessionName(name));
    const [last, current] = [savedName(request.server.state.clientLastSession), savedName(request.server.state.clientSession)];
    if (available(last) && last !== current) finish.after.push(['switch-client', '-c', client.name, '-t', exactSession(last as string)]);
    if (available(current)) finish.after.push(['switch-client', '-c', client.name, '-t', exactSession(current as string)]);
    else if (startupReplaced && client.session === request.startup?.name) {
      finish.after.push(['switch-client', '-c', client.name, '-t', exactSession((restored[0] as SessionBuilt).name)]);
    }
  }
  if (startupReplaced && request.startup) finish.after.push(...endOfStartup(request.startup));
  return finish;
}

// The startup session's end: clients still on it move to another session rather than detach.
// With a condition, the kill runs in the same tmux call that checks it.
function endOfStartup(startup: StartupSession): TmuxCommand[] {
  const id = startup.id;
  if (startup.killCondition === undefined) return [['set-option', '-t', id, 'detach-on-destroy', 'off'], ['kill-session', '-t', id]];
  // An id ($3) is all the command string holds, so quoting it is enough.
  if (!/^\$\d+$/.test(id)) throw new Error(`not a session id: ${id}`);
  return [['if-shell', '-F', '-t', startup.killCondition.pane, startup.killCondition.format, `set-option -t '${id}' detach-on-destroy off ; kill-session -t '${id}'`]];
}

// A grouped session shares the windows of its original (restored now, or already there);
// its own current and last window are selected as saved.
function groupedSessions(request: RestoreRequest, built: readonly SessionBuilt[], taken: Set<string>, finish: Finish): void {
  request.server.groupedSessions.forEach((group, index) => {
    if (request.sessionFilter !== undefined && group.sessionName !== request.sessionFilter && group.originalSession !== request.sessionFilter) return;
    const name = tmuxSessionName(group.sessionName);
    if (taken.has(name)) return void finish.skipped.push({ name, reason: 'a session by that name exists (left as it is)' });
    const original = built.find((session) => session.original === group.originalSession);
    const originalName = tmuxSessionName(group.originalSession);
    if (original === undefined && !request.existing.has(originalName)) {
      return void finish.skipped.push({ name, reason: `its group's session ${JSON.stringify(group.originalSession)} is neither saved nor running` });
    }
    const indexes = new Set(original?.windows.map((window) => window.index) ?? []);
    const selectWindows = [group.alternateWindowIndex, group.activeWindowIndex].filter((window): window is number => window !== undefined && indexes.has(window));
    const temp = `${request.tempPrefix}g${index}`;
    finish.groups.push({ name, temp, original: original?.name ?? originalName, selectWindows });
    finish.sessions.push({ name, temp, original: group.sessionName, windows: [], groupOf: original?.name ?? originalName });
    taken.add(name);
  });
}

// The name tmux will report for a saved session name (the saved name itself, unless it holds
// ':' or '.', which tmux turns into '_', or characters tmux escapes).
export function tmuxSessionName(name: string): string {
  return reportedSessionName(sessionNameToGive(name).name);
}

// The argument that makes tmux name a session `reported` (see src/tmux/session-names.ts).
export function nameToGive(reported: string): string {
  return formatLiteral(sessionNameToGive(reported).name);
}
