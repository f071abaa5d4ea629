// Comparing a save with what a restore of it built, field by field: sessions, windows (name,
// layout, active, zoom, automatic-rename), panes (folder, active, title) and programs (what a
// restore would type, since verify types nothing). Pure: the restored server comes in listed.
import type { SavedPane, SavedWindow } from '../resurrect/format.ts';
import { layoutWithoutChecksumAndIds } from '../resurrect/layout.ts';
import { isShellCommand } from '../programs/shells.ts';
import { tmuxSessionName } from '../restore/plan.ts';
import type { LoadedSave } from '../restore/read-save.ts';

// The scratch server as tmux listed it after the restore.
export interface RestoredServer {
  readonly sessions: readonly { readonly name: string; readonly group: string }[];
  readonly windows: readonly {
    readonly session: string;
    readonly index: number;
    readonly name: string;
    readonly layout: string;
    readonly active: boolean;
    readonly zoomed: boolean;
    readonly automaticRename: string;
  }[];
  readonly panes: readonly {
    readonly session: string;
    readonly window: number;
    readonly index: number;
    readonly id: string;
    readonly path: string;
    readonly active: boolean;
    readonly title: string;
  }[];
}

// One field that did not come back as saved.
export interface Difference {
  /** `session`, `session:window` or `session:window.pane`, with the saved indexes. */
  readonly where: string;
  readonly field: string;
  readonly saved: string;
  readonly restored: string;
}

// How much of the save came back: checks made, checks passed, and the ones that failed.
export interface Comparison {
  readonly checks: number;
  readonly passed: number;
  /** passed / checks as a percentage, rounded down to a tenth (100 only when all passed). */
  readonly score: number;
  readonly differences: readonly Difference[];
}

const MISSING = '(missing)';
const NOT_STARTED = '(not started: not in @resurrect-processes)';
const NOT_RESUMED = '(not resumed)';
const SHELL = '(shell)';
const CLAUDE_PROGRAM = 'claude (conversation ';

// Compare `save` with `restored`; `planned` is what the restore would type, by restored pane id.
export function compareRestore(save: LoadedSave, restored: RestoredServer, planned: ReadonlyMap<string, string>): Comparison {
  let checks = 0;
  const differences: Difference[] = [];
  const check = (where: string, field: string, saved: string, got: string) => {
    checks++;
    if (saved !== got) differences.push({ where, field, saved, restored: got });
  };
  for (const warning of save.warnings) check('save file', 'line', warning, '(skipped)');

  const sessionNames = [...new Set(save.server.panes.map((pane) => pane.sessionName))];
  for (const saved of sessionNames) {
    const name = tmuxSessionName(saved);
    const session = restored.sessions.find((entry) => entry.name === name);
    check(name, 'session', name, session ? name : MISSING);
    for (const window of savedWindows(save, saved)) {
      const where = `${name}:${window.index}`;
      const live = restored.windows.find((entry) => entry.session === name && entry.index === window.index);
      check(where, 'window', String(window.index), live ? String(window.index) : MISSING);
      const record = window.record;
      if (record !== undefined) {
        check(where, 'name', record.name, live?.name ?? MISSING);
        check(where, 'layout', comparableLayout(record.layout), live ? comparableLayout(live.layout) : MISSING);
        if (record.automaticRename !== undefined) check(where, 'automatic-rename', record.automaticRename, live?.automaticRename ?? MISSING);
      }
      check(where, 'active window', yesNo(record?.active ?? window.panes[0]?.windowActive ?? false), live ? yesNo(live.active) : MISSING);
      // tmux zooms only a window of several panes.
      if (window.panes.length > 1) check(where, 'zoom', yesNo(record?.zoomed ?? window.panes[0]?.windowFlags.includes('Z') ?? false), live ? yesNo(live.zoomed) : MISSING);
      comparePanes(window.panes, restoredPanes(restored, name, window.index), save, planned, check);
    }
  }
  for (const group of save.server.groupedSessions) {
    const name = tmuxSessionName(group.sessionName);
    const session = restored.sessions.find((entry) => entry.name === name);
    const original = restored.sessions.find((entry) => entry.name === tmuxSessionName(group.originalSession));
    check(name, 'session', name, session ? name : MISSING);
    check(name, 'group', tmuxSessionName(group.originalSession), session && original && session.group !== '' && session.group === original.group ? tmuxSessionName(group.originalSession) : MISSING);
  }
  const passed = checks - differences.length;
  const score = checks === 0 ? 100 : Math.floor((passed / checks) * 1000) / 10;
  return { checks, passed, score, differences };
}

