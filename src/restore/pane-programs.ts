// What each restored pane gets typed into it: the agent seam first (a Claude pane resumes
// its own conversation), else tmux-resurrect's @resurrect-processes rules.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { PaneTyping } from '../workspace/type-when-ready.ts';
import { commandToRestore } from './process-restore.ts';
import type { LoadedSave } from './read-save.ts';
import type { SavedPane } from '../resurrect/format.ts';
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
  for (const session of plan.sessions) {
    if (session.groupOf !== undefined) continue;
    for (const window of session.windows) {
      const live = panes
        .filter((pane) => pane.session === session.name && Number(pane.window) === window.index)
        .sort((a, b) => Number(a.index) - Number(b.index));
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

function programFor(pane: SavedPane, save: LoadedSave, state: RestoreState): string | undefined {
  for (const restorer of RESTORERS) {
    const program = restorer(pane, save, { claudeCommand: state.settings.claudeCommand });
    if (program !== undefined) return program;
  }
  const extras = save.extras.panes.find((extra) => extra.session === pane.sessionName && extra.window === pane.windowIndex && extra.pane === pane.paneIndex);
  return commandToRestore(pane, state.settings.processes, existsSync, extras?.argv);
}
