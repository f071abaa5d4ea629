// The whole server as a save holds it, read in one tmux call plus one `ps`.
//
// automatic-rename: tmux-resurrect saves `show-window-options -v automatic-rename`, which
// prints only a value set on the window itself. No format says where an option was set:
// #{automatic-rename} is the window's effective value. So each window's value is compared
// with the global one, read in the same call from a list-commands format (it has no
// session, window or pane, so options expand to their global values): a window whose
// value differs from the global one set it, and is saved as `on`/`off`; one whose value
// equals the global is saved as `:` (unset). A window that set the global value itself
// is saved as unset, which restores to the same behaviour under the same configuration.
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import { CLAUDE_LAUNCH_OPTION, PROJECT_DIR_OPTION, ROLE_OPTION, TEMPLATE_OPTION } from '../workspace/plan.ts';
import { commandText, serverPidOfEnv, TmuxError, type FieldFormats, type ListQuery, type RecordOf, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import { parseRecords, recordFormat } from '../tmux/records.ts';
import { paneProgramFinder, readPaneProcessesAfter, readServerProcesses, type ProcessTable, type ServerProcesses } from '../programs/pane-commands.ts';
import { capturePaneContents, capturesContents, type CapturedContents, type PaneToCapture } from '../resurrect/pane-contents.ts';
import { SCREEN_STATE_FORMAT, SERVER_IDENTITY_FORMAT, type PreviousCapture } from '../resurrect/contents-reuse.ts';
import { readExtras, windowExtrasOf, type ServerExtras } from '../resurrect/snapshot-extras.ts';
import { WORKTREE_WINDOW_OPTION } from '../worktrees/windows.ts';
import {
  windowFlagsMeaning,
  type AutomaticRename,
  type SavedGroupedSession,
  type SavedPane,
  type SavedServer,
  type SavedState,
  type SavedWindow,
} from '../resurrect/format.ts';
import { DomainError } from '../util/errors.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

// Global option values a save needs ('' when unset).
export interface SaveSettings {
  readonly resurrectDir: string;
  readonly keepDays: string;
  /** Whether pane contents are kept with the save (ours or resurrect's option on). */
  readonly captureContents: boolean;
}

// What was read: the save's records with tmux's exact values, and the settings.
export interface ServerSnapshot {
  /** Exact values; the written file may hold some only approximately (see formatLimitations). */
  readonly server: SavedServer;
  readonly settings: SaveSettings;
  /** What the sidecar keeps beyond the file: workspace settings, environment, pane roles. */
  readonly extras: ServerExtras;
  /** Every saved pane's tmux id, addressed as in the save, with its screen state when contents are captured. */
  readonly paneIds: readonly PaneToCapture[];
  /** What part of the save was lost, e.g. full commands when ps could not run. */
  readonly warnings: readonly string[];
  /** The saved panes' contents, being captured (SnapshotOptions.contents); undefined when not captured. */
  readonly contents?: Promise<CapturedContents> | undefined;
}

// Which sessions to read, and the process table to take full commands from.
export interface SnapshotOptions {
  /** Save only this session (matched exactly); a grouped session brings its original's windows. */
  readonly sessionFilter?: string | undefined;
  /** The process table; read with ps when not given (tests pass their own). */
  readonly processTable?: ProcessTable;
  /** Commands run first in the same tmux call (they must print nothing). */
  readonly before?: readonly TmuxCommand[];
  /** Capture pane contents: always, or when either tool's capture option is on; default never. */
  readonly contents?: 'always' | 'when-on' | undefined;
  /** What the previous save captured (read from the save folder the settings name): panes whose
   * screen provably did not change since are not captured again. */
  readonly previousCapture?: ((settings: SaveSettings) => Promise<PreviousCapture | undefined>) | undefined;
}

// There is nothing to save: no server, no sessions, or no session by the name asked for.
export class NothingToSaveError extends DomainError {
  constructor(message: string) {
    super(`nothing to save: ${message}`);
    this.name = 'NothingToSaveError';
  }
}

const SETTINGS_FIELDS = {
  automaticRename: '#{automatic-rename}',
  resurrectDir: '#{@resurrect-dir}',
  keepDays: `#{${USER_OPTIONS.keepDays}}`,
  captureContents: `#{${USER_OPTIONS.capturePaneContents}}`,
  resurrectCapture: '#{@resurrect-capture-pane-contents}',
  server: SERVER_IDENTITY_FORMAT,
  pid: '#{pid}',
} as const;
const SESSION_FIELDS = {
  id: '#{session_id}',
  name: '#{session_name}',
  grouped: '#{session_grouped}',
  group: '#{session_group}',
  projectDir: `#{${PROJECT_DIR_OPTION}}`,
  template: `#{${TEMPLATE_OPTION}}`,
} as const;
const WINDOW_FIELDS = {
  sessionId: '#{session_id}',
  session: '#{session_name}',
  index: '#{window_index}',
  name: '#{window_name}',
  active: '#{window_active}',
  flags: '#{window_flags}',
  layout: '#{window_layout}',
  automaticRename: '#{automatic-rename}',
  worktree: `#{${WORKTREE_WINDOW_OPTION}}`,
} as const;
const PANE_FIELDS = {
  sessionId: '#{session_id}',
  session: '#{session_name}',
  windowIndex: '#{window_index}',
  windowActive: '#{window_active}',
  windowFlags: '#{window_flags}',
  index: '#{pane_index}',
  title: '#{pane_title}',
  path: '#{pane_current_path}',
  active: '#{pane_active}',
  command: '#{pane_current_command}',
  pid: '#{pane_pid}',
  id: '#{pane_id}',
  role: `#{${ROLE_OPTION}}`,
  startCommand: '#{pane_start_command}',
  claudeSessionId: `#{${PANE_OPTIONS.sessionId}}`,
  claudeState: `#{${PANE_OPTIONS.state}}`,
  claudeTranscript: `#{${PANE_OPTIONS.transcript}}`,
  claudeLaunch: `#{${CLAUDE_LAUNCH_OPTION}}`,
  historyId: `#{${WORKSPACE_OPTIONS.historyId}}`,
} as const;
const CLIENT_FIELDS = { session: '#{client_session}', lastSession: '#{client_last_session}', activity: '#{client_activity}' } as const;

type SessionRecord = RecordOf<typeof SESSION_FIELDS>;
type WindowRecord = RecordOf<typeof WINDOW_FIELDS>;
type PaneRecord = RecordOf<typeof PANE_FIELDS> & { readonly screen?: string };
type ClientRecord = RecordOf<typeof CLIENT_FIELDS>;

// With 'when-on', the screen states (contents-reuse.ts) are listed only when the capture options
// are as capturesContents captures with (ours `on`, or unset and tmux-resurrect's `on`): decided
// once by if-shell -F, not per pane in the pane format, where tmux still parses a skipped branch
// for every pane, and where any value set (`off` too) counted as true, so that a save with
// contents off read every pane's screen state.
const CAPTURE_ON = `#{?#{==:#{${USER_OPTIONS.capturePaneContents}},on},1,#{?#{${USER_OPTIONS.capturePaneContents}},0,#{==:#{@resurrect-capture-pane-contents},on}}}`;
const SCREEN_FIELDS = { id: '#{pane_id}', screen: SCREEN_STATE_FORMAT } as const;
type ScreenRecord = RecordOf<typeof SCREEN_FIELDS>;

// One record per tmux command (list-commands lists every command; the first is enough).
function queriesFor(contents: SnapshotOptions['contents']): readonly ListQuery<Record<string, string>>[] {
  const panes = contents === 'always' ? { ...PANE_FIELDS, screen: SCREEN_STATE_FORMAT } : PANE_FIELDS;
  return [
    { command: ['list-commands'], fields: SETTINGS_FIELDS },
    { command: ['list-sessions'], fields: SESSION_FIELDS },
    { command: ['list-windows', '-a'], fields: WINDOW_FIELDS },
    { command: ['list-panes', '-a'], fields: panes },
    { command: ['list-clients'], fields: CLIENT_FIELDS },
  ];
}

// Read every session, window, pane and the attached client's sessions in one tmux call.
export async function snapshotServer(client: TmuxClient, options: SnapshotOptions = {}): Promise<ServerSnapshot> {
  // Whole seconds before tmux lists anything: a window active before it printed nothing since.
  const listedAt = Math.floor(Date.now() / 1000);
  // Under a tmux server ($TMUX), its panes' processes are read from /proc while it lists them;
  // taken only when it is the server listed (#{pid}).
  let early: ServerProcesses | undefined;
  const serverPid = options.processTable === undefined ? serverPidOfEnv() : undefined;
  const meanwhile = serverPid === undefined ? undefined : () => void (early = readServerProcesses(serverPid, 'among-siblings'));
  const { records, screens } = await listAll(client, options.before ?? [], options.contents, meanwhile);
  const [settingsRecords = [], sessions = [], windows = [], listedPanes = [], clients = []] = records;
  const panes = withScreens(listedPanes as PaneRecord[], screens);
  const global = (settingsRecords[0] ?? {}) as Partial<RecordOf<typeof SETTINGS_FIELDS>>;
  const scope = savedScope(sessions as SessionRecord[], options.sessionFilter, client);
  const savedPaneRecords = panes.filter((pane) => scope.windowsOf.has(pane.sessionId));
  const layouts = new Map((windows as WindowRecord[]).map((window) => [`${window.sessionId}\t${window.index}`, window.layout]));
  const paneIds = savedPaneRecords.map((pane) => ({
    id: pane.id,
    session: pane.session,
    window: Number(pane.windowIndex),
    pane: Number(pane.index),
    // The window's layout too: where every pane of it sits, and how large it is.
    ...(pane.screen ? { screen: `${pane.screen} ${layouts.get(`${pane.sessionId}\t${pane.windowIndex}`) ?? ''}` } : {}),
  }));
  const captureContents = capturesContents(global.captureContents ?? '', global.resurrectCapture ?? '');
  const settings = { resurrectDir: global.resurrectDir ?? '', keepDays: global.keepDays ?? '', captureContents };
  const captures = options.contents === 'always' || (options.contents === 'when-on' && captureContents);
  // Started before the process table is read: tmux captures while this process reads /proc.
  const contents = captures ? captureWithPrevious(client, paneIds, { server: global.server ?? '', listedAt }, options.previousCapture?.(settings)) : undefined;
  // Awaited by the caller; handled here so that a save failing before it does (a held lock) reports its own error.
  contents?.catch(() => {});
  const table = options.processTable ?? readPaneProcessesAfter(early, Number(global.pid), panes.map((pane) => Number(pane.pid)), 'among-siblings');
  const warnings = 'error' in table ? [`full commands not saved: ${table.error}`] : [];
  const programOf = paneProgramFinder('error' in table ? [] : table.processes);
  const fullCommandOf = (pid: number) => programOf(pid)?.args ?? '';

  const savedPanes = panes.filter((pane) => scope.windowsOf.has(pane.sessionId)).map((pane) => toPane(pane, fullCommandOf));
  const savedWindows = (windows as WindowRecord[])
    .filter((window) => scope.windowsOf.has(window.sessionId))
    .map((window) => toWindow(window, global.automaticRename ?? ''));
  const groupedSessions = scope.grouped.map((member) => toGroupedSession(member, windows as WindowRecord[]));
  const savedNames = new Set([...savedPanes.map((pane) => pane.sessionName), ...groupedSessions.map((group) => group.sessionName)]);
  const savedSessions = (sessions as SessionRecord[]).filter((session) => scope.windowsOf.has(session.id));
  return {
    server: { panes: savedPanes, windows: savedWindows, groupedSessions, state: toState(clients as ClientRecord[], savedNames) },
    settings,
    paneIds,
    extras: {
      ...(await readExtras(client, savedSessions, savedPaneRecords, programOf)),
      windows: windowExtrasOf((windows as WindowRecord[]).filter((window) => scope.windowsOf.has(window.sessionId))),
    },
    warnings,
    contents,
  };
}

// The panes with the screen states listed apart ('when-on'), by pane id (listed in the same
// tmux call, so of the same moment).
function withScreens(panes: readonly PaneRecord[], screens: readonly ScreenRecord[]): readonly PaneRecord[] {
  if (screens.length === 0) return panes;
  const byId = new Map(screens.map((record) => [record.id, record.screen]));
  return panes.map((pane) => (byId.has(pane.id) ? { ...pane, screen: byId.get(pane.id) ?? '' } : pane));
}

// The previous save's record is read while nothing else waits on it; the capture then asks tmux
// only for the panes it cannot reuse.
async function captureWithPrevious(client: TmuxClient, panes: readonly PaneToCapture[], basis: { server: string; listedAt: number }, previous: Promise<PreviousCapture | undefined> | undefined): Promise<CapturedContents> {
  // Whatever went wrong reading it (a file half gone), the panes are captured.
  return capturePaneContents(client, panes, { ...basis, previous: await previous?.catch(() => undefined) });
}

async function listAll(client: TmuxClient, before: readonly TmuxCommand[], contents: SnapshotOptions['contents'], meanwhile: (() => void) | undefined): Promise<{ records: RecordOf<FieldFormats>[][]; screens: ScreenRecord[] }> {
  const screens = recordFormat(SCREEN_FIELDS);
  const after: TmuxCommand[] = contents === 'when-on' ? [['if-shell', '-F', CAPTURE_ON, commandText([['list-panes', '-a', '-F', screens.format]])]] : [];
  try {
    // -N: list-commands would start a server (loading the user's config) where none runs.
    const listed = await client.listManyThen(queriesFor(contents), after, { startServer: false, before, meanwhile });
    return { records: listed.records, screens: parseRecords(listed.after, screens) };
  } catch (error) {
    if (!(error instanceof TmuxError)) throw error;
    if (error.kind === 'no-server') throw new NothingToSaveError(error.message);
    // With no sessions, list-panes -a fails ("no current target") and takes the whole call with it.
    const left = await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}' } }).catch(() => undefined);
    if (left?.length === 0) throw new NothingToSaveError(`${client.serverLabel()} has no sessions`);
    throw error;
  }
}

