// Whether a server's first session is provably untouched, so that the restore at server start
// (`restore --auto`) may replace it. A manual restore never asks: it kills nothing.
//
// The proof, every point required (any doubt keeps the session):
// - it is the server's only session, with one window and one pane;
// - it was made when the server started (#{session_created} within STARTUP_GRACE_S of
//   #{start_time}), and its pane printed nothing after that (#{window_activity});
// - no key was pressed in a client on it (#{client_activity} still #{client_created});
// - its pane runs a shell with no child process (nothing running, nothing in the background),
//   still in the session's folder (no `cd`), with no scrollback (#{history_size} 0);
// - its screen shows a prompt and nothing else: nothing below the cursor, and no earlier
//   line starting with the prompt the cursor sits after (a command typed and run leaves one).
// tmux-resurrect replaces any lone session named `0`, whatever it holds; here the name does
// not matter, what was done in it does. Keys typed within the first seconds without Enter
// cannot be told from a prompt: that is the one doubt left, and it costs at most a
// half-typed line. The restore checks again in the tmux call that kills the session
// (killCondition): a session used while the restore ran is kept.
import { basename } from 'node:path';

// How long after the server's start its first session may be made, and print, and count as untouched.
export const STARTUP_GRACE_S = 10;

// Shells a fresh server's first pane may be running.
const SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'dash', 'ksh', 'mksh', 'tcsh', 'csh', 'ash', 'nu', 'elvish', 'xonsh']);

// What tmux and /proc say about the first session, read by state.ts.
export interface FirstSessionFacts {
  readonly serverStart: number;
  readonly defaultShell: string;
  readonly session: { readonly created: number; readonly windows: number; readonly path: string };
  readonly panes: readonly FirstPaneFacts[];
  readonly clients: readonly { readonly created: number; readonly activity: number }[];
  /** capture-pane -p of its pane (the visible screen). */
  readonly screen: string;
  /** Processes under the pane's shell; undefined when they could not be read. */
  readonly children: number | undefined;
}

// The pane fields the proof reads (one pane when the proof can hold).
export interface FirstPaneFacts {
  readonly command: string;
  readonly path: string;
  readonly history: number;
  readonly cursorX: number;
  readonly cursorY: number;
  readonly windowActivity: number;
}

// Untouched, or why not (in words for a note: "it ...").
export type FirstSessionVerdict = { readonly untouched: true } | { readonly untouched: false; readonly reason: string };

// True when the session was made when the server started: a fresh server's own session.
export function madeAtServerStart(serverStart: number, created: number): boolean {
  return created - serverStart <= STARTUP_GRACE_S;
}

// Judge the first session by the proof above.
export function judgeFirstSession(facts: FirstSessionFacts): FirstSessionVerdict {
  const used = (reason: string): FirstSessionVerdict => ({ untouched: false, reason });
  const [pane] = facts.panes;
  if (facts.session.windows !== 1 || facts.panes.length !== 1 || pane === undefined) return used('has more than one window or pane');
  if (!madeAtServerStart(facts.serverStart, facts.session.created)) return used('was not made when the server started');
  const command = pane.command.replace(/^-/, '');
  if (!SHELLS.has(command) && command !== basename(facts.defaultShell)) return used(`runs ${command}`);
  if (facts.children === undefined) return used('runs processes that could not be read');
  if (facts.children > 0) return used('has a program running in its shell');
  if (pane.history > 0) return used('has scrollback');
  // '' is a shell tmux cannot read the folder of yet (still starting): a `cd` needs keys or
  // leaves a command on the screen, which the checks below catch.
  if (pane.path !== '' && pane.path !== facts.session.path) return used('has changed folder');
  if (pane.windowActivity - facts.session.created > STARTUP_GRACE_S) return used('printed output after it started');
  if (facts.clients.some((client) => client.activity !== client.created)) return used('had keys pressed in it');
  if (!onlyAPrompt(facts.screen, pane.cursorX, pane.cursorY)) return used('shows commands typed at its prompt');
  return { untouched: true };
}

// Nothing below the cursor's line, nothing after the cursor, and the text before the cursor
// (the prompt) not starting any earlier line. No prompt before the cursor is untouched only
// on an empty screen: with text above, a command's output is shown and the shell has not yet
// drawn its next prompt.
function onlyAPrompt(screen: string, cursorX: number, cursorY: number): boolean {
  const lines = screen.split('\n').map((line) => line.trimEnd());
  if (lines.slice(cursorY + 1).some((line) => line !== '')) return false;
  const current = [...(lines[cursorY] ?? '')];
  if (current.slice(cursorX).join('').trim() !== '') return false;
  const prompt = current.slice(0, cursorX).join('').trim();
  const above = lines.slice(0, cursorY);
  if (prompt === '') return above.every((line) => line.trim() === '');
  return !above.some((line) => line.trimStart().startsWith(prompt));
}

// A tmux format, expanded in the session's pane, that is 1 while the pane is as the proof saw
// it: no new window or pane, output, scrollback, cursor move or key since.
export function unchangedFormat(pane: FirstPaneFacts, sessionActivity: number): string {
  const fields = ['#{session_windows}', '#{window_panes}', '#{history_size}', '#{cursor_x}', '#{cursor_y}', '#{window_activity}', '#{session_activity}'];
  const values = [1, 1, pane.history, pane.cursorX, pane.cursorY, pane.windowActivity, sessionActivity];
  return `#{==:${fields.join('|')},${values.join('|')}}`;
}
