// What a tmux-resurrect v4 save file holds, as typed records, and the rules of its text.
//
// Field orders follow tmux-resurrect's scripts/save.sh (the pane_title / automatic-rename
// release line) and the save files it wrote in test/resurrect/fixtures/resurrect (copied from /work/shared).
import { DomainError } from '../util/errors.ts';

// Line types tmux-resurrect writes, with each one's field count (the type itself included).
export const RESURRECT_FIELD_COUNTS = {
  grouped_session: 5, // grouped_session  name  original  :alternate_window  :active_window
  pane: 11, // pane  session  window_index  window_active  :window_flags  pane_index  pane_title  :path  pane_active  command  :full_command
  window: 8, // window  session  window_index  :window_name  window_active  :window_flags  layout  automatic_rename
  state: 3, // state  client_session  client_last_session
} as const;

// `pane`, `window`, `grouped_session` or `state`: the first field of every line.
export type ResurrectLineType = keyof typeof RESURRECT_FIELD_COUNTS;

// The order save.sh writes line types in: grouped sessions, panes, windows, then one state line.
export const RESURRECT_LINE_ORDER: readonly ResurrectLineType[] = ['grouped_session', 'pane', 'window', 'state'];

// One pane line: where the pane sits, what runs in it, and its window's flags at save time.
export interface SavedPane {
  readonly sessionName: string;
  readonly windowIndex: number;
  readonly windowActive: boolean;
  /** The window's raw #{window_flags}, e.g. `*Z` (tmux-resurrect zooms from this on restore). */
  readonly windowFlags: string;
  readonly paneIndex: number;
  readonly title: string;
  /** #{pane_current_path}, unescaped. */
  readonly path: string;
  readonly active: boolean;
  /** #{pane_current_command}, e.g. `bash`, `less`. */
  readonly command: string;
  /** The whole command line of the pane's foreground process; '' for a bare shell. */
  readonly fullCommand: string;
}

// tmux's automatic-rename window option as saved; undefined when the window did not set it.
export type AutomaticRename = 'on' | 'off' | undefined;

// One window line: its name, flags and exact layout.
export interface SavedWindow {
  readonly sessionName: string;
  readonly index: number;
  readonly name: string;
  readonly active: boolean;
  /** The raw #{window_flags}; the file holds only this, `zoomed` and `alternate` are read from it. */
  readonly flags: string;
  readonly zoomed: boolean;
  readonly alternate: boolean;
  /** A tmux layout string with its checksum, e.g. `662f,160x48,0,0,10`. */
  readonly layout: string;
  readonly automaticRename: AutomaticRename;
}

// A session that shares the windows of another (tmux new-session -t ORIGINAL).
export interface SavedGroupedSession {
  readonly sessionName: string;
  readonly originalSession: string;
  readonly alternateWindowIndex: number | undefined;
  readonly activeWindowIndex: number | undefined;
}

// The attached client's current and previous session; both undefined when no client was attached.
export interface SavedState {
  readonly clientSession: string | undefined;
  readonly clientLastSession: string | undefined;
}

// Everything one save file holds.
export interface SavedServer {
  readonly panes: readonly SavedPane[];
  readonly windows: readonly SavedWindow[];
  readonly groupedSessions: readonly SavedGroupedSession[];
  readonly state: SavedState;
}

// The state of a server with no client attached (written as `state\t\t`).
export const NO_CLIENT_STATE: SavedState = { clientSession: undefined, clientLastSession: undefined };

// A text that cannot be a save file at all (empty, binary, no panes); names the file and why.
export class ResurrectFormatError extends DomainError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ResurrectFormatError';
  }
}

// What a window's flags say: `Z` zoomed, `-` the session's last (alternate) window.
export function windowFlagsMeaning(flags: string): { zoomed: boolean; alternate: boolean } {
  return { zoomed: flags.includes('Z'), alternate: flags.includes('-') };
}
