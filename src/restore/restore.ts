// Restoring a save into the running server (starting one if needed): one tmux call to read
// the server, one batch to build every missing session, then the saved programs typed into
// their panes. When it returns, the sessions are there.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exactSession, TmuxBatchError, TmuxError, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import { typeIntoPanes } from '../workspace/type-when-ready.ts';
import { waitForFirstPrompt } from './first-prompt.ts';
import { nearestFolder } from './nearest-folder.ts';
import { loadSave, type LoadedSave } from './read-save.ts';
import { hasSessionsToBuild, planRestore, type RestorePlan, type StartupSession } from './plan.ts';
import { END_OF_RESTORING, restoringMark } from '../options/restoring.ts';
import { nameToGive } from './plan-finish.ts';
import { programsToType } from './pane-programs.ts';
import { readRestoreState, type RestoreState } from './state.ts';
import { stagePaneContents } from '../resurrect/pane-contents.ts';
import { chooseSaveToRestore } from '../save/default-save.ts';
import { LOCK_FILE, resolveSaveDir } from '../resurrect/save-dir.ts';
import { acquireSaveLockToRead } from '../save/lock.ts';
import { DomainError } from '../util/errors.ts';
import { newHistoryId, readPaneHistorySetup } from '../workspace/pane-history.ts';

// What to restore and for whom.
export interface RestoreOptions {
  /** The save to restore; default: the one `last` points to in the save folder. */
  readonly file?: string | undefined;
  /** Restore only this session. */
  readonly sessionFilter?: string | undefined;
  /** The client to put back on its saved sessions; default: the most recently active one. */
  readonly clientName?: string | undefined;
  /** Server start: restore only into a fresh server (no sessions, or only the one it started with, replaced when untouched). */
  readonly auto?: boolean | undefined;
  /** Longest wait for a pane's shell before typing its program. */
  readonly readyTimeoutMs?: number | undefined;
  /** Resolves a --file argument against the save folder (default: the path as given). */
  readonly resolveFile?: ((dir: string, argument: string) => string) | undefined;
  /** Every pane starts this argv instead of a shell or its saved contents (verify: nothing of the user's runs). */
  readonly paneCommand?: readonly string[] | undefined;
  /** false: programs are planned (RestoreResult.plannedPrograms) but never typed. */
  readonly typePrograms?: boolean | undefined;
  /** Settings that replace the server's own (verify plans with the user's server's settings). */
  readonly settings?: Partial<RestoreState['settings']> | undefined;
}

// What a restore did.
export interface RestoreResult {
  readonly file: string;
  readonly restored: readonly string[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** Folders that fell back, layouts not used, names changed, programs not started in time. */
  readonly notes: readonly string[];
  /** Lines of the file that were skipped or doubted. */
  readonly warnings: readonly string[];
  readonly panes: number;
  /** Programs typed into restored panes. */
  readonly programs: number;
  /** With typePrograms false: what would have been typed, by pane id. */
  readonly plannedPrograms?: readonly { readonly paneId: string; readonly program: string }[];
}

// No save to restore, or the server was not fresh for an automatic restore.
export class NothingToRestoreError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'NothingToRestoreError';
  }
}

// The batch failed (the server changed under it): whatever it made was removed again.
export class RestoreFailedError extends DomainError {
  constructor(message: string) {
    super(`restore failed, nothing was changed: ${message}`);
    this.name = 'RestoreFailedError';
  }
}

const HOLD_SESSION = 'claude-sessions-restore-hold';

// Restore a save; see RestoreOptions. Throws NothingToRestoreError, SaveUnreadableError,
// ResurrectFormatError (the file) or RestoreFailedError (tmux refused the batch).
export async function restoreServer(client: TmuxClient, options: RestoreOptions = {}): Promise<RestoreResult> {
  const held = await startServerIfNeeded(client);
  // Only the server-start restore may replace a session, and never the hold session we made.
  const judgeFirstSession = Boolean(options.auto) && held === undefined;
  const readState = async () => withSettings(await readRestoreState(client, { judgeFirstSession }), options.settings);
  if (judgeFirstSession) await waitForFirstPrompt(client);
  let state = await readState();
  try {
    const dir = resolveSaveDir(state.settings.resurrectDir);
    const chosen = chooseSaveToRestore(dir, options.file === undefined ? undefined : (options.resolveFile?.(dir, options.file) ?? options.file));
    const file = chosen.file;
    if (file === undefined) throw new NothingToRestoreError(`no save to restore in ${dir} (${chosen.note ?? '`last` is missing'})`);
    const save = loadSave(file);
    // Holds saves off while the server is read and built; a folder nobody can write needs none.
    const lock = await acquireSaveLockToRead(join(dir, LOCK_FILE));
    let plan: RestorePlan;
    try {
      if (lock.waited) state = await readState();
      plan = await buildAndRun(client, save, state, options, held);
    } finally {
      lock.release();
    }
    if (options.typePrograms === false) {
      const planned = await plannedPrograms(client, save, plan, state);
      return { ...resultOf(file, chosen.note, plan, save, { count: 0, notes: [] }), plannedPrograms: planned };
    }
    const typed = await startPrograms(client, save, plan, state, options.readyTimeoutMs);
    return resultOf(file, chosen.note, plan, save, typed);
  } finally {
    if (held !== undefined) await client.run(['kill-session', '-t', held]).catch(() => undefined);
  }
}

