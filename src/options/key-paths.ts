// What the Node-free key paths (scripts/key-paths.sh, run by the shim for prefix W and prefix N)
// share with the TypeScript: the values and rules the shell must apply exactly as Node does.
// scripts/build.mjs writes them into dist/key-paths.sh; the key table builds its formats here.
import { PANE_OPTIONS } from './agent.ts';

// The @claude-state value of an agent that waits for the user.
export const WAITING_STATE = 'waiting';

// A since value both sides read as a number (POSIX ERE for tmux's #{m/r:}, RegExp source for TS);
// anything else is unknown and sorts last.
export const SINCE_PATTERN = '^[0-9]+$';

// Longest since (leading zeros dropped) the shell compares itself: shell arithmetic and JS
// numbers agree exactly up to here; a longer one hands the key to Node.
export const EXACT_SINCE_DIGITS = 15;

// What prefix W says in the message line when no agent waits (both paths).
export const NO_WAITING_MESSAGE = 'no agent is waiting';

// The script the keys source, beside scripts/claude-sessions.
export const KEY_PATHS_SCRIPT = 'key-paths.sh';

// What the keys ask scripts/key-paths.sh to do; Node never sees these (it gets next-waiting or new).
export const KEY_PATH_COMMANDS = { nextWaiting: 'key-next-waiting', newWorkspace: 'key-new' } as const;

// Every waiting pane of the server as "%ID:SINCE " words (SINCE empty when not digits), in
// list-panes -a order, expanded by tmux in the key's own run-shell: only pane ids, digits,
// ':' and spaces, so no pane option value ever reaches the shell.
export function waitingPanesFormat(): string {
  const since = `#{${PANE_OPTIONS.since}}`;
  const digits = `#{?#{m/r:${SINCE_PATTERN},${since}},${since},}`;
  return `#{S:#{W:#{P:#{?#{==:#{${PANE_OPTIONS.state}},${WAITING_STATE}},#{pane_id}:${digits} ,}}}}`;
}

// tmux's #{q:} escapes the shell's syntax but not control characters: a newline in a quoted
// value still ends the shell command. A POSIX ERE for #{m/r:} (tmux >= 3.0) matching any of them.
export const CONTROL_CHARACTER_PATTERN = '[[:cntrl:]]';

// A tmux format that is 1 when any of these formats expands to text holding a control
// character: the keys test it in tmux and then hand such text to Node without any shell.
export function holdsControlCharacter(formats: readonly string[]): string {
  return `#{m/r:${CONTROL_CHARACTER_PATTERN},${formats.join('')}}`;
}
