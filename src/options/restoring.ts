// The restoring flag (STATE_OPTIONS.restoring): set while a restore or an import builds
// sessions, which the plugin's session-created and layout-count hooks then skip and no autosave
// interrupts. It holds the builder's PID and the second it began, so that a flag a restore left
// behind (killed in the middle of its batch) is told from a live one and cleared, instead of
// holding every autosave off for the rest of the server's life.
import { commandText, type TmuxCommand } from '../tmux/index.ts';
import { isProcessAlive } from '../util/process-alive.ts';
import { LAYOUT_EPOCH_NEXT, STATE_OPTIONS } from './definitions.ts';
import { formatText } from './key-formats.ts';

// A flag whose PID is gone is left alone this long (the PID may be another namespace's: a
// restore run in a container on a shared socket) ...
const GONE_AFTER_SECONDS = 60;
// ... and any flag this long, though its PID lives (reused): a 1,000-pane restore builds in seconds.
const HELD_AT_MOST_SECONDS = 30 * 60;

// The flag's value for a restore run by this process, begun now: "PID SECONDS".
export function restoringMark(pid: number = process.pid, nowMs: number = Date.now()): string {
  return `${pid} ${Math.floor(nowMs / 1000)}`;
}

// What the flag's value says: no restore, one running, or one that ended without clearing it.
// A value not in the mark's shape ('1', from a version before marks) is stale: nothing tells a
// live restore by it, and a restore builds in seconds.
export function restoringState(value: string, nowMs: number = Date.now(), alive: (pid: number) => boolean = isProcessAlive): 'none' | 'running' | 'stale' {
  if (value === '') return 'none';
  const mark = /^(\d+) (\d+)$/.exec(value);
  if (!mark) return 'stale';
  const age = nowMs / 1000 - Number(mark[2]);
  if (age >= HELD_AT_MOST_SECONDS) return 'stale';
  return age >= GONE_AFTER_SECONDS && !alive(Number(mark[1])) ? 'stale' : 'running';
}

// How a restore or an import begins: the flag set to its mark.
export function startOfRestoring(mark: string): TmuxCommand {
  return ['set-option', '-g', STATE_OPTIONS.restoring, mark];
}

// How every restore and import ends, built or undone (and how a stale flag is cleared), in a tmux
// call of its own after the builder's: tmux runs the hooks a command fires only once the whole
// call is over, so the flag cleared in the same call would read as cleared by every hook of the
// restore. The flag cleared, then the layout epoch moved on (the layout hooks skip while it is
// set: a save made before is not reused).
export const END_OF_RESTORING: readonly TmuxCommand[] = [
  ['set-option', '-gu', STATE_OPTIONS.restoring],
  ['set-option', '-gF', STATE_OPTIONS.layoutEpoch, LAYOUT_EPOCH_NEXT],
];

// END_OF_RESTORING for a flag found stale, as one command that runs it only while the flag still
// holds that value: a restore begun since it was read keeps its own.
export function endOfStaleRestoring(value: string): TmuxCommand {
  return ['if-shell', '-F', `#{==:#{${STATE_OPTIONS.restoring}},${formatText(value)}}`, commandText(END_OF_RESTORING)];
}
