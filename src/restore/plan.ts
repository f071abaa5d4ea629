// Planning a restore: from a save's records to the tmux commands that rebuild every
// missing session in one tmux invocation. Pure: the server's state, folders and pane start
// commands come in from the caller.
//
// tmux runs a batch until the first command that fails and skips the rest, so the plan
// only emits commands that cannot fail on a server in the state described: sessions are
// built under temporary names (so no saved name, whatever its characters, is ever parsed
// as a target) and renamed at the end; layouts are checked (and their checksums fixed)
// before select-layout; windows are placed at their saved index whatever base-index is.
import { exactSession, formatLiteral, type TmuxCommand } from '../tmux/index.ts';
import { shellWord } from '../util/shell-words.ts';
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import { CLAUDE_LAUNCH_OPTION, PROJECT_DIR_OPTION, ROLE_OPTION, TEMPLATE_OPTION } from '../workspace/plan.ts';
import { startOfRestoring } from '../options/restoring.ts';
import { WORKTREE_WINDOW_OPTION } from '../worktrees/windows.ts';
import { layoutForPanes } from '../resurrect/layout.ts';
import { splitSteps } from './split-plan.ts';
import type { SavedPane, SavedServer, SavedWindow } from '../resurrect/format.ts';
import { paneExtrasAt, sessionExtrasNamed, windowExtrasAt, type ServerExtras, type SessionExtras } from '../resurrect/snapshot-extras.ts';
import { finishPlan, tmuxSessionName, type PlannedGroup, type SessionBuilt } from './plan-finish.ts';
import { HISTORY_ID_OPTION, historyEnvFlags, isHistoryId, sessionEnvironmentReset, type PaneHistorySetup } from '../workspace/pane-history.ts';

export { tmuxSessionName, type PlannedGroup } from './plan-finish.ts';

// What the plan needs to know besides the save.
export interface RestoreRequest {
  readonly server: SavedServer;
  readonly extras: ServerExtras;
  /** Names of the sessions on the server now. */
  readonly existing: ReadonlySet<string>;
  /** Restore only this session (exact saved name). */
  readonly sessionFilter?: string | undefined;
  /** The folder a pane starts in: its saved path, or the nearest existing parent (with a note). */
  readonly folderFor: (path: string) => { readonly dir: string; readonly note?: string };
  /** The argv a pane starts with instead of the default shell (saved contents), if any. */
  readonly startCommandFor?: (pane: SavedPane) => readonly string[] | undefined;
  /** The title tmux gives a new pane (the server's host name): a saved title equal to it needs no command. */
  readonly newPaneTitle?: string | undefined;
  /** The index new-session gives a session's first window (the server's base-index), if known. */
  readonly baseIndex?: number | undefined;
  /** Prefix of temporary session names, unique to this restore. */
  readonly tempPrefix: string;
  /** The restoring flag's value while the plan runs (restoringMark). */
  readonly restoringMark: string;
  /** The client to put back on its saved sessions, and the session it is on now. */
  readonly client?: { readonly name: string; readonly session: string } | undefined;
  /** A session the restore replaces: its own hold session, or a fresh server's untouched first one. */
  readonly startup?: StartupSession | undefined;
  /** Per-pane command history (absent: @claude-sessions-pane-history off, or a shell we leave alone). */
  readonly history?: RestoreHistory | undefined;
}

// What giving restored panes their own history needs: ids already running are never reused.
export interface RestoreHistory {
  readonly setup: PaneHistorySetup;
  /** History ids of the panes on the server now. */
  readonly inUse: ReadonlySet<string>;
  readonly newId: () => string;
}

// A session the restore kills at its end (after moving it aside when a saved session needs its
// name); with a killCondition, only if that format, expanded in the pane, is still 1 then.
export interface StartupSession {
  readonly id: string;
  readonly name: string;
  readonly killCondition?: { readonly pane: string; readonly format: string } | undefined;
}

