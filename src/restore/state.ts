// What a restore reads from the server first, in one tmux call: settings, sessions, clients,
// and (when the server has one session) what the proof of an untouched first session needs.
import { join } from 'node:path';
import { TmuxError, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { optionDefault, parseOption, USER_OPTIONS } from '../options/definitions.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';
import { stateDir } from '../util/state-dir.ts';
import { judgeFirstSession, madeAtServerStart, unchangedFormat, type FirstSessionVerdict } from './first-session.ts';
import { readPaneProcesses } from '../programs/pane-commands.ts';
import { PROCESS_SETTING_FIELDS, processSettingsFromValues, type ProcessRestoreSettings } from './process-restore.ts';

const SETTINGS_FIELDS = {
  resurrectDir: '#{@resurrect-dir}',
  defaultShell: '#{default-shell}',
  defaultCommand: '#{default-command}',
  startTime: '#{start_time}',
  host: '#{host}',
  baseIndex: '#{base-index}',
  claudeCommand: `#{${USER_OPTIONS.claudeCommand}}`,
  paneHistory: `#{${USER_OPTIONS.paneHistory}}`,
  ...PROCESS_SETTING_FIELDS,
} as const;
const SESSION_FIELDS = {
  id: '#{session_id}',
  name: '#{session_name}',
  windows: '#{session_windows}',
  created: '#{session_created}',
  activity: '#{session_activity}',
  path: '#{session_path}',
} as const;
const PANE_FIELDS = {
  sessionId: '#{session_id}',
  id: '#{pane_id}',
  pid: '#{pane_pid}',
  command: '#{pane_current_command}',
  path: '#{pane_current_path}',
  history: '#{history_size}',
  cursorX: '#{cursor_x}',
  cursorY: '#{cursor_y}',
  windowActivity: '#{window_activity}',
  historyId: `#{${WORKSPACE_OPTIONS.historyId}}`,
} as const;
// Without a first session to judge, only the panes' history ids are needed: the fields above
// make tmux look at every pane's process and folder, which costs a big server.
const HISTORY_FIELDS = { historyId: PANE_FIELDS.historyId } as const;
const CLIENT_FIELDS = { name: '#{client_name}', session: '#{client_session}', activity: '#{client_activity}', created: '#{client_created}' } as const;

type SessionRecord = RecordOf<typeof SESSION_FIELDS>;
type PaneRecord = RecordOf<typeof PANE_FIELDS>;
type ClientRecord = RecordOf<typeof CLIENT_FIELDS>;

// A server's only session, and whether it is provably untouched (see first-session.ts).
export interface FirstSession {
  readonly id: string;
  readonly name: string;
  /** Made when the server started (within seconds of it): the server is fresh. */
  readonly madeAtServerStart: boolean;
  readonly verdict: FirstSessionVerdict;
  /** Kill it only if this format, expanded in `pane`, is still 1: it was not used meanwhile. */
  readonly killCondition: { readonly pane: string; readonly format: string } | undefined;
}

export interface RestoreState {
  readonly settings: {
    readonly resurrectDir: string;
    readonly defaultShell: string;
    readonly defaultCommand: string;
    /** What starts Claude in a restored pane (@claude-sessions-claude-command). */
    readonly claudeCommand: string;
    readonly processes: ProcessRestoreSettings;
    /** @claude-sessions-pane-history: restored panes get their own command history back. */
    readonly paneHistory: boolean;
    /** The server's host name, every new pane's title (undefined: not read). */
    readonly newPaneTitle?: string | undefined;
    /** The index new-session gives a session's first window (undefined: not read). */
    readonly baseIndex?: number | undefined;
  };
  /** History ids of the panes running now (a restored pane never takes one of them). */
  readonly historyIds: ReadonlySet<string>;
  readonly sessions: readonly { readonly id: string; readonly name: string }[];
  /** The server's only session, judged; undefined when it has none or several. */
  readonly firstSession: FirstSession | undefined;
  /** The named client (or the most recently active one) and its session. */
  clientFor(name: string | undefined): { name: string; session: string } | undefined;
  /** Private folder where restored panes' contents wait to be shown. */
  readonly contentsDir: string;
}

// Read the state a restore plans against; `judgeFirstSession` (only the server-start restore
// may replace a session) also reads and judges the server's only session.
export async function readRestoreState(client: TmuxClient, options: { readonly judgeFirstSession?: boolean } = {}): Promise<RestoreState> {
  const settingsQuery = { command: ['list-commands'], fields: SETTINGS_FIELDS };
  const sessionsQuery = { command: ['list-sessions'], fields: SESSION_FIELDS };
  const clientsQuery = { command: ['list-clients'], fields: CLIENT_FIELDS };
  let records: RecordOf<Record<string, string>>[][];
  try {
    const paneFields = options.judgeFirstSession ? PANE_FIELDS : HISTORY_FIELDS;
    records = await client.listMany([settingsQuery, sessionsQuery, clientsQuery, { command: ['list-panes', '-a'], fields: paneFields }]);
  } catch (error) {
    // With no sessions (exit-empty off), list-panes -a has no target and fails.
    if (!(error instanceof TmuxError) || error.kind === 'no-server') throw error;
    records = [...(await client.listMany([settingsQuery, sessionsQuery, clientsQuery])), []];
  }
  const [settingsRecords = [], sessions = [], clients = [], panes = []] = records as [
    RecordOf<typeof SETTINGS_FIELDS>[],
    SessionRecord[],
    ClientRecord[],
    PaneRecord[],
  ];
  const settings = settingsRecords[0] ?? ({} as Partial<RecordOf<typeof SETTINGS_FIELDS>>);
  const values = { processes: '', defaultProcesses: '', vimStrategy: '', nvimStrategy: '', ...settings } as RecordOf<typeof SETTINGS_FIELDS>;
  return {
    settings: {
      resurrectDir: settings.resurrectDir ?? '',
      defaultShell: settings.defaultShell ?? '',
      defaultCommand: settings.defaultCommand ?? '',
      claudeCommand: settings.claudeCommand || optionDefault(USER_OPTIONS.claudeCommand),
      processes: processSettingsFromValues(values),
      paneHistory: parseOption(USER_OPTIONS.paneHistory, settings.paneHistory ?? ''),
      newPaneTitle: settings.host || undefined,
      baseIndex: /^\d+$/.test(settings.baseIndex ?? '') ? Number(settings.baseIndex) : undefined,
    },
    historyIds: new Set(panes.map((pane) => pane.historyId).filter((id) => id !== '')),
    sessions: sessions.map((session) => ({ id: session.id, name: session.name })),
    firstSession: options.judgeFirstSession ? await firstSessionOf(client, sessions, panes, clients, settings) : undefined,
    clientFor: (name) => {
      const chosen = name ? clients.find((c) => c.name === name) : [...clients].sort((a, b) => Number(b.activity) - Number(a.activity))[0];
      return chosen ? { name: chosen.name, session: chosen.session } : undefined;
    },
    contentsDir: join(stateDir(), 'restore-contents'),
  };
}

// The only session, with the proof's verdict: one more tmux call (its screen) and its
// shell's children from /proc (or ps), only when the server has exactly one session.
async function firstSessionOf(
  client: TmuxClient,
  sessions: readonly SessionRecord[],
  allPanes: readonly PaneRecord[],
  clients: readonly ClientRecord[],
  settings: Partial<RecordOf<typeof SETTINGS_FIELDS>>,
): Promise<FirstSession | undefined> {
  const [only] = sessions;
  if (sessions.length !== 1 || only === undefined) return undefined;
  const panes = allPanes.filter((pane) => pane.sessionId === only.id);
  const [pane] = panes;
  const screen = panes.length === 1 && pane ? await client.run(['capture-pane', '-p', '-t', pane.id]).catch(() => undefined) : '';
  const table = panes.length === 1 && pane ? readPaneProcesses([Number(pane.pid)]) : { processes: [] };
  const paneFacts = panes.map((entry) => ({
    command: entry.command,
    path: entry.path,
    history: Number(entry.history),
    cursorX: Number(entry.cursorX),
    cursorY: Number(entry.cursorY),
    windowActivity: Number(entry.windowActivity),
  }));
  const verdict =
    screen === undefined
      ? ({ untouched: false, reason: 'could not be read' } as const)
      : judgeFirstSession({
          serverStart: Number(settings.startTime),
          defaultShell: settings.defaultShell ?? '',
          session: { created: Number(only.created), windows: Number(only.windows), path: only.path },
          panes: paneFacts,
          clients: clients.filter((entry) => entry.session === only.name).map((entry) => ({ created: Number(entry.created), activity: Number(entry.activity) })),
          screen,
          children: 'error' in table ? undefined : table.processes.filter((entry) => String(entry.ppid) === pane?.pid).length,
        });
  const [facts] = paneFacts;
  const killCondition = verdict.untouched && pane && facts ? { pane: pane.id, format: unchangedFormat(facts, Number(only.activity)) } : undefined;
  return { id: only.id, name: only.name, madeAtServerStart: madeAtServerStart(Number(settings.startTime), Number(only.created)), verdict, killCondition };
}