// The state with some settings replaced.
function withSettings(state: RestoreState, settings: RestoreOptions['settings']): RestoreState {
  return settings === undefined ? state : { ...state, settings: { ...state.settings, ...settings } };
}

function resultOf(file: string, chosenNote: string | undefined, plan: RestorePlan, save: LoadedSave, typed: { count: number; notes: readonly string[] }): RestoreResult {
  return {
    file,
    restored: plan.sessions.map((session) => session.name),
    skipped: plan.skipped,
    notes: [...(chosenNote === undefined ? [] : [chosenNote]), ...plan.notes, ...typed.notes],
    warnings: save.warnings,
    panes: plan.sessions.reduce((sum, session) => sum + session.windows.reduce((n, window) => n + window.panes.length, 0), 0),
    programs: typed.count,
  };
}

// With no server (or one without sessions, where formats have no target to expand in),
// start one on a session of ours, loading the user's config (which may set @resurrect-dir);
// it is the startup session the restore replaces. Its pane runs sleep directly, not the
// user's shell: a shell that exits at once (nologin, a broken rc) would take the session,
// and the server with it, away mid-restore.
async function startServerIfNeeded(client: TmuxClient): Promise<string | undefined> {
  const sessions = await sessionsOnceSettled(client);
  if (sessions.length > 0) return undefined;
  const name = `${HOLD_SESSION}-${randomBytes(4).toString('hex')}`;
  return (await client.run(['new-session', '-d', '-s', name, '-P', '-F', '#{session_id}', '--', 'sleep', '2147483647'])).trim();
}

// How long a server may go on answering "server exited unexpectedly" once it has started to.
const SHUTDOWN_WAIT_MS = 60_000;

