// What the switcher shows and does: its rows, the state of the screen, and the actions a
// key can ask for. Pure data; rows.ts fills rows, state.ts moves the view, screen.ts draws.
import type { FuzzyMatch } from './fuzzy.ts';

export type AgentState = 'waiting' | 'error' | 'working' | 'idle';

// One line of the list. Workspace sessions come first (those with a waiting agent on top),
// then other tmux sessions, then projects in the projects folders with no session yet.
export interface SwitcherRow {
  readonly kind: 'workspace' | 'session' | 'project';
  /** Unique and stable across refreshes: the session id ($3) or "project:" + folder. */
  readonly key: string;
  /** Session name, or the project's name: what the filter matches and the list shows. */
  readonly name: string;
  /** One glyph per Claude agent, most urgent first (waiting, error, working, idle). */
  readonly marks: string;
  /** The most urgent agent state in the session, if it has agents. */
  readonly urgent?: AgentState;
  /** Right-hand details: branch, windows, attached mark, last activity; "new · template" for a project. */
  readonly info: string;
  readonly waiting: number;
  readonly sessionId?: string;
  /** A project row's folder (and template), created on Enter. */
  readonly projectDir?: string;
}

// A row that passed the filter, with the characters to highlight.
export interface ShownRow {
  readonly row: SwitcherRow;
  readonly match: FuzzyMatch;
}

// What the bottom (or the prompt) line is busy with.
export type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'confirm-kill'; readonly row: SwitcherRow }
  | { readonly kind: 'rename'; readonly row: SwitcherRow; readonly input: string };

// Everything one frame is drawn from.
export interface FrameView {
  readonly width: number;
  readonly height: number;
  readonly query: string;
  readonly shown: readonly ShownRow[];
  /** Rows before filtering (the count shows "shown/total" while a query is typed). */
  readonly total: number;
  /** Index into shown of the selected row. */
  readonly selected: number;
  /** Index into shown of the first row on screen. */
  readonly scroll: number;
  readonly mode: Mode;
  readonly onlyWaiting: boolean;
  /** The selected session's active pane as capture-pane -ep printed it, when the preview is on. */
  readonly preview?: readonly string[];
  /** A one-line note (an error, "renamed…") shown on the legend line until the next key. */
  readonly message?: string;
}