type Check = (where: string, field: string, saved: string, got: string) => void;

// A window's saved panes are restored in pane-index order: the Nth saved is the Nth restored.
function comparePanes(saved: readonly SavedPane[], live: RestoredServer['panes'], save: LoadedSave, planned: ReadonlyMap<string, string>, check: Check): void {
  saved.forEach((pane, position) => {
    const where = `${tmuxSessionName(pane.sessionName)}:${pane.windowIndex}.${pane.paneIndex}`;
    const got = live[position];
    check(where, 'pane', String(pane.paneIndex), got ? String(pane.paneIndex) : MISSING);
    check(where, 'folder', pane.path, got?.path ?? MISSING);
    check(where, 'active pane', yesNo(pane.active), got ? yesNo(got.active) : MISSING);
    check(where, 'title', pane.title, got?.title ?? MISSING);
    const program = savedProgram(pane, save);
    const typed = got === undefined ? undefined : planned.get(got.id);
    const expected = program || SHELL;
    if (got === undefined) return void check(where, 'program', expected, MISSING);
    // Started as saved when a restore types something for a program, and nothing for a shell.
    const notStarted = program.startsWith(CLAUDE_PROGRAM) ? NOT_RESUMED : NOT_STARTED;
    check(where, 'program', expected, typed === undefined ? (program === '' ? SHELL : notStarted) : program === '' ? typed : program);
  });
}

// What ran in a pane at save time: its Claude conversation, its command line, or '' for a shell.
function savedProgram(pane: SavedPane, save: LoadedSave): string {
  const extra = save.extras.panes.find((entry) => entry.session === pane.sessionName && entry.window === pane.windowIndex && entry.pane === pane.paneIndex);
  if (extra?.claude) return `${CLAUDE_PROGRAM}${extra.claude.sessionId})`;
  if (pane.fullCommand !== '') return pane.fullCommand;
  return pane.command === '' || isShellCommand(pane.command) ? '' : pane.command;
}

interface WindowSaved {
  readonly index: number;
  readonly record: SavedWindow | undefined;
  readonly panes: readonly SavedPane[];
}

// A session's windows as the restore builds them: those with panes, panes by index, first of duplicates.
function savedWindows(save: LoadedSave, session: string): WindowSaved[] {
  const panes = new Map<number, SavedPane[]>();
  for (const pane of save.server.panes) {
    if (pane.sessionName !== session) continue;
    const list = panes.get(pane.windowIndex) ?? [];
    if (!list.some((other) => other.paneIndex === pane.paneIndex)) panes.set(pane.windowIndex, [...list, pane]);
  }
  return [...panes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) => ({
      index,
      record: save.server.windows.find((window) => window.sessionName === session && window.index === index),
      panes: [...list].sort((a, b) => a.paneIndex - b.paneIndex),
    }));
}

function restoredPanes(restored: RestoredServer, session: string, window: number): RestoredServer['panes'] {
  return restored.panes.filter((pane) => pane.session === session && pane.window === window).sort((a, b) => a.index - b.index);
}

// Layouts compared without checksum and pane ids (a restored pane has a new id).
function comparableLayout(layout: string): string {
  try {
    return layoutWithoutChecksumAndIds(layout);
  } catch {
    return layout;
  }
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
