// What each restored pane gets typed into it: the agent seam first (a Claude pane resumes
// its own conversation), else tmux-resurrect's @resurrect-processes rules.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { PaneTyping } from '../workspace/type-when-ready.ts';
import { commandToRestore } from './process-restore.ts';
import type { LoadedSave } from './read-save.ts';
import type { SavedPane } from '../resurrect/format.ts';
import { paneExtrasAt } from '../resurrect/snapshot-extras.ts';
import type { RestorePlan } from './plan.ts';
import type { RestoreState } from './state.ts';

// What a restorer may use of the server it restores into.
export interface RestoreContext {
  /** @claude-sessions-claude-command: what starts Claude. */
  readonly claudeCommand: string;
}

// A way to bring a pane's program back that takes precedence over @resurrect-processes.
// The agents capability registers one that turns a saved Claude conversation id into
// `CLAUDE-COMMAND --resume ID`; it returns undefined for panes it does not own.
export type PaneProgramRestorer = (pane: SavedPane, save: LoadedSave, context: RestoreContext) => string | undefined;

const RESTORERS: PaneProgramRestorer[] = [];

// Add a restorer consulted before @resurrect-processes (last registered, first asked).
export function registerPaneProgramRestorer(restorer: PaneProgramRestorer): void {
  RESTORERS.unshift(restorer);
}

interface ListedPane {
  readonly session: string;
  readonly window: string;
  readonly index: string;
  readonly id: string;
}

// For each restored pane with a program to start: its id and what to type. A pane's saved
// position in its window (by pane index) is its position in the restored window.
export function programsToType(plan: RestorePlan, save: LoadedSave, panes: readonly ListedPane[], state: RestoreState): PaneTyping[] {
  const entries: PaneTyping[] = [];
  // A pane whose contents are shown first runs a start script; it is ready once the shell is.
  const shell = state.settings.defaultCommand === '' ? basename(state.settings.defaultShell) : undefined;
  const byWindow = livePanesByWindow(panes);
  for (const session of plan.sessions) {
    if (session.groupOf !== undefined) continue;
    for (const window of session.windows) {
      const live = byWindow.get(JSON.stringify([session.name, window.index])) ?? [];
      window.panes.forEach((saved, position) => {
        const target = live[position];
        const program = programFor(saved, save, state);
        if (target === undefined || program === undefined) return;
        entries.push({ paneId: target.id, type: [program], readyCommand: shell });
      });
    }
  }
  return entries;
}

// The listed panes of each window (by JSON [session, window index]), in pane index order: grouped once, not searched per window.
function livePanesByWindow(panes: readonly ListedPane[]): Map<string, ListedPane[]> {
  const byWindow = new Map<string, ListedPane[]>();
  for (const pane of panes) {
    const key = JSON.stringify([pane.session, Number(pane.window)]);
    const list = byWindow.get(key);
    if (list) list.push(pane);
    else byWindow.set(key, [pane]);
  }
  for (const list of byWindow.values()) list.sort((a, b) => Number(a.index) - Number(b.index));
  return byWindow;
}

function programFor(pane: SavedPane, save: LoadedSave, state: RestoreState): string | undefined {
  for (const restorer of RESTORERS) {
    const program = restorer(pane, save, { claudeCommand: state.settings.claudeCommand });
    if (program !== undefined) return program;
  }
  const extras = paneExtrasAt(save.extras, pane.sessionName, pane.windowIndex, pane.paneIndex);
  return commandToRestore(pane, state.settings.processes, existsSync, extras?.argv);
}