// The restore as tmux commands, and what it will do.
export interface RestorePlan {
  /** One batch: every session under its temporary name, then renamed. */
  readonly commands: readonly TmuxCommand[];
  /** Grouped sessions, made after the batch from their original's $id. */
  readonly groups: readonly PlannedGroup[];
  /** Last: the client's sessions, the startup session's end. Then END_OF_RESTORING, in a call of its own. */
  readonly after: readonly TmuxCommand[];
  /** Sessions the plan creates, by their final names, with the saved panes of each window in creation order. */
  readonly sessions: readonly SessionBuilt[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  readonly notes: readonly string[];
}

// Where a window waits while the others take their indexes (no saved index is this large).
export const PARKING_INDEX = 2147483646;

// The commands that restore `request.server` (or one session of it).
export function planRestore(request: RestoreRequest): RestorePlan {
  const notes: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const commands: TmuxCommand[] = [startOfRestoring(request.restoringMark)];
  const built: SessionBuilt[] = [];
  const startupReplaced = request.startup !== undefined && request.sessionFilter === undefined;
  const taken = new Set(request.existing);
  const historyIdsUsed = new Set(request.history?.inUse ?? []);
  if (startupReplaced && request.startup) taken.delete(request.startup.name);

  const names = sessionOrder(request.server, request.sessionFilter);
  if (request.sessionFilter !== undefined && names.length === 0 && !isGroupedName(request)) {
    return { commands: [], groups: [], after: [], sessions: [], skipped: [{ name: request.sessionFilter, reason: 'the save has no session by that name' }], notes };
  }
  if (startupReplaced && request.startup && names.some((name) => tmuxSessionName(name) === request.startup?.name)) {
    // Its name is needed for a saved session: move it aside first; it is killed at the end.
    commands.push(['rename-session', '-t', request.startup.id, `${request.tempPrefix}startup`]);
  }

  names.forEach((saved, index) => {
    const name = tmuxSessionName(saved);
    if (name !== saved) notes.push(`session ${JSON.stringify(saved)} is restored as ${JSON.stringify(name)} (${renameReason(saved, name)})`);
    if (taken.has(name)) return void skipped.push({ name, reason: 'a session by that name exists (left as it is)' });
    const temp = `${request.tempPrefix}${index}`;
    const session = buildSession(request, saved, temp, notes, historyIdsUsed);
    if (session === undefined) return void skipped.push({ name, reason: 'the save has no panes for it' });
    commands.push(...session.commands);
    built.push({ name, temp, original: saved, windows: session.windows });
    taken.add(name);
  });

  const finish = finishPlan(request, built, taken, startupReplaced);
  commands.push(...finish.commands);
  notes.push(...finish.notes);
  skipped.push(...finish.skipped);
  const sessions = [...built, ...finish.sessions];
  if (sessions.length === 0) return { commands: [], groups: [], after: [], sessions, skipped, notes };
  return { commands, groups: finish.groups, after: finish.after, sessions, skipped, notes };
}

// True when a restore could build something: a saved session (or grouped session) in scope
// whose name is free on the server. False lets a restore skip what only building needs (a
// big save's pane contents, the history setup) when everything is already there.
export function hasSessionsToBuild(server: SavedServer, existing: ReadonlySet<string>, filter: string | undefined): boolean {
  const inScope = (name: string, original?: string) => filter === undefined || name === filter || original === filter;
  const free = (name: string) => !existing.has(tmuxSessionName(name));
  return sessionOrder(server, filter).some(free) || server.groupedSessions.some((group) => inScope(group.sessionName, group.originalSession) && free(group.sessionName));
}

// Saved sessions in the order their panes appear (resurrect's order).
function sessionOrder(server: SavedServer, filter: string | undefined): string[] {
  const names = [...new Set(server.panes.map((pane) => pane.sessionName))];
  return filter === undefined ? names : names.filter((name) => name === filter);
}

function renameReason(saved: string, name: string): string {
  return saved.replace(/[:.]/g, '_') === name ? "tmux does not allow ':' or '.' in session names" : 'tmux escapes control characters and stray backslashes in session names';
}

function isGroupedName(request: RestoreRequest): boolean {
  return request.server.groupedSessions.some((group) => group.sessionName === request.sessionFilter);
}

interface SessionCommands {
  readonly commands: TmuxCommand[];
  readonly windows: SessionBuilt['windows'];
}

// One session under its temporary name: windows at their indexes, panes, layouts, focus.
function buildSession(request: RestoreRequest, saved: string, temp: string, notes: string[], historyIdsUsed: Set<string>): SessionCommands | undefined {
  const windows = windowsOf(request.server, saved, notes);
  const first = windows[0];
  if (first === undefined) return undefined;
  const historyIds = historyIdsOf(request, saved, windows, historyIdsUsed, notes);
  const history = (pane: SavedPane) => {
    const id = historyIds.get(pane);
    return request.history && id ? historyEnvFlags(request.history.setup, id) : [];
  };
  const target = exactSession(temp);
  const at = (index: number | string) => `${target}${index}`;
  const extras = sessionExtrasNamed(request.extras, saved);
  const commands: TmuxCommand[] = [];
  const size = first.layout === undefined ? undefined : layoutForPanes(first.layout.layout, first.panes.length);
  const sizeFlags = size?.ok ? ['-x', String(size.width), '-y', String(size.height)] : [];

  const [pane0] = first.panes as [SavedPane];
  commands.push(['new-session', '-d', '-s', temp, '-n', formatLiteral(windowName(first)), '-c', formatLiteral(folder(request, pane0, notes)), ...sizeFlags, ...environmentFlags(extras), ...history(pane0), ...start(request, pane0)]);
  if (historyIds.has(pane0)) commands.push(...sessionEnvironmentReset(target, extras?.environment ?? {}));
  // A first window already at its saved index waits nowhere: no window moves, so
  // renumber-windows never acts and needs no holding off either.
  const parked = first.index !== request.baseIndex;
  if (parked) commands.push(['set-option', '-t', target, 'renumber-windows', 'off'], ['move-window', '-s', target, '-t', at(PARKING_INDEX)]);
  for (const window of windows.slice(1)) {
    const pane = window.panes[0] as SavedPane;
    commands.push(['new-window', '-d', '-t', at(window.index), '-n', formatLiteral(windowName(window)), '-c', formatLiteral(folder(request, pane, notes)), ...history(pane), ...start(request, pane)]);
  }
  if (parked) commands.push(['move-window', '-s', at(PARKING_INDEX), '-t', at(first.index)]);

  // Every window of a session made with -x/-y has that size (no client is on it yet).
  const windowSize = size?.ok ? { width: size.width, height: size.height } : undefined;
  for (const window of windows) commands.push(...windowCommands(request, saved, window, at(window.index), notes, { ids: historyIds, flags: history }, windowSize));
  const alternate = windows.find((window) => window.layout?.alternate);
  const active = windows.find((window) => window.layout?.active ?? window.panes[0]?.windowActive);
  if (alternate) commands.push(['select-window', '-t', at(alternate.index)]);
  // new-window -d leaves the first window current: selecting it again changes nothing (not even
  // the last window), unless a window was selected before it or the first one has moved.
  const current = active ?? first;
  if (alternate || parked || current !== first) commands.push(['select-window', '-t', at(current.index)]);
  if (parked) commands.push(['set-option', '-u', '-t', target, 'renumber-windows']);
  if (extras?.projectDir) commands.push(['set-option', '-t', target, '--', PROJECT_DIR_OPTION, extras.projectDir]);
  if (extras?.template) commands.push(['set-option', '-t', target, '--', TEMPLATE_OPTION, extras.template]);
  return { commands, windows: windows.map((window) => ({ index: window.index, panes: window.panes })) };
}

interface WindowToBuild {
  readonly index: number;
  readonly layout: SavedWindow | undefined;
  readonly panes: readonly SavedPane[];
}

// The session's windows by index, each with its panes by index; duplicates and windows
// without panes are dropped with a note.
function windowsOf(server: SavedServer, session: string, notes: string[]): WindowToBuild[] {
  const panes = new Map<number, SavedPane[]>();
  for (const pane of server.panes) {
    if (pane.sessionName !== session) continue;
    const list = panes.get(pane.windowIndex) ?? [];
    if (list.some((other) => other.paneIndex === pane.paneIndex)) {
      notes.push(`${session}:${pane.windowIndex}.${pane.paneIndex} is saved twice; the first is restored`);
      continue;
    }
    panes.set(pane.windowIndex, [...list, pane]);
  }
  const windows = new Map<number, SavedWindow>();
  for (const window of server.windows) {
    if (window.sessionName !== session || windows.has(window.index)) continue;
    if (!panes.has(window.index)) notes.push(`window ${session}:${window.index} has no pane lines (skipped)`);
    windows.set(window.index, window);
  }
  return [...panes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) => ({ index, layout: windows.get(index), panes: [...list].sort((a, b) => a.paneIndex - b.paneIndex) }));
}