interface SavedScope {
  /** Sessions whose windows and panes are saved, by id. */
  readonly windowsOf: ReadonlySet<string>;
  /** Sessions saved as a grouped_session line pointing at their group's original. */
  readonly grouped: readonly { readonly session: SessionRecord; readonly original: SessionRecord }[];
}

// Like resurrect: a group's first session (lowest id) is saved whole, the others as grouped_session lines.
function savedScope(sessions: readonly SessionRecord[], filter: string | undefined, client: TmuxClient): SavedScope {
  const groups = new Map<string, SessionRecord[]>();
  for (const session of sessions) {
    if (session.grouped !== '1') continue;
    const members = groups.get(session.group) ?? [];
    groups.set(session.group, [...members, session]);
  }
  const grouped = [...groups.keys()]
    .sort()
    .flatMap((name) => {
      const [original, ...others] = (groups.get(name) ?? []).sort((a, b) => idNumber(a) - idNumber(b));
      return original === undefined ? [] : others.map((session) => ({ session, original }));
    });
  const memberIds = new Set(grouped.map((member) => member.session.id));
  if (filter === undefined) {
    return { windowsOf: new Set(sessions.filter((s) => !memberIds.has(s.id)).map((s) => s.id)), grouped };
  }
  const wanted = sessions.find((session) => session.name === filter);
  if (wanted === undefined) throw new NothingToSaveError(`no session named ${JSON.stringify(filter)} on ${client.serverLabel()}`);
  const member = grouped.find((entry) => entry.session.id === wanted.id);
  if (member) return { windowsOf: new Set([member.original.id]), grouped: [member] };
  return { windowsOf: new Set([wanted.id]), grouped: [] };
}

