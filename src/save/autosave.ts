// Saves nobody asked for: one after clients stop detaching, and one per interval from a
// chain of tmux timers (`run-shell -d`), one chain per server. They never print: what they
// did goes to events.log, since tmux would show a background job's output in a pane.
// A timed save is followed by a cleanup when @claude-sessions-cleanup-after is set.
// With tmux-continuum on the server, each tick keeps continuum's last-save time at the next
// tick, so continuum's own autosave never comes due: one autosave, ours.
import { parseOption, STATE_OPTIONS, USER_OPTIONS } from '../options/definitions.ts';
import { formatLiteral, type TmuxClient } from '../tmux/index.ts';
import { shellWord } from '../util/shell-words.ts';
import { PEER_OPTIONS } from '../options/peers.ts';
import { appendLog } from '../util/state-dir.ts';
import { endOfStaleRestoring, restoringState } from '../options/restoring.ts';

const INTERVAL_OPTION = USER_OPTIONS.saveInterval;
const CLEANUP_OPTION = USER_OPTIONS.cleanupAfter;
const VERIFY_OPTION = USER_OPTIONS.verifyAfterSave;
// Chain ids are made by the entrypoint; anything else in the option is not ours to run.
const CHAIN_ID = /^[\w.-]{1,64}$/;

const STATE_QUERY = {
  command: ['display-message', '-p'],
  fields: {
    timer: `#{${STATE_OPTIONS.autosaveTimer}}`,
    interval: `#{${INTERVAL_OPTION}}`,
    continuumInterval: `#{${PEER_OPTIONS.continuumSaveInterval}}`,
    continuumLastSave: `#{${PEER_OPTIONS.continuumLastSave}}`,
    detachSeq: `#{${STATE_OPTIONS.detachSeq}}`,
    restoring: `#{${STATE_OPTIONS.restoring}}`,
    cleanupAfter: `#{${CLEANUP_OPTION}}`,
    verifyAfterSave: `#{${VERIFY_OPTION}}`,
  },
  formatLast: true,
} as const;

// The timer chain alive on a server, as @claude-sessions-autosave-timer holds it.
export interface TimerChain {
  readonly id: string;
  /** The interval option's value (minutes) when the chain last ticked. */
  readonly minutes: string;
  /** When the next tick is due, in seconds since the epoch. */
  readonly due: number;
}

// The chain in "ID MINUTES DUE"; undefined when unset or not in that shape.
export function parseTimer(text: string): TimerChain | undefined {
  const [id, minutes, due, ...rest] = text.split(' ');
  if (id === undefined || minutes === undefined || due === undefined || rest.length > 0) return undefined;
  if (!CHAIN_ID.test(id) || !/^\d+$/.test(due)) return undefined;
  return { id, minutes, due: Number(due) };
}

// The interval option as minutes: its value when it is a number, else the default.
export function intervalMinutes(value: string): string {
  return parseOption(INTERVAL_OPTION, value);
}

// The interval in minutes and the option it came from: ours when set, else tmux-continuum's
// when set (the entrypoint decides the same way), else the default.
export function effectiveInterval(ours: string, continuum: string): { minutes: string; from: string } {
  if (ours === '' && continuum !== '') return { minutes: intervalMinutes(continuum), from: PEER_OPTIONS.continuumSaveInterval };
  return { minutes: intervalMinutes(ours), from: INTERVAL_OPTION };
}

// Seconds between two ticks for an interval in minutes: 0 means no autosave, else at least 1.
export function intervalSeconds(minutes: string): number {
  const value = Number(intervalMinutes(minutes));
  if (value === 0) return 0;
  return Math.max(1, Math.round(value * 60 * 1000) / 1000);
}

// Save after a client detached, unless another detach came since (it will save instead).
export async function saveAfterDetach(client: TmuxClient, seq: string | undefined): Promise<void> {
  const state = await readState(client);
  if (seq === undefined || seq !== state.detachSeq) return;
  if (await restoreRuns(client, state.restoring, 'client-detached')) return void appendLog('events.log', 'client-detached: not saved while a restore runs');
  const outcome = await quietSave(client, state.verifyAfterSave);
  if (outcome.logged) appendLog('events.log', `client-detached ${seq}: ${outcome.text}`);
}

// The cleanup a tick runs after its save (cleanup/background.ts, passed in by the event command:
// cleanup kills through a save, so save/ cannot import it); the lines worth logging.
export type TickCleanup = (client: TmuxClient, setting: string) => Promise<string[]>;