// Panes after the first, each made the active pane by its split; then layout, focus, zoom, naming.
function windowCommands(request: RestoreRequest, session: string, window: WindowToBuild, target: string, notes: string[], history: PaneHistories, size: WindowSize | undefined): TmuxCommand[] {
  const commands: TmuxCommand[] = [];
  const steps = splitSteps(window.panes.length, size);
  window.panes.forEach((pane, position) => {
    const step = steps[position - 1];
    if (step !== undefined) {
      // Even sizes first only where the newest pane has no room left for this split.
      if (step.tileFirst) commands.push(['select-layout', '-t', target, 'tiled']);
      commands.push(['split-window', '-t', target, '-c', formatLiteral(folder(request, pane, notes)), ...(step.horizontal ? ['-h'] : []), ...history.flags(pane), ...start(request, pane)]);
    }
    // A new pane's title is already the host name: setting it again changes nothing.
    if (pane.title !== request.newPaneTitle) commands.push(['select-pane', '-t', target, '-T', formatLiteral(pane.title)]);
    const historyId = history.ids.get(pane);
    if (historyId) commands.push(['set-option', '-p', '-t', target, '--', HISTORY_ID_OPTION, historyId]);
    const extra = paneExtrasAt(request.extras, session, window.index, pane.paneIndex);
    if (extra?.role) commands.push(['set-option', '-p', '-t', target, '--', ROLE_OPTION, extra.role]);
    if (extra?.claude) {
      // What the next save needs before the resumed agent's first hook: its id and launch words.
      commands.push(['set-option', '-p', '-t', target, '--', PANE_OPTIONS.sessionId, extra.claude.sessionId]);
      commands.push(['set-option', '-p', '-t', target, '--', CLAUDE_LAUNCH_OPTION, ['claude', ...extra.claude.args].map(shellWord).join(' ')]);
    }
  });
  const count = window.panes.length;
  const layout = window.layout === undefined ? undefined : layoutForPanes(window.layout.layout, count);
  // One pane already fills a window of the saved size: its layout would change nothing.
  const alreadyLaidOut = count === 1 && layout?.ok && layout.width === size?.width && layout.height === size.height;
  if (layout?.ok && !alreadyLaidOut) commands.push(['select-layout', '-t', target, layout.layout]);
  else if (count > 1) commands.push(['select-layout', '-t', target, 'tiled']);
  if (layout !== undefined && !layout.ok) notes.push(`window ${session}:${window.index}: saved layout not used (${layout.reason}); panes are tiled`);
  const active = Math.max(0, window.panes.findIndex((pane) => pane.active));
  if (active < count - 1) commands.push(['select-pane', '-t', `${target}.-${count - 1 - active}`]);
  const zoomed = window.layout?.zoomed ?? window.panes[0]?.windowFlags.includes('Z') ?? false;
  if (zoomed && count > 1) commands.push(['resize-pane', '-Z', '-t', target]);
  const rename = window.layout?.automaticRename;
  if (rename === undefined) commands.push(['set-option', '-uw', '-t', target, 'automatic-rename']);
  // A window made with -n (every restored window is) already has it off, as its own option.
  else if (rename !== 'off') commands.push(['set-option', '-w', '-t', target, 'automatic-rename', rename]);
  commands.push(...windowExtrasCommands(request, session, window.index, target));
  return commands;
}