function toPane(pane: PaneRecord, fullCommandOf: (pid: number) => string): SavedPane {
  return {
    sessionName: pane.session,
    windowIndex: Number(pane.windowIndex),
    windowActive: pane.windowActive === '1',
    windowFlags: pane.windowFlags,
    paneIndex: Number(pane.index),
    title: pane.title,
    path: pane.path,
    active: pane.active === '1',
    command: pane.command,
    fullCommand: fullCommandOf(Number(pane.pid)),
  };
}

function toWindow(window: WindowRecord, globalAutomaticRename: string): SavedWindow {
  return {
    sessionName: window.session,
    index: Number(window.index),
    name: window.name,
    active: window.active === '1',
    flags: window.flags,
    ...windowFlagsMeaning(window.flags),
    layout: window.layout,
    automaticRename: automaticRenameOf(window.automaticRename, globalAutomaticRename),
  };
}

// The window's own automatic-rename: set (on/off) when it differs from the global value.
function automaticRenameOf(effective: string, global: string): AutomaticRename {
  if (effective === global || (effective !== '1' && effective !== '0')) return undefined;
  return effective === '1' ? 'on' : 'off';
}

function toGroupedSession(member: SavedScope['grouped'][number], windows: readonly WindowRecord[]): SavedGroupedSession {
  const own = windows.filter((window) => window.sessionId === member.session.id);
  const indexWhere = (flag: string) => {
    const found = own.find((window) => window.flags.includes(flag));
    return found === undefined ? undefined : Number(found.index);
  };
  return {
    sessionName: member.session.name,
    originalSession: member.original.name,
    alternateWindowIndex: indexWhere('-'),
    activeWindowIndex: indexWhere('*'),
  };
}

// The most recently active client's session and last session, when they are among those saved.
function toState(clients: readonly ClientRecord[], saved: ReadonlySet<string>): SavedState {
  const latest = [...clients].sort((a, b) => Number(b.activity) - Number(a.activity))[0];
  const keep = (name: string | undefined) => (name && saved.has(name) ? name : undefined);
  return { clientSession: keep(latest?.session), clientLastSession: keep(latest?.lastSession) };
}

function idNumber(session: SessionRecord): number {
  return Number(session.id.slice(1));
}