// One tick of chain ID: stop when another chain took over or the interval became 0; else
// schedule the next tick first (so a failed save never ends the chain), then save.
export async function autosaveTick(client: TmuxClient, id: string, tick: number, cleanup: TickCleanup): Promise<void> {
  const state = await readState(client);
  const chain = parseTimer(state.timer);
  const label = `autosave-tick ${id} ${tick}`;
  if (chain?.id !== id) return void appendLog('events.log', `${label}: stopped, not the live chain`);
  const { minutes, from } = effectiveInterval(state.interval, state.continuumInterval);
  const seconds = intervalSeconds(minutes);
  if (seconds === 0) {
    await client.run(['set-option', '-gu', STATE_OPTIONS.autosaveTimer]);
    const continuum = state.continuumLastSave === '' ? '' : '; tmux-continuum saves on its own schedule again';
    return void appendLog('events.log', `${label}: stopped, ${from} is 0${continuum}`);
  }
  const due = Math.floor(Date.now() / 1000) + Math.ceil(seconds);
  // Set by the entrypoint or by continuum itself: continuum is on this server.
  const holdContinuum = state.continuumLastSave !== '';
  await client.batch([
    ['set-option', '-g', STATE_OPTIONS.autosaveTimer, `${id} ${minutes} ${due}`],
    ['run-shell', '-b', '-d', seconds.toFixed(3), `#{q:${STATE_OPTIONS.bin}} event autosave-tick ${id} ${tick + 1}`],
    ...(holdContinuum ? [['set-option', '-g', PEER_OPTIONS.continuumLastSave, String(due)]] : []),
  ]);
  const held = holdContinuum ? `; tmux-continuum's autosave skipped, held off until ${new Date(due * 1000).toISOString()}` : '';
  if (await restoreRuns(client, state.restoring, label)) return void appendLog('events.log', `${label}: not saved while a restore runs${held}`);
  appendLog('events.log', `${label}: ${(await quietSave(client, state.verifyAfterSave)).text}${held}`);
  if (state.cleanupAfter.trim() !== '') await quietCleanup(client, state.cleanupAfter, label, cleanup);
}

// Cleanup after the tick's save when @claude-sessions-cleanup-after is set: what it
// killed and what failed go to events.log.
async function quietCleanup(client: TmuxClient, setting: string, label: string, cleanup: TickCleanup): Promise<void> {
  let lines: string[];
  try {
    lines = await cleanup(client, setting);
  } catch (error) {
    lines = [`cleanup: ${error instanceof Error ? error.message : String(error)}`];
  }
  for (const line of lines) appendLog('events.log', `${label}: ${line}`);
}

// Whether a restore is building sessions (no save now). A flag that a restore left behind is
// cleared instead, with a line in events.log, and the save goes ahead.
async function restoreRuns(client: TmuxClient, flag: string, label: string): Promise<boolean> {
  const state = restoringState(flag);
  if (state === 'stale') {
    await client.run(endOfStaleRestoring(flag)).catch(() => undefined);
    appendLog('events.log', `${label}: cleared the restoring flag (${JSON.stringify(flag)}) that a restore which did not end left set`);
  }
  return state === 'running';
}

async function readState(client: TmuxClient) {
  const [record] = await client.list(STATE_QUERY);
  return { timer: '', interval: '', continuumInterval: '', continuumLastSave: '', detachSeq: '', restoring: '', cleanupAfter: '', verifyAfterSave: '', ...record };
}

// Save the whole server; what happened, as one line, and whether it is worth a log line
// when nothing asks for one (failures, nothing to save, warnings).
async function quietSave(client: TmuxClient, verifyAfterSave: string): Promise<{ text: string; logged: boolean }> {
  // Loaded on demand: saving brings node:crypto, which the other events must not pay for.
  const save = await import('./save.ts');
  try {
    const result = await save.saveServer(client, {});
    const warnings = result.warnings.map((warning) => `; ${warning}`).join('');
    const what = result.unchanged ? `unchanged since ${result.file}` : `saved ${result.sessions} session${result.sessions === 1 ? '' : 's'} to ${result.file}`;
    if (!result.unchanged && parseOption(VERIFY_OPTION, verifyAfterSave)) await verifyInBackground(client, result.file);
    return { text: `${what}${warnings}`, logged: warnings !== '' };
  } catch (error) {
    return { text: error instanceof Error ? error.message : String(error), logged: true };
  }
}

// `verify --quiet FILE` as a tmux background job: the save is not held up by it, and its
// result goes to events.log and the record doctor shows. The path is quoted for the shell
// run-shell starts, then protected from format expansion.
async function verifyInBackground(client: TmuxClient, file: string): Promise<void> {
  await client.run(['run-shell', '-b', `#{q:${STATE_OPTIONS.bin}} verify --quiet -- ${formatLiteral(shellWord(file))}`]).catch(() => undefined);
}