// The server's sessions ([] with no server). kill-server returns before the server is gone:
// while it frees its panes (seconds for a thousand panes with scrollback) a client's
// connection waits unanswered, and is then closed with "server exited unexpectedly"; a server
// that is not going away never answers so. Wait while it answers so, however long a call
// waited, up to SHUTDOWN_WAIT_MS after its first such answer.
async function sessionsOnceSettled(client: TmuxClient): Promise<readonly unknown[]> {
  let deadline: number | undefined;
  for (;;) {
    try {
      return await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}' } });
    } catch (error) {
      if (!(error instanceof TmuxError)) throw error;
      if (error.kind === 'no-server') return [];
      if (!/server exited unexpectedly/.test(error.message)) throw error;
      deadline ??= Date.now() + SHUTDOWN_WAIT_MS;
      if (Date.now() > deadline) {
        throw new RestoreFailedError(`the tmux server on ${client.serverLabel()} is still shutting down after ${SHUTDOWN_WAIT_MS / 1000} s; try again once it is gone`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function buildAndRun(client: TmuxClient, save: LoadedSave, state: RestoreState, options: RestoreOptions, held: string | undefined): Promise<RestorePlan> {
  const first = firstSessionToReplace(client, state, options, held);
  const startup = first.startup;
  const tempPrefix = `claude-sessions-restoring-${randomBytes(4).toString('hex')}-`;
  const existing = new Set(state.sessions.map((session) => session.name));
  // With every saved session already there (prefix C-r twice), nothing is built: a big save's
  // contents are not unpacked and the history setup is not read.
  const building = startup !== undefined || hasSessionsToBuild(save.server, existing, options.sessionFilter);
  const contents = !building ? NO_CONTENTS : options.paneCommand === undefined ? await stagePaneContents(save.file, save.sha256, state.contentsDir) : sameCommandForEveryPane(options.paneCommand);
  const planned = planRestore({
    server: save.server,
    extras: save.extras,
    existing,
    sessionFilter: options.sessionFilter,
    folderFor: nearestFolder,
    startCommandFor: contents.startCommandFor(state.settings.defaultShell, state.settings.defaultCommand),
    newPaneTitle: state.settings.newPaneTitle,
    baseIndex: state.settings.baseIndex,
    tempPrefix,
    restoringMark: restoringMark(),
    client: state.clientFor(options.clientName),
    startup,
    history: building ? await restoredHistory(client, state) : undefined,
  });
  const plan = { ...planned, notes: [...first.notes, ...planned.notes] };
  if (plan.commands.length === 0) {
    contents.discard();
    return plan;
  }
  const tag = `claude-sessions-made-${randomBytes(4).toString('hex')} `;
  try {
    // Without grouped sessions, the last commands ride in the same tmux call.
    await client.batch(withIdsPrinted(plan.groups.length === 0 ? [...plan.commands, ...plan.after] : plan.commands, tag), { locateFailure: true });
  } catch (error) {
    contents.discard();
    if (!(error instanceof TmuxError)) throw error;
    const made = error instanceof TmuxBatchError ? idsPrinted(error.output, tag) : [];
    await undoPartialRestore(client, made, tempPrefix, startup);
    throw new RestoreFailedError(error.message);
  }
  const failed = plan.groups.length === 0 ? [] : await createGroups(client, plan.groups);
  if (plan.groups.length > 0) await client.batch(plan.after).catch(() => undefined);
  await client.batch(END_OF_RESTORING).catch(() => undefined);
  const kept = startup?.killCondition === undefined ? [] : await keepIfUsedMeanwhile(client, startup, tempPrefix);
  return {
    ...plan,
    sessions: plan.sessions.filter((session) => !failed.some((f) => f.name === session.name)),
    skipped: [...plan.skipped, ...failed],
    notes: [...plan.notes, ...kept],
  };
}

// Restored panes get their own history back, unless @claude-sessions-pane-history is off or
// panes start a shell we leave alone.
async function restoredHistory(client: TmuxClient, state: RestoreState) {
  if (!state.settings.paneHistory) return undefined;
  const setup = await readPaneHistorySetup(client);
  return setup && { setup, inUse: state.historyIds, newId: newHistoryId };
}

// The session a restore may replace: the hold session it started itself, or (server start
// only) a fresh server's first session when provably untouched; a manual restore kills
// nothing of the user's. Throws for --auto on a server that is not fresh.
function firstSessionToReplace(client: TmuxClient, state: RestoreState, options: RestoreOptions, held: string | undefined): { startup: StartupSession | undefined; notes: string[] } {
  if (held !== undefined) {
    const own = state.sessions.find((session) => session.id === held);
    return { startup: own && { id: own.id, name: own.name }, notes: [] };
  }
  if (!options.auto || state.sessions.length === 0) return { startup: undefined, notes: [] };
  const first = state.firstSession;
  if (first === undefined || !first.madeAtServerStart) {
    throw new NothingToRestoreError(`${client.serverLabel()} already has sessions; an automatic restore only fills a fresh server`);
  }
  if (!first.verdict.untouched || first.killCondition === undefined) {
    const why = first.verdict.untouched ? 'could not be checked again' : first.verdict.reason;
    return { startup: undefined, notes: [`session ${JSON.stringify(first.name)} was kept: it ${why}`] };
  }
  return { startup: { id: first.id, name: first.name, killCondition: first.killCondition }, notes: [] };
}

// new-session commands print the new session's id after `tag`, so that a failed batch can
// remove exactly what it made.
function withIdsPrinted(commands: readonly TmuxCommand[], tag: string): TmuxCommand[] {
  return commands.map((command) => (command[0] === 'new-session' ? ['new-session', '-P', '-F', `${tag}#{session_id}`, ...command.slice(1)] : command));
}

function idsPrinted(output: string, tag: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(tag)).map((line) => line.slice(tag.length));
}

// A first session used while the restore ran was not killed (the condition failed): give it
// its name back when free, and say so.
async function keepIfUsedMeanwhile(client: TmuxClient, startup: StartupSession, tempPrefix: string): Promise<string[]> {
  const sessions = await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}', name: '#{session_name}' } }).catch(() => []);
  const kept = sessions.find((session) => session.id === startup.id);
  if (kept === undefined) return [];
  let name = kept.name;
  // Moved aside because a restored session took its name: its own name, else NAME-kept.
  if (name.startsWith(tempPrefix)) {
    const taken = new Set(sessions.map((session) => session.name));
    for (const candidate of [startup.name, `${startup.name}-kept`]) {
      if (taken.has(candidate)) continue;
      const renamed = await client.run(['rename-session', '-t', startup.id, '--', nameToGive(candidate)]).then(() => true, () => false);
      if (renamed) name = candidate;
      break;
    }
  }
  return [`session ${JSON.stringify(startup.name)} was used while the restore ran, so it was kept${name === startup.name ? '' : ` (as ${JSON.stringify(name)})`}`];
}

// Grouped sessions, each made from its original's $id (tmux names the group after the
// original's name at that moment, so the original must already have its final name).
async function createGroups(client: TmuxClient, groups: RestorePlan['groups']): Promise<{ name: string; reason: string }[]> {
  const sessions = await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}', name: '#{session_name}' } });
  const failed: { name: string; reason: string }[] = [];
  for (const group of groups) {
    const original = sessions.find((session) => session.name === group.original);
    if (original === undefined) {
      failed.push({ name: group.name, reason: `its group's session ${JSON.stringify(group.original)} is gone` });
      continue;
    }
    const target = exactSession(group.temp);
    try {
      await client.batch([
        ['new-session', '-d', '-s', group.temp, '-t', original.id],
        ...group.selectWindows.map((index) => ['select-window', '-t', `${target}${index}`]),
        ['rename-session', '-t', target, '--', nameToGive(group.name)],
      ]);
    } catch (error) {
      if (!(error instanceof TmuxError)) throw error;
      await client.run(['kill-session', '-t', target]).catch(() => undefined);
      failed.push({ name: group.name, reason: `tmux refused it: ${error.message}` });
    }
  }
  return failed;
}

// Remove what a failed batch made: the sessions whose ids it printed (under temporary or
// final names), and any left under its temporary names; give the startup session back its
// name, and end the restoring (END_OF_RESTORING).
async function undoPartialRestore(client: TmuxClient, made: readonly string[], tempPrefix: string, startup: StartupSession | undefined): Promise<void> {
  const sessions = await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}', name: '#{session_name}' } }).catch(() => []);
  const ours = new Set(made);
  const commands: TmuxCommand[] = sessions
    .filter((session) => session.id !== startup?.id && (ours.has(session.id) || session.name.startsWith(tempPrefix)))
    .map((session) => ['kill-session', '-t', session.id]);
  if (startup && sessions.some((session) => session.id === startup.id && session.name !== startup.name)) {
    commands.push(['rename-session', '-t', startup.id, '--', nameToGive(startup.name)]);
  }
  commands.push(...END_OF_RESTORING);
  // One call each: a command that fails (a session gone meanwhile) must not stop the others.
  for (const command of commands) await client.run(command).catch(() => undefined);
}