interface WindowSize {
  readonly width: number;
  readonly height: number;
}

interface PaneHistories {
  readonly ids: ReadonlyMap<SavedPane, string>;
  readonly flags: (pane: SavedPane) => readonly string[];
}

// Each pane's history id: its saved one, else (a workspace pane saved before per-pane history,
// or an id already running on the server) a new one. Panes of a save without our sidecar,
// outside workspaces, keep the shell's usual history.
function historyIdsOf(request: RestoreRequest, session: string, windows: readonly WindowToBuild[], used: Set<string>, notes: string[]): Map<SavedPane, string> {
  const ids = new Map<SavedPane, string>();
  if (request.history === undefined) return ids;
  const workspace = request.extras.sessions.some((entry) => entry.name === session && entry.projectDir);
  for (const window of windows) {
    for (const pane of window.panes) {
      const extra = paneExtrasAt(request.extras, session, window.index, pane.paneIndex);
      const saved = isHistoryId(extra?.historyId) ? extra.historyId : undefined;
      if (saved === undefined && !workspace) continue;
      if (saved !== undefined && used.has(saved)) notes.push(`${session}:${window.index}.${pane.paneIndex}: its history is in use by a pane that runs now; it starts a new one`);
      const id = saved !== undefined && !used.has(saved) ? saved : request.history.newId();
      used.add(id);
      ids.set(pane, id);
    }
  }
  return ids;
}

// The window's own options kept in the extras: a worktree window's marker.
function windowExtrasCommands(request: RestoreRequest, session: string, index: number, target: string): TmuxCommand[] {
  const extra = windowExtrasAt(request.extras, session, index);
  return extra?.worktree ? [['set-option', '-w', '-t', target, '--', WORKTREE_WINDOW_OPTION, extra.worktree]] : [];
}

function windowName(window: WindowToBuild): string {
  return window.layout?.name ?? '';
}

function folder(request: RestoreRequest, pane: SavedPane, notes: string[]): string {
  const found = request.folderFor(pane.path);
  if (found.note !== undefined) notes.push(`${pane.sessionName}:${pane.windowIndex}.${pane.paneIndex}: ${found.note}`);
  return found.dir;
}

function start(request: RestoreRequest, pane: SavedPane): readonly string[] {
  return request.startCommandFor?.(pane) ?? [];
}

function environmentFlags(extras: SessionExtras | undefined): string[] {
  return Object.entries(extras?.environment ?? {}).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
}