// Pane start commands when nothing is built.
const NO_CONTENTS = { startCommandFor: () => () => undefined, discard: () => {} };

// Pane start commands when every pane runs the same argv (no saved contents shown).
function sameCommandForEveryPane(argv: readonly string[]) {
  return { startCommandFor: () => () => argv, discard: () => {} };
}

// What startPrograms would type, by pane id, with nothing typed.
async function plannedPrograms(client: TmuxClient, save: LoadedSave, plan: RestorePlan, state: RestoreState) {
  if (plan.sessions.length === 0) return [];
  const panes = await client.list({
    command: ['list-panes', '-a'],
    fields: { session: '#{session_name}', window: '#{window_index}', index: '#{pane_index}', id: '#{pane_id}' },
  });
  return programsToType(plan, save, panes, state).map((entry) => ({ paneId: entry.paneId, program: entry.type.join('') }));
}

// Type each restored pane's program (per @resurrect-processes, or the agent seam) once its shell is up.
async function startPrograms(client: TmuxClient, save: LoadedSave, plan: RestorePlan, state: RestoreState, readyTimeoutMs: number | undefined) {
  const names = new Set(plan.sessions.filter((session) => session.groupOf === undefined).map((session) => session.name));
  if (names.size === 0) return { count: 0, notes: [] as string[] };
  const panes = await client.list({
    command: ['list-panes', '-a'],
    fields: { session: '#{session_name}', window: '#{window_index}', index: '#{pane_index}', id: '#{pane_id}' },
  });
  const entries = programsToType(plan, save, panes, state);
  if (entries.length === 0) return { count: 0, notes: [] as string[] };
  const typed = await typeIntoPanes(client, entries, { timeoutMs: readyTimeoutMs });
  const notes = typed.late.length > 0 ? [`no shell prompt in time in pane(s) ${typed.late.join(', ')}; their programs were typed anyway`] : [];
  return { count: entries.length - typed.missing.length, notes };
}
